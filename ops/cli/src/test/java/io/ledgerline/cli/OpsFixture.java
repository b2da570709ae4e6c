package io.ledgerline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.avro.event.AccountOpened;
import io.ledgerline.avro.event.MoneyDeposited;
import io.ledgerline.devkit.kafka.SharedEmbeddedKafka;
import io.ledgerline.devkit.registry.EmbeddedSchemaRegistry;
import io.ledgerline.devkit.registry.EmbeddedSchemaRegistryConfig;
import io.ledgerline.registry.SchemaRegistryClient;
import io.ledgerline.registry.SchemaRegistryClients;
import io.ledgerline.serde.AvroSerializer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * What the operations command tests share: the JVM's shared broker with the ledger topics, one embedded registry per
 * JVM (on its own schemas topic), unique topic names, sample events, and running the CLI with captured output.
 */
public final class OpsFixture {

    public static final Duration WAIT = Duration.ofSeconds(30);

    private static EmbeddedSchemaRegistry registry;

    private OpsFixture() {
    }

    public static String bootstrapServers() {
        return SharedEmbeddedKafka.bootstrapServersWithLedgerTopics();
    }

    public static synchronized String registryUrl() {
        if (registry == null) {
            EmbeddedSchemaRegistry started = new EmbeddedSchemaRegistry(
                    EmbeddedSchemaRegistryConfig.defaults(bootstrapServers())
                            .withPort(0)
                            .withTopic("_schemas-cli-test-" + UUID.randomUUID())).start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "ops-test-registry-stop"));
            registry = started;
        }
        return registry.url();
    }

    public static SchemaRegistryClient registryClient() {
        return SchemaRegistryClients.create(registryUrl(), Map.of());
    }

    public static String uniqueTopic(String purpose) {
        return "cli-test-" + purpose + "-" + UUID.randomUUID();
    }

    public static String createTopic(String purpose, int partitions) throws Exception {
        String topic = uniqueTopic(purpose);
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all()
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
        return topic;
    }

    public static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    /** The end offsets of every partition of a topic. */
    public static Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
        try (Admin admin = admin()) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS).get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<TopicPartition, Long> ends = new java.util.HashMap<>();
            admin.listOffsets(latest).all().get(WAIT.toMillis(), TimeUnit.MILLISECONDS)
                    .forEach((partition, info) -> ends.put(partition, info.offset()));
            return ends;
        }
    }

    /** Every committed record of {@code topic}, up to its end offsets as they are now. */
    public static List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic) throws Exception {
        Map<TopicPartition, Long> ends = endOffsets(topic);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(ends.keySet());
            consumer.seekToBeginning(ends.keySet());
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                assertThat(System.nanoTime()).as("read %s within %s", topic, WAIT).isLessThan(deadline);
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /**
     * Commits {@code groupId}'s offsets at the current end of {@code topic}, so a new application on this JVM's shared
     * broker starts where the log ends instead of applying again, on a fresh state, what earlier tests wrote there
     * (a new command processor would append their events a second time).
     */
    public static void startAtEnd(String groupId, String topic) throws Exception {
        Map<TopicPartition, Long> ends = endOffsets(topic);
        Map<TopicPartition, OffsetAndMetadata> start = new java.util.HashMap<>();
        ends.forEach((partition, offset) -> start.put(partition, new OffsetAndMetadata(offset)));
        try (Admin admin = admin()) {
            admin.alterConsumerGroupOffsets(groupId, start).all().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
        long skipped = ends.values().stream().mapToLong(Long::longValue).sum();
        LoggerFactory.getLogger(OpsFixture.class).info("{} starts at the end of {}: {} earlier records not read",
                groupId, topic, skipped);
    }

    /** A producer of Avro events keyed by aggregate id, as the command processor writes them. */
    public static KafkaProducer<String, SpecificRecord> eventProducer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new AvroSerializer<>(registryClient(), true));
    }

    public static AccountOpened opened(String accountId, Instant at) {
        return AccountOpened.newBuilder().setEventId(accountId + "-open:0").setVersion(1).setOccurredAt(at)
                .setCommandId(accountId + "-open").setAccountId(accountId).setCustomerId("cust-" + accountId)
                .setCurrency("EUR").setHolderName("Holder " + accountId).build();
    }

    public static MoneyDeposited deposited(String accountId, long amount, Instant at) {
        return MoneyDeposited.newBuilder().setEventId(accountId + "-dep:0").setVersion(2).setOccurredAt(at)
                .setCommandId(accountId + "-dep").setAccountId(accountId).setAmount(amount).setCurrency("EUR")
                .setReference(null).build();
    }

    /** Runs the CLI in this JVM against the shared broker and registry. */
    public static Run run(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--bootstrap-server", bootstrapServers(), "--registry-url", registryUrl()));
        return runExactly(all.toArray(String[]::new));
    }

    /** Runs the CLI with exactly these arguments. */
    public static Run runExactly(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Ledgerline.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** What a CLI run printed and its exit code. */
    public record Run(int exit, String out, String err) {

        public List<String> lines() {
            return out.isBlank() ? List.of() : List.of(out.strip().split("\\R"));
        }
    }
}
