package io.ledgerline.command.saga;

import io.ledgerline.account.AccountEvent;
import io.ledgerline.mapping.CommandMapper;
import io.ledgerline.mapping.EventMapper;
import io.ledgerline.message.CommandEnvelope;
import io.ledgerline.message.EventEnvelope;
import io.ledgerline.message.EventMetadata;
import io.ledgerline.message.LedgerEvent;
import io.ledgerline.registry.InMemorySchemaRegistry;
import io.ledgerline.registry.SchemaRegistryClient;
import io.ledgerline.saga.SagaConfig;
import io.ledgerline.saga.SagaState;
import io.ledgerline.saga.StepAnswer;
import io.ledgerline.saga.TransferSaga;
import io.ledgerline.topics.LedgerHeaders;
import io.ledgerline.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The saga topology in a {@link TopologyTestDriver} with an in-memory registry of its own: events in as
 * Confluent-wire-format bytes on {@code ledger.events} and, for the accounts' answers, also on
 * {@code ledger.transfer-answers} keyed by transfer id (as the command processor writes them, ADR 0035); commands and
 * dead letters out, the wall clock moved by hand.
 */
final class SagaDriver implements AutoCloseable {

    static final Instant START = Instant.parse("2026-01-05T10:00:00Z");
    /** No jitter, so deadlines are exact: re-sends 1 s, 2 s, 4 s, 8 s apart; 5 sends; 60 s per step. */
    static final SagaConfig POLICY =
            new SagaConfig(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(8), 5, Duration.ofSeconds(60), 0.0);
    static final Duration TICK = Duration.ofMillis(100);

    final String scope = "saga-test-" + UUID.randomUUID();
    final SchemaRegistryClient registry = InMemorySchemaRegistry.forScope(scope);
    /** A week in the tests: long enough to see it kept, short enough to move the clock past. */
    static final Duration RETENTION = Duration.ofDays(7);

    final AtomicBoolean caughtUp = new AtomicBoolean(true);
    /** Up to when the pipeline has been flushed ({@link PipelineWatch}); by default it never holds a deadline. */
    final AtomicReference<Instant> flushedUpTo = new AtomicReference<>(Instant.MAX);
    final SagaCounters counters = new SagaCounters();
    final Topology topology;
    final TopologyTestDriver driver;
    private final AtomicLong eventIds = new AtomicLong();
    private final TestInputTopic<byte[], byte[]> events;
    private final TestInputTopic<byte[], byte[]> answers;
    private final TestInputTopic<byte[], byte[]> instructions;
    private final TestOutputTopic<String, SpecificRecord> commands;
    private final TestOutputTopic<byte[], byte[]> deadLetters;
    private Instant now = START;

    SagaDriver(Path stateDir) {
        SagaStreamsConfig config = SagaStreamsConfig.defaults("unused:9092",
                        InMemorySchemaRegistry.MOCK_URL_PREFIX + scope)
                .withApplicationId("saga-test").withStateDir(stateDir).withSaga(POLICY, TICK).withRetention(RETENTION);
        topology = SagaTopology.build(config, caughtUp::get, flushedUpTo::get, counters);
        driver = new TopologyTestDriver(topology, config.streamsProperties(), START);
        events = driver.createInputTopic(Topics.EVENTS.name(), new ByteArraySerializer(), new ByteArraySerializer());
        answers = driver.createInputTopic(Topics.TRANSFER_ANSWERS.name(), new ByteArraySerializer(),
                new ByteArraySerializer());
        instructions = driver.createInputTopic(Topics.SAGA_CONTROL.name(), new ByteArraySerializer(),
                new ByteArraySerializer());
        Deserializer<SpecificRecord> avro = Topics.COMMANDS.valueSerde(registry, false).deserializer();
        commands = driver.createOutputTopic(Topics.COMMANDS.name(), new StringDeserializer(), avro);
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS.name(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    /**
     * Appends {@code event} to {@code ledger.events} as the command processor does, now, and an account's answer to a
     * saga step also to {@code ledger.transfer-answers}, keyed by its transfer, with the same bytes and headers.
     */
    void append(LedgerEvent event) {
        byte[] value = encode(event);
        Headers headers = headersOf(event);
        appendRaw(utf8(event.aggregateId()), value, headers);
        if (event instanceof AccountEvent accountEvent && StepAnswer.of(accountEvent).isPresent()) {
            appendAnswerRaw(utf8(transferIdOf(event)), value, headers);
        }
    }

    /** Appends {@code event} to {@code ledger.events} only, as if its copy keyed by transfer id were missing. */
    void appendToEventsOnly(LedgerEvent event) {
        appendRaw(utf8(event.aggregateId()), encode(event), headersOf(event));
    }

    /** The event's value as the command processor writes it, with the next event id. */
    byte[] encode(LedgerEvent event) {
        EventEnvelope envelope = new EventEnvelope(
                new EventMetadata("cmd-" + eventIds.incrementAndGet() + ":0", 1, now, "cmd-" + eventIds.get()), event);
        return Topics.EVENTS.valueSerde(registry, true).serializer()
                .serialize(Topics.EVENTS.name(), EventMapper.toAvro(envelope));
    }

    private static Headers headersOf(LedgerEvent event) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(LedgerHeaders.CORRELATION_ID, utf8("corr-" + transferIdOf(event)));
        return headers;
    }

    void appendRaw(byte[] key, byte[] value, Headers headers) {
        events.pipeInput(new TestRecord<>(key, value, headers, now));
    }

    /** A record on {@code ledger.transfer-answers} as given, now. */
    void appendAnswerRaw(byte[] key, byte[] value, Headers headers) {
        answers.pipeInput(new TestRecord<>(key, value, headers, now));
    }

    /** Writes an operator's instruction for {@code transferId} to {@code ledger.saga-control}, now. */
    void instruct(String transferId, String instruction) {
        instructions.pipeInput(new TestRecord<>(utf8(transferId), utf8(instruction), new RecordHeaders(), now));
    }

    /** Moves the wall clock (firing due punctuations) and the record time of what is appended next. */
    void advance(Duration by) {
        now = now.plus(by);
        driver.advanceWallClockTime(by);
    }

    List<TestRecord<String, SpecificRecord>> commandRecords() {
        return commands.readRecordsToList();
    }

    List<CommandEnvelope> commands() {
        return commandRecords().stream().map(r -> CommandMapper.fromAvro(r.value())).collect(Collectors.toList());
    }

    List<TestRecord<byte[], byte[]>> deadLetters() {
        return deadLetters.readRecordsToList();
    }

    SagaQueries queries() {
        return new SagaQueries(driver::getKeyValueStore);
    }

    /** The counts by status as the saga store holds them (its counts key). */
    Map<SagaState.Status, Long> storedCounts() {
        KeyValueStore<Bytes, byte[]> store = driver.getKeyValueStore(SagaTopology.SAGAS_STORE);
        long[] byStatus = SagaKeys.countsOf(store.get(SagaKeys.COUNTS));
        Map<SagaState.Status, Long> counts = new EnumMap<>(SagaState.Status.class);
        for (SagaState.Status status : SagaState.Status.values()) {
            counts.put(status, byStatus[status.ordinal()]);
        }
        return counts;
    }

    /** Every transfer in the saga store's time index, in time order. */
    List<String> timeIndex() {
        return new DeadlineScan(driver.getKeyValueStore(SagaTopology.SAGAS_STORE))
                .due(START.plus(Duration.ofDays(100 * 365)), Integer.MAX_VALUE);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String header(Headers headers, String name) {
        var header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String transferIdOf(LedgerEvent event) {
        return TransferSaga.transferIdOf(event).orElse("none");
    }

    @Override
    public void close() {
        driver.close();
        InMemorySchemaRegistry.dropScope(scope);
    }
}
