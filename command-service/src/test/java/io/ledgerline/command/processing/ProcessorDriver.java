package io.ledgerline.command.processing;

import io.ledgerline.avro.result.CommandResult;
import io.ledgerline.mapping.CommandMapper;
import io.ledgerline.mapping.EventMapper;
import io.ledgerline.message.CommandEnvelope;
import io.ledgerline.message.EventEnvelope;
import io.ledgerline.registry.InMemorySchemaRegistry;
import io.ledgerline.registry.SchemaRegistryClient;
import io.ledgerline.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The command processor topology in a {@link TopologyTestDriver} with an in-memory registry of its own: commands
 * in as Confluent-wire-format bytes, events, results and dead letters out.
 */
final class ProcessorDriver implements AutoCloseable {

    static final Instant WALL_CLOCK = Instant.parse("2026-01-05T10:00:00Z");

    final String scope = "processor-test-" + UUID.randomUUID();
    final SchemaRegistryClient registry = InMemorySchemaRegistry.forScope(scope);
    final CommandProcessorConfig config;
    final TopologyTestDriver driver;
    private final Serializer<SpecificRecord> commands = Topics.COMMANDS.valueSerde(registry, true).serializer();
    private final TestInputTopic<byte[], byte[]> input;
    private final TestOutputTopic<String, SpecificRecord> events;
    private final TestOutputTopic<String, CommandResult> results;
    private final TestOutputTopic<byte[], byte[]> answers;
    private final TestOutputTopic<byte[], byte[]> deadLetters;

    ProcessorDriver(Path stateDir, Duration retention) {
        this(stateDir, retention, null);
    }

    /** With {@code topologyRegistry} (when not null) as the registry the topology uses. */
    ProcessorDriver(Path stateDir, Duration retention, SchemaRegistryClient topologyRegistry) {
        config = CommandProcessorConfig.defaults("unused:9092", InMemorySchemaRegistry.MOCK_URL_PREFIX + scope)
                .withApplicationId("processor-test").withStateDir(stateDir).withDedupeRetention(retention);
        driver = new TopologyTestDriver(topologyRegistry == null ? CommandProcessorTopology.build(config)
                : CommandProcessorTopology.build(config, topologyRegistry), config.streamsProperties(), WALL_CLOCK);
        input = driver.createInputTopic(Topics.COMMANDS.name(), new ByteArraySerializer(), new ByteArraySerializer());
        events = driver.createOutputTopic(Topics.EVENTS.name(), new StringDeserializer(),
                Topics.EVENTS.valueSerde(registry, false).deserializer());
        answers = driver.createOutputTopic(Topics.TRANSFER_ANSWERS.name(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        results = driver.createOutputTopic(Topics.COMMAND_RESULTS.name(), new StringDeserializer(),
                Topics.COMMAND_RESULTS.valueSerde(registry, false).deserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS.name(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    /** Sends {@code envelope} keyed by its aggregate id, at the issue time. */
    void send(CommandEnvelope envelope) {
        send(envelope, envelope.meta().issuedAt(), new RecordHeaders());
    }

    void send(CommandEnvelope envelope, Instant recordTime, Headers headers) {
        sendRaw(utf8(envelope.command().aggregateId()), encode(envelope), recordTime, headers);
    }

    void sendRaw(byte[] key, byte[] value, Instant recordTime, Headers headers) {
        input.pipeInput(new TestRecord<>(key, value, headers, recordTime));
    }

    byte[] encode(CommandEnvelope envelope) {
        return commands.serialize(Topics.COMMANDS.name(), CommandMapper.toAvro(envelope));
    }

    byte[] encodeRecord(String topic, SpecificRecord record) {
        return Topics.EVENTS.valueSerde(registry, true).serializer().serialize(topic, record);
    }

    List<EventEnvelope> events() {
        return events.readValuesToList().stream().map(EventMapper::fromAvro).collect(Collectors.toList());
    }

    List<TestRecord<String, SpecificRecord>> eventRecords() {
        return events.readRecordsToList();
    }

    /** What the processor wrote to {@code ledger.transfer-answers}, as bytes. */
    List<TestRecord<byte[], byte[]>> answerRecords() {
        return answers.readRecordsToList();
    }

    List<TestRecord<String, CommandResult>> results() {
        return results.readRecordsToList();
    }

    TestRecord<String, CommandResult> onlyResult() {
        List<TestRecord<String, CommandResult>> all = results();
        if (all.size() != 1) {
            throw new AssertionError("expected exactly one result, got " + all);
        }
        return all.get(0);
    }

    List<TestRecord<byte[], byte[]>> deadLetters() {
        return deadLetters.readRecordsToList();
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String header(Headers headers, String name) {
        var header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        driver.close();
        InMemorySchemaRegistry.dropScope(scope);
    }
}
