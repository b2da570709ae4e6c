package io.ledgerline.cli.bench;

import io.ledgerline.account.AccountCommand;
import io.ledgerline.command.processing.CommandProcessorConfig;
import io.ledgerline.command.processing.CommandProcessorStreams;
import io.ledgerline.command.saga.SagaStreams;
import io.ledgerline.command.saga.SagaStreamsConfig;
import io.ledgerline.devkit.Directories;
import io.ledgerline.mapping.CommandMapper;
import io.ledgerline.message.CommandEnvelope;
import io.ledgerline.message.CommandMetadata;
import io.ledgerline.registry.SchemaRegistryClient;
import io.ledgerline.registry.SchemaRegistryClients;
import io.ledgerline.saga.SagaConfig;
import io.ledgerline.topics.LedgerHeaders;
import io.ledgerline.topics.Topics;
import io.ledgerline.transfer.TransferCommand;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The whole transfer path in this process for {@code bench transfers}: the command processor and the transfer saga
 * (each its own exactly-once Streams application, both starting at the current end of their input so a cluster's
 * history is not replayed), accounts opened and funded so no transfer lacks funds, a producer that writes
 * RequestTransfer commands as any Kafka client would, and {@link Settlements} watching for their settlement.
 */
final class TransferPipeline implements AutoCloseable {

    /**
     * What to run: accounts, both applications' commit interval, the saga's policy, whether re-sends are held, any
     * other Streams, {@code producer.*} or {@code consumer.*} setting of both applications, then of the saga alone
     * (over both's), the longest wait per phase.
     */
    record Settings(int accounts, Duration commitInterval, SagaConfig policy, boolean holdResends,
            Map<String, Object> streamsOverrides, Map<String, Object> sagaOverrides, Duration timeout) {

        /** The saga's settings over both applications': a key in both is the saga's. */
        Map<String, Object> sagaStreamsOverrides() {
            Map<String, Object> overrides = new HashMap<>(streamsOverrides);
            overrides.putAll(sagaOverrides);
            return overrides;
        }
    }

    private static final long FUNDING = 1_000_000_000_000L;

    private final BenchCluster cluster;
    private final Settings settings;
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private final String processorId = "bench-transfers-processor-" + run;
    private final String sagaId = "bench-transfers-saga-" + run;
    private final SchemaRegistryClient registry;
    private final Serializer<SpecificRecord> values;
    private final KafkaProducer<byte[], byte[]> producer;
    private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
    private KafkaStreams processor;
    private SagaStreams saga;
    private Settlements settlements;

    TransferPipeline(BenchCluster cluster, Settings settings) {
        this.cluster = cluster;
        this.settings = settings;
        this.registry = SchemaRegistryClients.create(cluster.registryUrl(), Map.of());
        this.values = Topics.COMMANDS.valueSerde(registry, true).serializer();
        Map<String, Object> producerConfig = new HashMap<>(IntakeThroughput.PRODUCER);
        producerConfig.put("bootstrap.servers", cluster.bootstrapServers());
        this.producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Starts both applications, opens and funds the accounts, and returns once every deposit is recorded. */
    void start() throws Exception {
        cluster.startGroupAtEnd(processorId);
        cluster.startGroupAtEnd(sagaId, Topics.EVENTS.name());
        cluster.startGroupAtEnd(sagaId, Topics.TRANSFER_ANSWERS.name());
        processor = CommandProcessorStreams.create(CommandProcessorConfig
                .defaults(cluster.bootstrapServers(), cluster.registryUrl())
                .withApplicationId(processorId).withStateDir(stateDir())
                .withCommitInterval(settings.commitInterval())
                .withStreamsOverrides(settings.streamsOverrides()));
        startAndAwaitRunning(processor);
        SagaStreamsConfig sagaConfig = SagaStreamsConfig.defaults(cluster.bootstrapServers(), cluster.registryUrl())
                .withApplicationId(sagaId).withStateDir(stateDir())
                .withSaga(settings.policy(), SagaStreamsConfig.DEFAULT_TICK_INTERVAL)
                .withCommitInterval(settings.commitInterval())
                .withStreamsOverrides(settings.sagaStreamsOverrides());
        if (settings.holdResends()) {
            // As the command service runs it: deadlines wait while the processor or the saga has a backlog.
            sagaConfig = sagaConfig.withPipelineWatch(processorId, SagaStreamsConfig.DEFAULT_STALL_AFTER,
                    SagaStreamsConfig.DEFAULT_WATCH_INTERVAL);
        }
        saga = SagaStreams.start(sagaConfig, Duration.ofSeconds(30));
        await("the saga to catch up", saga::caughtUp);
        settlements = new Settlements(cluster.bootstrapServers(), registry, prefix());
        Instant now = Instant.now();
        for (int a = 0; a < settings.accounts(); a++) {
            send(new CommandEnvelope(new CommandMetadata(prefix() + "open-" + a, null, now),
                    new AccountCommand.OpenAccount(account(a), "bench-customer", "EUR", "Bench Holder")));
            send(new CommandEnvelope(new CommandMetadata(prefix() + "fund-" + a, null, now),
                    new AccountCommand.DepositMoney(account(a), FUNDING, "bench")));
        }
        producer.flush();
        await("account funding", () -> settlements.deposits() >= settings.accounts());
        Progress.say("processor and saga running, %,d accounts funded", settings.accounts());
    }

    /** Follows every {@code sample}th transfer of {@code phase} hop by hop, from now on. */
    HopTimes hopTimes(String phase, int sample) {
        return new HopTimes(cluster.bootstrapServers(), prefix() + phase + "-", sample);
    }

    /** A CPU reading with the processor's and the saga's threads in groups of their own. */
    CpuClock.Reading cpu() {
        return CpuClock.read(List.of(processorId, sagaId));
    }

    /** Transfer n of {@code phase}: an encoded RequestTransfer of 1 EUR between two accounts, and its key. */
    Request transfer(String phase, long n) {
        String transferId = prefix() + phase + "-" + n;
        int from = (int) (n % settings.accounts());
        int to = (int) ((n * 7 + 1) % settings.accounts());
        if (to == from) {
            to = (to + 1) % settings.accounts();
        }
        CommandEnvelope request = new CommandEnvelope(
                new CommandMetadata(transferId + ":request", null, Instant.now()),
                new TransferCommand.RequestTransfer(transferId, account(from), account(to), 100, "EUR", "bench"));
        return new Request(transferId, encode(request), request.meta().commandId());
    }

    /** An encoded RequestTransfer. */
    record Request(String transferId, byte[] value, String commandId) {
    }

    void send(Request request) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(LedgerHeaders.COMMAND_ID, request.commandId().getBytes(StandardCharsets.UTF_8));
        producer.send(new ProducerRecord<>(Topics.COMMANDS.name(), null,
                request.transferId().getBytes(StandardCharsets.UTF_8), request.value(), headers), this::sent);
    }

    void flush() {
        producer.flush();
        if (sendFailure.get() != null) {
            throw new IllegalStateException("a command could not be sent", sendFailure.get());
        }
    }

    /** Saga steps re-sent after their deadline since the saga started: work an overloaded pipeline adds. */
    long resent() {
        return saga.counters().resent();
    }

    Settlements settlements() {
        return settlements;
    }

    /** Waits (bounded by the settings' timeout) until {@code done}. */
    void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not done within " + settings.timeout() + ": " + what);
            }
            Thread.sleep(1);
        }
    }

    private void send(CommandEnvelope command) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(LedgerHeaders.COMMAND_ID, command.meta().commandId().getBytes(StandardCharsets.UTF_8));
        producer.send(new ProducerRecord<>(Topics.COMMANDS.name(), null,
                command.command().aggregateId().getBytes(StandardCharsets.UTF_8), encode(command), headers),
                this::sent);
    }

    private byte[] encode(CommandEnvelope command) {
        return values.serialize(Topics.COMMANDS.name(), CommandMapper.toAvro(command));
    }

    private void sent(Object metadata, Exception failure) {
        if (failure != null) {
            sendFailure.compareAndSet(null, failure);
        }
    }

    private String prefix() {
        return "bench-" + run + "-";
    }

    private String account(int index) {
        return prefix() + "acc-" + index;
    }

    private Path stateDir() {
        return cluster.workDir().resolve("transfers-state-" + run);
    }

    private static void startAndAwaitRunning(KafkaStreams streams) throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
        });
        streams.start();
        if (!running.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the command processor was not RUNNING within 60 s");
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (settlements != null) {
                settlements.close();
            }
            if (saga != null) {
                saga.close();
            }
            if (processor != null) {
                processor.close(Duration.ofSeconds(30));
            }
            producer.close(Duration.ofSeconds(5));
            registry.close();
        } finally {
            Directories.deleteQuietly(stateDir());
        }
    }
}
