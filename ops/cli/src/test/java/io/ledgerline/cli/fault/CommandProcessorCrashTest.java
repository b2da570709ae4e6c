package io.ledgerline.cli.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.avro.result.CommandResult;
import io.ledgerline.cli.OpsFixture;
import io.ledgerline.cli.fault.LedgerAudit.Answer;
import io.ledgerline.cli.fault.LedgerAudit.Recorded;
import io.ledgerline.devkit.kafka.SharedEmbeddedKafka;
import io.ledgerline.mapping.CommandMapper;
import io.ledgerline.mapping.EventMapper;
import io.ledgerline.mapping.OutcomeMapper;
import io.ledgerline.message.CommandEnvelope;
import io.ledgerline.outcome.CommandOutcome;
import io.ledgerline.registry.SchemaRegistryClient;
import io.ledgerline.registry.SchemaRegistryClients;
import io.ledgerline.topics.LedgerHeaders;
import io.ledgerline.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash in the middle (issue 3): the command service runs as a child JVM over a load of 10,000 commands on
 * {@code ledger.commands}; once some but not all outcomes are committed it is frozen (SIGSTOP) at a moment when one
 * of its transactions is ongoing with outcome records on the broker and killed with SIGKILL, a slice of the commands
 * is sent again (answered and unanswered ones, same ids), and a new child starts on the same state directory and
 * application id. Then, read with {@code read_committed}: every command has exactly one outcome per
 * time it was sent, all agreeing and all as an independent model expects; every ACCEPTED command's events are on
 * the log exactly once; every account's versions are exactly 1..n; no event lacks an ACCEPTED outcome; balances
 * folded from the events never go negative and equal the model's; nothing was dead-lettered.
 *
 * <p>The broker and the registry run in this JVM; the service gets this JVM's class path. Its output goes to
 * {@code target/crash-test/<run>/}. The figures (kill point, rolled-back work, restart time) are logged at the end
 * and recorded in docs/RELIABILITY.md.
 */
class CommandProcessorCrashTest {

    private static final Logger log = LoggerFactory.getLogger(CommandProcessorCrashTest.class);
    /** Replays a run's load, kill point and re-sent slice: {@code -Dledgerline.crash-test.seed=<the logged seed>}. */
    private static final String SEED_PROPERTY = "ledgerline.crash-test.seed";

    private static final int ACCOUNTS = 100;
    /** With the openings: 10,000 commands. */
    private static final int MONEY_COMMANDS = 9_900;
    /**
     * The first child is killed once at least this many outcomes (of 10,000) are committed, plus a random number up
     * to {@link #KILL_POINT_SPREAD} drawn from the run's seed, so runs hit different points of the load.
     */
    private static final int KILL_AFTER_OUTCOMES = 1_000;
    private static final int KILL_POINT_SPREAD = 4_000;
    /** Sent again after the kill: commands answered before it, and commands not answered before it. */
    private static final int RESENT_ANSWERED = 600;
    private static final int RESENT_UNANSWERED = 400;
    /**
     * The killed member stays in the consumer group until its session times out; its successor's rebalance waits
     * for that. Kafka's default is 45 s; 10 s keeps the test short (docs/RELIABILITY.md).
     */
    private static final int SESSION_TIMEOUT_MS = 10_000;
    /** How long to look for a moment inside an ongoing transaction to kill the first child in. */
    private static final Duration OPEN_TRANSACTION_WAIT = Duration.ofSeconds(10);
    private static final Duration START_AND_FIRST_OUTCOMES = Duration.ofSeconds(90);
    private static final Duration RESTART_AND_ALL_OUTCOMES = Duration.ofSeconds(90);
    private static final Duration GRACEFUL_STOP = Duration.ofSeconds(45);
    private static final Duration READ = Duration.ofSeconds(30);

    private static String bootstrap;
    private static String registryUrl;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<CommandServiceProcess> children = new ArrayList<>();
    private final Map<String, List<Answer>> answers = new LinkedHashMap<>();

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startBrokerRegistryAndTopics() throws Exception {
        bootstrap = SharedEmbeddedKafka.bootstrapServersWithLedgerTopics();
        registryUrl = OpsFixture.registryUrl();
    }

    @AfterEach
    void killLeftoverChildren() {
        children.forEach(CommandServiceProcess::close);
    }

    @Test
    void givenServiceKilledMidLoad_whenRestartedOnItsStateDir_thenAcceptedCommandsHaveTheirEventsExactlyOnce()
            throws Exception {
        long testStart = System.nanoTime();
        long seed = Long.getLong(SEED_PROPERTY, new Random().nextLong());
        AccountLoad load = AccountLoad.generate(run, ACCOUNTS, MONEY_COMMANDS, seed);
        int total = load.commands().size();
        int killAfter = KILL_AFTER_OUTCOMES + new Random(seed).nextInt(KILL_POINT_SPREAD);
        log.info("crash test run {}: {} commands ({} expected refusals), kill after {} outcomes, seed {}", run, total,
                load.refusals(), killAfter, seed);
        Map<String, Integer> timesSent = new HashMap<>();
        SchemaRegistryClient registryClient = SchemaRegistryClients.create(registryUrl, Map.of());
        Deserializer<CommandResult> results = Topics.COMMAND_RESULTS.valueSerde(registryClient, false).deserializer();

        try (KafkaProducer<String, SpecificRecord> producer = commandProducer(registryClient);
                TopicTail resultTail = new TopicTail(bootstrap, Topics.COMMAND_RESULTS.name(), "read_committed",
                        load::owns)) {
            // 1. The first child starts (a JVM and Spring Boot start take seconds) while the load is written, works
            //    through the backlog, and is killed with SIGKILL inside a transaction once some but not all outcomes
            //    are committed.
            OpsFixture.startAtEnd(applicationId(), Topics.COMMANDS.name());
            CommandServiceProcess first = startService(1);
            send(producer, load.commands(), timesSent);
            Deadline firstOutcomes = new Deadline(START_AND_FIRST_OUTCOMES);
            while (answers.size() < killAfter) {
                firstOutcomes.check(() -> killAfter + " outcomes, have " + answers.size() + "\n"
                        + first.tail(40));
                assertThat(first.isAlive()).as("the first child is running\n%s", first.tail(40)).isTrue();
                collect(resultTail.poll(Duration.ofMillis(50)), results);
            }
            boolean inFlight = freezeInsideOpenTransaction(first, resultTail, results);
            int seenAtKill = answers.size();
            long killStart = System.nanoTime();
            int exit = first.kill();
            Instant killedAt = Instant.now();
            assertThat(exit).as("exit code of the first child (SIGKILL)").isEqualTo(CommandServiceProcess.SIGKILL_EXIT);
            log.info("killed the first child (pid {}) with SIGKILL after {} committed outcomes were seen, {}; gone "
                    + "in {} ms", first.pid(), seenAtKill,
                    inFlight ? "frozen inside an ongoing transaction holding outcomes" : "no open transaction caught",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killStart));

            // 2. Repeat commands answered before the kill and commands not answered before it (same ids).
            List<CommandEnvelope> resent = resendSlice(load, new Random(seed));
            send(producer, resent, timesSent);

            // 3. A new child on the same state dir and application id finishes the load.
            long restart = System.nanoTime();
            CommandServiceProcess second = startService(2);
            Deadline all = new Deadline(RESTART_AND_ALL_OUTCOMES);
            long firstNewOutcome = -1;
            int expectedRecords = total + resent.size();
            while (resultTail.records().size() < expectedRecords) {
                all.check(() -> expectedRecords + " outcome records, have " + resultTail.records().size() + " for "
                        + answers.size() + " ids\n" + second.tail(40));
                assertThat(second.isAlive()).as("the second child is running\n%s", second.tail(40)).isTrue();
                List<Answer> added = collect(resultTail.poll(Duration.ofMillis(100)), results);
                if (firstNewOutcome < 0 && added.stream().anyMatch(a -> a.outcome().processedAt().isAfter(killedAt))) {
                    firstNewOutcome = System.nanoTime();
                }
            }
            long allAnswered = System.nanoTime();
            long stopStart = System.nanoTime();
            int stopExit = second.stop(GRACEFUL_STOP);
            long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopStart);
            Deadline read = new Deadline(READ);
            resultTail.readToEnd(read);
            collect(resultTail.poll(Duration.ZERO), results);

            // 4. What is on the log.
            List<Recorded> events = committedEvents(load, registryClient, read);
            List<Instant> before = processingTimes(answers, t -> t.isBefore(killedAt));
            List<Instant> after = processingTimes(answers, t -> t.isAfter(killedAt));
            long answeredBeforeKill = before.size();
            log.info("crash test run {} figures: {} commands + {} re-sent; outcomes committed before the kill {} "
                    + "(seen at the kill {}, at {}/s); first outcome after restart {} ms after the new start, all "
                    + "outcomes {} ms after it (at {}/s once processing); rolled back by the kill: {} outcome and {} "
                    + "event records; graceful stop {} ms (exit {}); {} events; test {} s; child logs in {}",
                    run, total, resent.size(), answeredBeforeKill, seenAtKill, rate(before),
                    firstNewOutcome < 0 ? "n/a" : TimeUnit.NANOSECONDS.toMillis(firstNewOutcome - restart),
                    TimeUnit.NANOSECONDS.toMillis(allAnswered - restart), rate(after),
                    uncommitted(Topics.COMMAND_RESULTS.name(), load, read) - resultTail.records().size(),
                    uncommitted(Topics.EVENTS.name(), load, read) - events.size(),
                    stopMillis, stopExit, events.size(),
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - testStart), first.log().getParent());

            LedgerAudit.outcomes(load, answers, timesSent);
            LedgerAudit.events(load, answers, events);
            assertThat(resultTail.records().size()).as("outcome records: one per command record sent")
                    .isEqualTo(expectedRecords);
            assertThat(deadLetterKeys(load, read)).as("dead letters of this run").isEmpty();
            // And the run was not vacuous: the crash hit the middle of the load and of a transaction.
            assertThat(answeredBeforeKill).as("outcomes committed by the first child: the kill came mid-load")
                    .isPositive().isLessThan(total);
            assertThat(inFlight).as("the kill landed inside an ongoing transaction holding outcomes").isTrue();
        }
    }

    /**
     * Freezes the child (SIGSTOP) and asks the broker whether one of its transactions is ONGOING with outcome records
     * past the last stable offset (twice, so requests already on the wire have landed). If so it returns true with the
     * child still frozen: a kill now lands inside that transaction for certain. Otherwise it lets the child run on
     * (SIGCONT) for a moment and looks again, for at most {@link #OPEN_TRANSACTION_WAIT}.
     */
    private boolean freezeInsideOpenTransaction(CommandServiceProcess child, TopicTail resultTail,
            Deserializer<CommandResult> results) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Deadline deadline = new Deadline(OPEN_TRANSACTION_WAIT);
            while (!deadline.passed()) {
                assertThat(child.isAlive()).as("the first child is running\n%s", child.tail(40)).isTrue();
                child.pause();
                if (openTransactionHoldsOutcomes(admin, resultTail.partitions())
                        && openTransactionHoldsOutcomes(admin, resultTail.partitions())) {
                    return true;
                }
                child.resume();
                collect(resultTail.poll(Duration.ofMillis(20)), results);
            }
            return false;
        }
    }

    private boolean openTransactionHoldsOutcomes(Admin admin, List<TopicPartition> partitions) throws Exception {
        boolean ongoing = admin.listTransactions(new ListTransactionsOptions()
                .filterStates(List.of(TransactionState.ONGOING))).all().get(10, TimeUnit.SECONDS).stream()
                .anyMatch(t -> t.transactionalId().startsWith(applicationId() + "-"));
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
        var stable = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all().get(10, TimeUnit.SECONDS);
        var written = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
                .all().get(10, TimeUnit.SECONDS);
        return ongoing && partitions.stream().anyMatch(p -> stable.get(p).offset() < written.get(p).offset());
    }

    private String applicationId() {
        return "crash-test-" + run;
    }

    /** When each command was first decided, for those decided in a period. */
    private static List<Instant> processingTimes(Map<String, List<Answer>> answers, Predicate<Instant> in) {
        return answers.values().stream().map(a -> a.get(0).outcome().processedAt()).filter(in).sorted().toList();
    }

    /** Commands decided per second between the first and the last of {@code times}. */
    private static long rate(List<Instant> times) {
        if (times.size() < 2) {
            return 0;
        }
        long millis = Math.max(1, Duration.between(times.get(0), times.get(times.size() - 1)).toMillis());
        return times.size() * 1000L / millis;
    }

    private CommandServiceProcess startService(int instance) {
        CommandServiceProcess child = CommandServiceProcess.start(List.of(
                "server.port=0",
                "spring.main.banner-mode=off",
                "ledgerline.instance-id=crash-" + run + "-" + instance,
                "ledgerline.kafka.bootstrap-servers=" + bootstrap,
                "ledgerline.registry.url=" + registryUrl,
                "ledgerline.processor.application-id=" + applicationId(),
                "ledgerline.processor.state-dir=" + stateDir,
                // The processor alone: this test is about commands, and no transfer is requested.
                "ledgerline.saga.enabled=false",
                "ledgerline.kafka.client[session.timeout.ms]=" + SESSION_TIMEOUT_MS,
                "logging.level.org.apache.kafka.streams.KafkaStreams=INFO",
                "logging.level.org.springframework.boot.StartupInfoLogger=INFO"),
                Path.of("target", "crash-test", run, "command-service-" + instance + ".log"));
        children.add(child);
        log.info("started command service child {} (pid {})", instance, child.pid());
        return child;
    }

    /** Some commands answered before the kill and some not, in the order they were first sent. */
    private List<CommandEnvelope> resendSlice(AccountLoad load, Random random) {
        List<CommandEnvelope> answered = new ArrayList<>();
        List<CommandEnvelope> unanswered = new ArrayList<>();
        for (CommandEnvelope command : load.commands()) {
            (answers.containsKey(command.meta().commandId()) ? answered : unanswered).add(command);
        }
        List<CommandEnvelope> slice = new ArrayList<>();
        slice.addAll(sample(answered, RESENT_ANSWERED, random));
        slice.addAll(sample(unanswered, RESENT_UNANSWERED, random));
        return slice;
    }

    /** {@code count} of {@code from} at random, kept in their order. */
    private static List<CommandEnvelope> sample(List<CommandEnvelope> from, int count, Random random) {
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < from.size(); i++) {
            indexes.add(i);
        }
        Collections.shuffle(indexes, random);
        return indexes.subList(0, Math.min(count, from.size())).stream().sorted().map(from::get).toList();
    }

    /** Decodes {@code records} into {@link #answers} and returns them. */
    private List<Answer> collect(List<ConsumerRecord<byte[], byte[]>> records, Deserializer<CommandResult> results) {
        List<Answer> added = new ArrayList<>(records.size());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            CommandOutcome outcome = OutcomeMapper.fromAvro(results.deserialize(record.topic(), record.value()));
            Answer answer = new Answer(outcome, header(record.headers(), LedgerHeaders.DUPLICATE));
            answers.computeIfAbsent(outcome.commandId(), id -> new ArrayList<>()).add(answer);
            added.add(answer);
        }
        return added;
    }

    private static List<Recorded> committedEvents(AccountLoad load, SchemaRegistryClient registryClient,
            Deadline read) {
        Deserializer<SpecificRecord> events = Topics.EVENTS.valueSerde(registryClient, false).deserializer();
        try (TopicTail tail = new TopicTail(bootstrap, Topics.EVENTS.name(), "read_committed", load::owns)) {
            tail.readToEnd(read);
            return tail.records().stream().map(r -> new Recorded(new String(r.key(), StandardCharsets.UTF_8),
                    EventMapper.fromAvro(events.deserialize(r.topic(), r.value())))).toList();
        }
    }

    /** This run's records on {@code topic} including those of aborted transactions. */
    private static int uncommitted(String topic, AccountLoad load, Deadline read) {
        try (TopicTail tail = new TopicTail(bootstrap, topic, "read_uncommitted", load::owns)) {
            tail.readToEnd(read);
            return tail.records().size();
        }
    }

    private static List<String> deadLetterKeys(AccountLoad load, Deadline read) {
        try (TopicTail tail = new TopicTail(bootstrap, Topics.DEAD_LETTERS.name(), "read_committed", load::owns)) {
            tail.readToEnd(read);
            return tail.records().stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).toList();
        }
    }

    private static KafkaProducer<String, SpecificRecord> commandProducer(SchemaRegistryClient registryClient) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5),
                Topics.COMMANDS.keySerde().serializer(), Topics.COMMANDS.valueSerde(registryClient, true).serializer());
    }

    /**
     * Writes {@code commands} in order (the idempotent producer keeps the order per partition, so per account) and
     * waits until all are acknowledged.
     */
    private static void send(KafkaProducer<String, SpecificRecord> producer, List<CommandEnvelope> commands,
            Map<String, Integer> timesSent) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        for (CommandEnvelope command : commands) {
            Headers headers = new RecordHeaders();
            headers.add(LedgerHeaders.COMMAND_ID, command.meta().commandId().getBytes(StandardCharsets.UTF_8));
            producer.send(new ProducerRecord<>(Topics.COMMANDS.name(), null, command.command().aggregateId(),
                    CommandMapper.toAvro(command), headers), (metadata, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        }
                    });
            timesSent.merge(command.meta().commandId(), 1, Integer::sum);
        }
        producer.flush();
        assertThat(failure.get()).as("failure sending commands").isNull();
    }

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
