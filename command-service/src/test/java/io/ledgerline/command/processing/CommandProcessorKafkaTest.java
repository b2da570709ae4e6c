package io.ledgerline.command.processing;

import static io.ledgerline.command.processing.ProcessorDriver.header;
import static io.ledgerline.command.processing.ProcessorDriver.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.account.AccountCommand;
import io.ledgerline.account.AccountEvent;
import io.ledgerline.avro.result.CommandResult;
import io.ledgerline.devkit.kafka.SharedEmbeddedKafka;
import io.ledgerline.devkit.registry.EmbeddedSchemaRegistry;
import io.ledgerline.devkit.registry.EmbeddedSchemaRegistryConfig;
import io.ledgerline.mapping.CommandMapper;
import io.ledgerline.mapping.EventMapper;
import io.ledgerline.mapping.OutcomeMapper;
import io.ledgerline.message.CommandEnvelope;
import io.ledgerline.message.EventEnvelope;
import io.ledgerline.outcome.CommandOutcome;
import io.ledgerline.outcome.OutcomeCode;
import io.ledgerline.registry.SchemaRegistryClients;
import io.ledgerline.serde.AvroDeserializer;
import io.ledgerline.serde.AvroSerializer;
import io.ledgerline.serde.SerdeConfig;
import io.ledgerline.serde.WireFormatException;
import io.ledgerline.topics.LedgerHeaders;
import io.ledgerline.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka intake on the real embedded broker and registry: plain producers write commands (and poison) in the
 * Confluent wire format, and outcomes, events and dead letters are read back with {@code read_committed}.
 *
 * <p>The ledger topics are shared by every test in this JVM, so each test uses its own ids and application id and
 * reads only the records that carry them.
 */
class CommandProcessorKafkaTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static String bootstrap;
    private static EmbeddedSchemaRegistry registry;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<KafkaStreams> processors = new ArrayList<>();

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startRegistryAndTopics() throws Exception {
        bootstrap = SharedEmbeddedKafka.bootstrapServersWithLedgerTopics();
        registry = new EmbeddedSchemaRegistry(EmbeddedSchemaRegistryConfig.defaults(bootstrap).withPort(0)).start();
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @AfterEach
    void stopProcessors() {
        processors.forEach(CommandProcessorKafkaTest::close);
    }

    @Test
    void commandsFromAPlainProducerGetOutcomesAndEventsAndARepeatAppendsNothing() {
        startProcessor(stateDir.resolve("a"));
        String account = "acc-" + run;
        send(Commands.open(id("open"), account), "rest-1");
        send(Commands.deposit(id("deposit"), account, 1_000), "rest-1");
        send(Commands.withdraw(id("withdraw"), account, 400), "rest-1");
        send(Commands.deposit(id("deposit"), account, 1_000), "rest-2");

        List<ConsumerRecord<String, CommandResult>> results = readResults(4);
        // Results are keyed by command id, so only the two answers to one id come in a guaranteed order.
        assertThat(outcome(results, id("open"), 0)).extracting(CommandOutcome::code, CommandOutcome::version)
                .containsExactly(OutcomeCode.ACCEPTED, 1L);
        assertThat(outcome(results, id("deposit"), 0).version()).isEqualTo(2L);
        assertThat(outcome(results, id("withdraw"), 0).version()).isEqualTo(3L);
        ConsumerRecord<String, CommandResult> repeat = only(results, id("deposit"), 1);
        assertThat(OutcomeMapper.fromAvro(repeat.value())).isEqualTo(outcome(results, id("deposit"), 0));
        assertThat(header(only(results, id("deposit"), 0).headers(), LedgerHeaders.DUPLICATE)).isNull();
        assertThat(header(repeat.headers(), LedgerHeaders.DUPLICATE)).isEqualTo(LedgerHeaders.DUPLICATE_SAME);
        assertThat(header(repeat.headers(), LedgerHeaders.REPLY_TO)).isEqualTo("rest-2");

        List<EventEnvelope> events = readEvents(account, 3);
        assertThat(events).extracting(e -> e.meta().version()).containsExactly(1L, 2L, 3L);
        assertThat(events).extracting(e -> e.meta().commandId())
                .containsExactly(id("open"), id("deposit"), id("withdraw"));
    }

    @Test
    void poisonRecordsLandInTheDeadLetterTopicAndTheNextCommandIsProcessed() {
        startProcessor(stateDir.resolve("a"));
        String account = "acc-" + run;
        byte[] good = wireFormat(Commands.open(id("never-sent"), account));
        List<byte[]> poison = List.of(PoisonCommands.wrongMagicByte(good), PoisonCommands.unknownSchemaId(good),
                PoisonCommands.truncated(good), PoisonCommands.randomBytes());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps(),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (byte[] value : poison) {
                RecordHeaders headers = new RecordHeaders();
                headers.add("x-test-run", utf8(run));
                producer.send(new ProducerRecord<>(Topics.COMMANDS.name(), null, utf8(account), value, headers));
            }
        }
        send(Commands.open(id("open"), account), "rest-1");

        assertThat(OutcomeMapper.fromAvro(readResults(1).get(0).value()).code()).isEqualTo(OutcomeCode.ACCEPTED);
        List<ConsumerRecord<byte[], byte[]>> dead = readDeadLetters(4);
        assertThat(dead).extracting(ConsumerRecord::value).containsExactlyElementsOf(poison);
        for (ConsumerRecord<byte[], byte[]> letter : dead) {
            assertThat(letter.key()).isEqualTo(utf8(account));
            assertThat(header(letter.headers(), LedgerHeaders.DLQ_TOPIC)).isEqualTo(Topics.COMMANDS.name());
            assertThat(header(letter.headers(), LedgerHeaders.DLQ_PARTITION)).matches("[0-9]+");
            assertThat(header(letter.headers(), LedgerHeaders.DLQ_OFFSET)).matches("[0-9]+");
            assertThat(header(letter.headers(), LedgerHeaders.DLQ_ERROR_CLASS))
                    .isEqualTo(WireFormatException.class.getName());
            assertThat(header(letter.headers(), LedgerHeaders.DLQ_ERROR_MESSAGE)).isNotBlank();
        }
        assertThat(readEvents(account, 1)).hasSize(1);
    }

    @Test
    void aProcessorRestartedOnAnEmptyStateDirRestoresAggregatesAndRememberedIdsFromTheChangelogs() {
        String account = "acc-" + run;
        KafkaStreams first = startProcessor(stateDir.resolve("first"));
        send(Commands.open(id("open"), account), "rest-1");
        send(Commands.deposit(id("deposit"), account, 100), "rest-1");
        assertThat(readResults(2)).hasSize(2);
        close(first);
        processors.remove(first);

        startProcessor(stateDir.resolve("second"));
        send(Commands.deposit(id("deposit"), account, 100), "rest-1");
        send(Commands.withdraw(id("withdraw"), account, 100), "rest-1");

        List<ConsumerRecord<String, CommandResult>> results = readResults(4);
        assertThat(header(only(results, id("deposit"), 1).headers(), LedgerHeaders.DUPLICATE))
                .isEqualTo(LedgerHeaders.DUPLICATE_SAME);
        CommandOutcome withdrawal = outcome(results, id("withdraw"), 0);
        assertThat(withdrawal.code()).isEqualTo(OutcomeCode.ACCEPTED);
        assertThat(withdrawal.version()).isEqualTo(3L);
        assertThat(readEvents(account, 3)).extracting(e -> e.meta().version()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aSecondCreditOfOneTransferUnderAnotherCommandId_isRefusedAndAppendsNothing() {
        startProcessor(stateDir.resolve("a"));
        String account = "acc-" + run;
        String transfer = "trf-" + run;
        AccountCommand.CreditForTransfer credit = new AccountCommand.CreditForTransfer(account, transfer, 300, "EUR");
        send(Commands.open(id("open"), account), "rest-1");
        send(Commands.envelope(transfer + ":credit", credit), "saga");
        // An outside producer writes the same credit again under an id of its own.
        send(Commands.envelope(id("credit-again"), credit), "producer-2");

        List<ConsumerRecord<String, CommandResult>> results = readResults(3, key -> key.contains(run));
        assertThat(outcome(results, transfer + ":credit", 0)).extracting(CommandOutcome::code, CommandOutcome::version)
                .containsExactly(OutcomeCode.ACCEPTED, 2L);
        CommandOutcome again = outcome(results, id("credit-again"), 0);
        assertThat(again).extracting(CommandOutcome::code, CommandOutcome::version, CommandOutcome::eventCount)
                .containsExactly(OutcomeCode.REJECTED_VALIDATION, 2L, 0);
        assertThat(again.message()).contains("must carry the command id " + transfer + ":credit");
        List<EventEnvelope> events = readEvents(account, 2);
        assertThat(events).extracting(e -> e.meta().commandId()).containsExactly(id("open"), transfer + ":credit");
        assertThat(events.get(1).event()).isEqualTo(new AccountEvent.TransferCredited(account, transfer, 300, "EUR"));
    }

    /** Leaves the group, so a successor with the same application id need not wait out the session timeout. */
    private static void close(KafkaStreams streams) {
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
    }

    private KafkaStreams startProcessor(Path dir) {
        CommandProcessorConfig config = CommandProcessorConfig.defaults(bootstrap, registry.url())
                .withApplicationId("command-processor-test-" + run).withStateDir(dir);
        KafkaStreams streams = CommandProcessorStreams.create(config);
        processors.add(streams);
        CountDownLatch running = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
        });
        streams.start();
        try {
            assertThat(running.await(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                    .as("the processor is RUNNING within " + WAIT + ", it is " + streams.state()).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for the processor", e);
        }
        return streams;
    }

    /** The {@code index}-th result for {@code commandId}. */
    private static ConsumerRecord<String, CommandResult> only(List<ConsumerRecord<String, CommandResult>> results,
            String commandId, int index) {
        return results.stream().filter(r -> r.key().equals(commandId)).skip(index).findFirst()
                .orElseThrow(() -> new AssertionError("no result " + index + " for " + commandId + " in " + results));
    }

    private static CommandOutcome outcome(List<ConsumerRecord<String, CommandResult>> results, String commandId,
            int index) {
        return OutcomeMapper.fromAvro(only(results, commandId, index).value());
    }

    private String id(String name) {
        return name + "-" + run;
    }

    private void send(CommandEnvelope command, String replyTo) {
        Properties props = producerProps();
        props.put(SchemaRegistryClients.URL, registry.url());
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(props, new StringSerializer(),
                configured(new AvroSerializer<>(), props))) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(LedgerHeaders.COMMAND_ID, utf8(command.meta().commandId()));
            headers.add(LedgerHeaders.REPLY_TO, utf8(replyTo));
            producer.send(new ProducerRecord<>(Topics.COMMANDS.name(), null, command.command().aggregateId(),
                    CommandMapper.toAvro(command), headers));
        }
    }

    private byte[] wireFormat(CommandEnvelope command) {
        try (AvroSerializer<SpecificRecord> serializer = new AvroSerializer<>(
                SchemaRegistryClients.create(registry.url(), Map.of()), true)) {
            return serializer.serialize(Topics.COMMANDS.name(), CommandMapper.toAvro(command));
        }
    }

    private List<ConsumerRecord<String, CommandResult>> readResults(int count) {
        return readResults(count, key -> key.endsWith("-" + run));
    }

    private List<ConsumerRecord<String, CommandResult>> readResults(int count, Predicate<String> mine) {
        Properties props = consumerProps();
        props.put(SerdeConfig.VALUE_TYPE, CommandResult.class.getName());
        return read(Topics.COMMAND_RESULTS.name(), new StringDeserializer(),
                configured(new AvroDeserializer<CommandResult>(), props), props,
                r -> mine.test(r.key()), count);
    }

    private List<EventEnvelope> readEvents(String account, int count) {
        Properties props = consumerProps();
        return read(Topics.EVENTS.name(), new StringDeserializer(), configured(new AvroDeserializer<>(), props),
                props, r -> r.key().equals(account), count)
                .stream().map(r -> EventMapper.fromAvro((SpecificRecord) r.value())).toList();
    }

    private List<ConsumerRecord<byte[], byte[]>> readDeadLetters(int count) {
        return read(Topics.DEAD_LETTERS.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                consumerProps(), r -> run.equals(header(r.headers(), "x-test-run")), count);
    }

    /**
     * Reads {@code topic} from the start until {@code count} records match, then a little longer to catch any
     * extra one. Records come in order per partition only.
     */
    private static <K, V> List<ConsumerRecord<K, V>> read(String topic,
            org.apache.kafka.common.serialization.Deserializer<K> keys,
            org.apache.kafka.common.serialization.Deserializer<V> values, Properties props,
            Predicate<ConsumerRecord<K, V>> mine, int count) {
        List<ConsumerRecord<K, V>> found = new ArrayList<>();
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(props, keys, values)) {
            consumer.subscribe(List.of(topic));
            Deadline deadline = new Deadline(WAIT);
            while (found.size() < count) {
                deadline.check(count + " records on " + topic + ", found " + found.size());
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (mine.test(r)) {
                        found.add(r);
                    }
                });
            }
            Deadline settle = new Deadline(Duration.ofSeconds(1));
            while (!settle.passed()) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (mine.test(r)) {
                        found.add(r);
                    }
                });
            }
        }
        assertThat(found).as("records on " + topic).hasSize(count);
        return found;
    }

    private static <T extends org.apache.kafka.common.serialization.Serializer<?>> T configured(T serializer,
            Properties props) {
        serializer.configure(toMap(props), false);
        return serializer;
    }

    private static <T extends org.apache.kafka.common.serialization.Deserializer<?>> T configured(T deserializer,
            Properties props) {
        deserializer.configure(toMap(props), false);
        return deserializer;
    }

    private static Map<String, Object> toMap(Properties props) {
        Map<String, Object> map = new java.util.HashMap<>();
        props.forEach((k, v) -> map.put(k.toString(), v));
        return map;
    }

    private static Properties producerProps() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return props;
    }

    private Properties consumerProps() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + run + "-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(SchemaRegistryClients.URL, registry.url());
        return props;
    }

    /** A bounded wait. */
    private static final class Deadline {
        private final long end;

        Deadline(Duration within) {
            end = System.nanoTime() + within.toNanos();
        }

        boolean passed() {
            return System.nanoTime() - end > 0;
        }

        void check(String waitingFor) {
            if (passed()) {
                throw new AssertionError("timed out waiting for " + waitingFor);
            }
        }
    }
}
