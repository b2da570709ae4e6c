package io.ledgerline.query.projection;

import io.ledgerline.mapping.EventMapper;
import io.ledgerline.message.EventEnvelope;
import io.ledgerline.registry.InMemorySchemaRegistry;
import io.ledgerline.registry.SchemaRegistryClient;
import io.ledgerline.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The projection topology in a {@link TopologyTestDriver} with an in-memory registry of its own: events in as
 * Confluent-wire-format bytes keyed by aggregate id, stores and dead letters out.
 */
public final class ProjectionDriver implements AutoCloseable {

    static final Instant WALL_CLOCK = Instant.parse("2026-01-05T10:00:00Z");

    final String scope = "projection-test-" + UUID.randomUUID();
    final SchemaRegistryClient registry = InMemorySchemaRegistry.forScope(scope);
    final ProjectionHealth health = new ProjectionHealth();
    private final StoreWrites writes = new StoreWrites();
    private final StoreCopies copies;
    final TopologyTestDriver driver;
    private final Serializer<SpecificRecord> events = Topics.EVENTS.valueSerde(registry, true).serializer();
    private final TestInputTopic<byte[], byte[]> input;
    private final TestOutputTopic<byte[], byte[]> deadLetters;

    public ProjectionDriver(Path stateDir) {
        this(stateDir, new StoreCopies(ProjectionConfig.DEFAULT_VIEW_COPY_ENTRIES));
    }

    /** A driver whose account view keeps its copies in {@code copies} (which may outlive it, as a task's do). */
    public ProjectionDriver(Path stateDir, StoreCopies copies) {
        this.copies = copies;
        ProjectionConfig config = ProjectionConfig.defaults("unused:9092", InMemorySchemaRegistry.MOCK_URL_PREFIX + scope)
                .withApplicationId("projection-test").withStateDir(stateDir);
        driver = new TopologyTestDriver(ProjectionTopology.build(config, health, writes, copies, registry),
                config.streamsProperties(), WALL_CLOCK);
        input = driver.createInputTopic(Topics.EVENTS.name(), new ByteArraySerializer(), new ByteArraySerializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS.name(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    /** Appends {@code envelopes} keyed by their aggregate ids, each at its occurrence time. */
    public void send(EventEnvelope... envelopes) {
        for (EventEnvelope envelope : envelopes) {
            sendRaw(utf8(envelope.event().aggregateId()), encode(envelope), envelope.meta().occurredAt(),
                    new RecordHeaders());
        }
    }

    public void sendRaw(byte[] key, byte[] value, Instant recordTime, Headers headers) {
        input.pipeInput(new TestRecord<>(key, value, headers, recordTime));
        // One commit interval of wall-clock time: the summed totals deltas are forwarded by a wall-clock punctuation.
        driver.advanceWallClockTime(ProjectionConfig.DEFAULT_COMMIT_INTERVAL);
    }

    public byte[] encode(EventEnvelope envelope) {
        return events.serialize(Topics.EVENTS.name(), EventMapper.toAvro(envelope));
    }

    public TestOutputTopic<byte[], byte[]> deadLetters() {
        return deadLetters;
    }

    public ProjectionHealth health() {
        return health;
    }

    /** Who hears of the account and transfer views' writes. */
    public StoreWrites writes() {
        return writes;
    }

    /** The account view's in-memory copies (ADR 0048). */
    public StoreCopies copies() {
        return copies;
    }

    public <V> KeyValueStore<String, V> store(String name) {
        return driver.getKeyValueStore(name);
    }

    public <V> WindowStore<String, V> windowStore(String name) {
        return driver.getWindowStore(name);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        driver.close();
        InMemorySchemaRegistry.dropScope(scope);
    }
}
