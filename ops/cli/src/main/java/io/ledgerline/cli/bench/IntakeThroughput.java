package io.ledgerline.cli.bench;

import io.ledgerline.account.AccountCommand;
import io.ledgerline.command.processing.CommandProcessorConfig;
import io.ledgerline.command.processing.CommandProcessorStreams;
import io.ledgerline.command.processing.CommandProcessorTopology;
import io.ledgerline.devkit.Directories;
import io.ledgerline.mapping.CommandMapper;
import io.ledgerline.message.CommandEnvelope;
import io.ledgerline.message.CommandMetadata;
import io.ledgerline.registry.SchemaRegistryClient;
import io.ledgerline.registry.SchemaRegistryClients;
import io.ledgerline.topics.LedgerHeaders;
import io.ledgerline.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Kafka intake throughput with exactly-once: the command processor runs in this process; a plain producer sends
 * deposit commands in the Confluent wire format to {@code ledger.commands} and a {@code read_committed} consumer
 * counts their outcomes on {@code ledger.command-results}. Two rates of the timed deposits: the whole run, from
 * the first send to the last outcome, and the steady window ({@link SteadyWindow}: from 10 % to 90 % of the
 * outcomes, so neither the start nor the drain), each with its CPU per command.
 * In the same run, the same records (same keys, bytes and headers) go through the same producer settings to a
 * scratch topic, once before the processor starts and once after it stopped: the raw producer's rate (the faster
 * of the two), the ceiling of what the log alone accepts on this machine.
 *
 * <p>Every command is encoded before the clock starts (through {@code Topics.COMMANDS}' serde and the registry), so
 * both figures time Kafka and the processor, not the encoder (warm-up rounds are encoded between rounds). Phases:
 * raw producer (warm-up, then timed), processor start, account openings, warm-up rounds until the JIT is quiet
 * (each awaited), timed deposits, raw producer again.
 */
final class IntakeThroughput {

    /**
     * What to run.
     *
     * @param warmupCommands  deposits of the first warm-up round; rounds of {@link #WARMUP_ROUND} follow until the
     *                        JIT is quiet
     * @param jitQuiet        the warm-up ends after a round in which the JIT compiler threads took at most this
     *                        share of the JVM's CPU
     * @param maxWarmup       or once the warm-up has run this long, quiet or not
     */
    record Settings(int accounts, int commands, int warmupCommands, double jitQuiet, Duration maxWarmup,
            Duration commitInterval, int streamThreads, Map<String, Object> streamsOverrides, Duration timeout) {
    }

    /** What was measured; settings are Kafka's names and the values in force. */
    record Result(int commands, int recordBytes, JitWarmup.Result warmup, double seconds, double commandsPerSecond,
            double sendSeconds, double rawSecondsBefore, double rawSecondsAfter, double rawPerSecond, long accepted,
            long refused,
            CpuClock.Reading cpu, Optional<SteadyWindow.Window> steady, List<Long> ratesPerSecond,
            Map<String, Map<String, Double>> topicsPerCommand, Map<String, String> processorSettings,
            Map<String, String> producerSettings) {

        double ratioToRaw() {
            return commandsPerSecond / rawPerSecond;
        }

        /** Microseconds of CPU per command in the timed phase: the whole JVM (broker included). */
        double processCpuMicrosPerCommand() {
            return cpu.processNanos() / 1e3 / commands;
        }

        /** Microseconds of CPU per command in the timed phase: the processor's stream threads alone. */
        double streamThreadCpuMicrosPerCommand() {
            return cpu.streamThreadNanos() / 1e3 / commands;
        }
    }

    /** Deposits per warm-up round after the first. */
    static final int WARMUP_ROUND = 100_000;

    /** How often the timed phase's progress and CPU are sampled for its steady window. */
    private static final long SAMPLE_PERIOD_MILLIS = 200;

    /** Producer settings of the command sender and the raw producer alike. */
    static final Map<String, Object> PRODUCER = Map.of(
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
            ProducerConfig.LINGER_MS_CONFIG, 5,
            ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024,
            ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final BenchCluster cluster;
    private final Settings settings;
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private int rawRuns;

    IntakeThroughput(BenchCluster cluster, Settings settings) {
        this.cluster = cluster;
        this.settings = settings;
    }

    Result run() throws Exception {
        Encoded encoded = encode();
        try {
            return run(encoded);
        } finally {
            encoded.values().close();
            encoded.registry().close();
        }
    }

    private Result run(Encoded encoded) throws Exception {
        double rawBefore = rawProducer(encoded);
        Progress.say("raw producer: %,d records in %.2f s", settings.commands(), rawBefore);

        String applicationId = "bench-commands-" + run;
        cluster.startGroupAtEnd(applicationId);
        CommandProcessorConfig config = CommandProcessorConfig
                .defaults(cluster.bootstrapServers(), cluster.registryUrl())
                .withApplicationId(applicationId)
                .withStateDir(cluster.workDir().resolve("state-" + run))
                .withCommitInterval(settings.commitInterval())
                .withStreamThreads(settings.streamThreads())
                .withStreamsOverrides(settings.streamsOverrides());
        try (OutcomeCounter outcomes = new OutcomeCounter(cluster, cluster.registryUrl(), prefix());
             KafkaStreams processor = CommandProcessorStreams.create(config);
             KafkaProducer<byte[], byte[]> producer = producer()) {
            startAndAwaitRunning(processor);
            outcomes.start();

            send(producer, Topics.COMMANDS.name(), Phase.OPEN, 0, encoded.opens(), encoded.accountKeys());
            await("account openings", () -> outcomes.count(Phase.OPEN) >= settings.accounts());
            JitWarmup.Result warmup = warmUp(encoded, producer, outcomes);

            List<String> written = writtenTopics(applicationId);
            TopicGrowth.Reading topicsBefore = TopicGrowth.read(cluster.admin(), written);
            CpuClock.Reading cpuBefore = CpuClock.read();
            long start = System.nanoTime();
            double sendSeconds;
            List<SteadyWindow.Sample> samples;
            try (SteadyWindow steady = new SteadyWindow(settings.commands(), () -> outcomes.count(Phase.MEASURED),
                    SAMPLE_PERIOD_MILLIS)) {
                send(producer, Topics.COMMANDS.name(), Phase.MEASURED, 0, encoded.measured(),
                        encoded.accountKeys());
                producer.flush();
                sendSeconds = (System.nanoTime() - start) / 1e9;
                await("timed deposits", () -> outcomes.count(Phase.MEASURED) >= settings.commands());
                samples = steady.samples();
            }
            double seconds = (outcomes.lastSeen(Phase.MEASURED) - start) / 1e9;
            CpuClock.Reading cpu = CpuClock.read().minus(cpuBefore);
            var topicsPerCommand = TopicGrowth.perOperation(topicsBefore,
                    TopicGrowth.read(cluster.admin(), written), settings.commands());
            Optional<SteadyWindow.Window> window = SteadyWindow.window(samples, settings.commands(),
                    SteadyWindow.FROM, SteadyWindow.TO);
            Progress.say("processor: %,d commands in %.2f s; steady %s", settings.commands(), seconds,
                    window.map(w -> String.format(Locale.ROOT, "%,.0f/s", w.perSecond())).orElse("not measured"));
            processor.close(Duration.ofSeconds(30));
            // Again with everything warm and the processor stopped; the faster of the two is the ceiling.
            double rawAfter = rawProducer(encoded);
            Progress.say("raw producer again: %,d records in %.2f s", settings.commands(), rawAfter);
            return new Result(settings.commands(), encoded.measured()[0].length, warmup, seconds,
                    settings.commands() / seconds, sendSeconds, rawBefore, rawAfter,
                    settings.commands() / Math.min(rawBefore, rawAfter),
                    outcomes.accepted(Phase.MEASURED), outcomes.refused(Phase.MEASURED), cpu, window,
                    SteadyWindow.ratesPerStretch(samples, 1.0), topicsPerCommand, processorSettings(config),
                    producerSettings());
        } finally {
            Directories.deleteQuietly(cluster.workDir().resolve("state-" + run));
        }
    }

    /**
     * The topics a command's processing appends to: its outputs, the stores' changelogs, and the offsets and
     * transaction logs (shared with the rest of the broker, quiet otherwise during the timed phase).
     */
    private static List<String> writtenTopics(String applicationId) {
        return List.of(Topics.COMMANDS.name(), Topics.EVENTS.name(), Topics.COMMAND_RESULTS.name(),
                Topics.TRANSFER_ANSWERS.name(), Topics.DEAD_LETTERS.name(),
                changelog(applicationId, CommandProcessorTopology.ACCOUNTS_STORE),
                changelog(applicationId, CommandProcessorTopology.TRANSFERS_STORE),
                changelog(applicationId, CommandProcessorTopology.OUTCOMES_STORE),
                "__consumer_offsets", "__transaction_state");
    }

    private static String changelog(String applicationId, String store) {
        return applicationId + "-" + store + "-changelog";
    }

    private String prefix() {
        return "bench-" + run + "-";
    }

    /** The phases of a run, told apart by the command id: {@code bench-<run>-<phase letter>-<n>}. */
    enum Phase {
        OPEN('o'), WARMUP('w'), MEASURED('m');

        final char letter;

        Phase(char letter) {
            this.letter = letter;
        }
    }

    /**
     * Warm-up rounds until the JIT is quiet ({@link JitWarmup}): the first of {@code warmupCommands} deposits, then
     * rounds of {@link #WARMUP_ROUND}, each encoded before its CPU is read and awaited.
     */
    private JitWarmup.Result warmUp(Encoded encoded, KafkaProducer<byte[], byte[]> producer, OutcomeCounter outcomes)
            throws InterruptedException {
        JitWarmup.Result warmup = JitWarmup.run(new JitWarmup.Settings(settings.warmupCommands(), WARMUP_ROUND,
                settings.jitQuiet(), settings.maxWarmup(), "deposit"), (first, count) -> {
                    byte[][] values = deposits(encoded.values(), Phase.WARMUP, (int) first, (int) count);
                    return () -> {
                        send(producer, Topics.COMMANDS.name(), Phase.WARMUP, (int) first, values,
                                encoded.accountKeys());
                        await("warm-up deposits", () -> outcomes.count(Phase.WARMUP) >= first + count);
                    };
                });
        Progress.say("processor warmed up: %,d accounts, %,d deposits in %.0f s", settings.accounts(),
                warmup.operations(), warmup.seconds());
        return warmup;
    }

    /** The openings and the timed deposits, encoded; warm-up deposits are encoded round by round. */
    private record Encoded(SchemaRegistryClient registry, Serializer<SpecificRecord> values, byte[][] accountKeys,
            byte[][] opens, byte[][] measured) {
    }

    private Encoded encode() {
        SchemaRegistryClient registry = SchemaRegistryClients.create(cluster.registryUrl(), Map.of());
        Serializer<SpecificRecord> values = Topics.COMMANDS.valueSerde(registry, true).serializer();
        byte[][] accountKeys = new byte[settings.accounts()][];
        byte[][] opens = new byte[settings.accounts()][];
        for (int a = 0; a < opens.length; a++) {
            accountKeys[a] = account(a).getBytes(StandardCharsets.UTF_8);
            opens[a] = values.serialize(Topics.COMMANDS.name(), CommandMapper.toAvro(new CommandEnvelope(
                    new CommandMetadata(id(Phase.OPEN, a), null, Instant.now()),
                    new AccountCommand.OpenAccount(account(a), "bench-customer", "EUR", "Bench Holder"))));
        }
        return new Encoded(registry, values, accountKeys, opens,
                deposits(values, Phase.MEASURED, 0, settings.commands()));
    }

    /** Deposits {@code first} to {@code first + count - 1} of a phase; deposit n goes to account n % accounts. */
    private byte[][] deposits(Serializer<SpecificRecord> values, Phase phase, int first, int count) {
        byte[][] encoded = new byte[count][];
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            int n = first + i;
            encoded[i] = values.serialize(Topics.COMMANDS.name(), CommandMapper.toAvro(new CommandEnvelope(
                    new CommandMetadata(id(phase, n), null, now),
                    new AccountCommand.DepositMoney(account(n % settings.accounts()), 1 + n % 500, "bench"))));
        }
        return encoded;
    }

    private String account(int a) {
        return "bench-" + run + "-acc-" + a;
    }

    private String id(Phase phase, int n) {
        return prefix() + phase.letter + "-" + n;
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> config = new LinkedHashMap<>(PRODUCER);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * Sends values[i], command {@code first + i} of the phase, keyed by its account and with the command id in a
     * {@code command-id} header, as an outside producer would.
     */
    private void send(KafkaProducer<byte[], byte[]> producer, String topic, Phase phase, int first, byte[][] values,
            byte[][] accountKeys) {
        for (int i = 0; i < values.length; i++) {
            int n = first + i;
            RecordHeaders headers = new RecordHeaders();
            headers.add(LedgerHeaders.COMMAND_ID, id(phase, n).getBytes(StandardCharsets.UTF_8));
            byte[] key = accountKeys[n % accountKeys.length];
            producer.send(new ProducerRecord<>(topic, null, key, values[i], headers), (metadata, error) -> {
                if (error != null) {
                    Progress.say("send failed: %s", error);
                }
            });
        }
    }

    /** The same records, the same producer settings, to a scratch topic with the commands topic's layout. */
    private double rawProducer(Encoded encoded) throws Exception {
        // A new name each time: a topic re-created under a deleted one's name may meet the old producer state.
        String topic = "bench.raw-producer-" + run + "-" + rawRuns++;
        var description = cluster.admin().describeTopics(List.of(Topics.COMMANDS.name())).allTopicNames()
                .get(30, TimeUnit.SECONDS).get(Topics.COMMANDS.name());
        short replication = (short) description.partitions().get(0).replicas().size();
        cluster.admin().createTopics(List.of(new NewTopic(topic, description.partitions().size(), replication)))
                .all().get(30, TimeUnit.SECONDS);
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            // One record per partition, one at a time, until each leader takes writes: a new topic's first batches
            // can meet NOT_LEADER_OR_FOLLOWER, and with five batches in flight the retried first one then fails
            // its sequence check for good (the producer retries it until the delivery timeout).
            for (int p = 0; p < description.partitions().size(); p++) {
                producer.send(new ProducerRecord<>(topic, p, encoded.accountKeys()[0], encoded.measured()[0]))
                        .get(30, TimeUnit.SECONDS);
            }
            // Warm-up: the same records once, untimed.
            send(producer, topic, Phase.MEASURED, 0, encoded.measured(), encoded.accountKeys());
            producer.flush();
            long start = System.nanoTime();
            send(producer, topic, Phase.MEASURED, 0, encoded.measured(), encoded.accountKeys());
            producer.flush();
            return (System.nanoTime() - start) / 1e9;
        } finally {
            cluster.admin().deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static void startAndAwaitRunning(KafkaStreams processor) throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        processor.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
        });
        processor.start();
        if (!running.await(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException("the command processor was not RUNNING within " + START_TIMEOUT
                    + " (state " + processor.state() + ")");
        }
    }

    private void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no outcome for all " + what + " within " + settings.timeout());
            }
            Thread.sleep(1);
        }
    }

    private static Map<String, String> processorSettings(CommandProcessorConfig config) {
        StreamsConfig streams = new StreamsConfig(config.streamsProperties());
        Map<String, Object> producer = streams.getProducerConfigs("bench");
        Map<String, Object> consumer = streams.getMainConsumerConfigs("bench", "bench", 0);
        Map<String, String> shown = new LinkedHashMap<>();
        shown.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, streams.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        shown.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, streams.getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG).toString());
        shown.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streams.getInt(StreamsConfig.NUM_STREAM_THREADS_CONFIG).toString());
        shown.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG,
                streams.getLong(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG).toString());
        shown.put("producer." + ProducerConfig.LINGER_MS_CONFIG, String.valueOf(producer.get(ProducerConfig.LINGER_MS_CONFIG)));
        shown.put("producer." + ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(
                producer.getOrDefault(ProducerConfig.BATCH_SIZE_CONFIG, ProducerConfig.configDef().defaultValues()
                        .get(ProducerConfig.BATCH_SIZE_CONFIG))));
        shown.put("consumer." + ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                String.valueOf(consumer.get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG)));
        config.streamsOverrides().forEach((key, value) -> shown.put(key, String.valueOf(value)));
        return shown;
    }

    private static Map<String, String> producerSettings() {
        Map<String, String> shown = new LinkedHashMap<>();
        PRODUCER.forEach((key, value) -> shown.put(key, String.valueOf(value)));
        return shown;
    }
}
