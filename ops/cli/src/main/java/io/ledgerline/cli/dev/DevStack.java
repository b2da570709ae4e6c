package io.ledgerline.cli.dev;

import io.ledgerline.devkit.kafka.EmbeddedKafka;
import io.ledgerline.devkit.kafka.EmbeddedKafkaConfig;
import io.ledgerline.devkit.registry.EmbeddedSchemaRegistry;
import io.ledgerline.devkit.registry.EmbeddedSchemaRegistryConfig;
import io.ledgerline.registry.CompatibilityLevel;
import io.ledgerline.topics.TopicSetup;
import io.ledgerline.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Everything {@code ledgerline dev} runs in one process, started in dependency order and stopped in reverse:
 * the Kafka broker, the ledger's topics, and the schema registry on top of it. Dev mode's registry checks new
 * schemas BACKWARD_TRANSITIVE (DESIGN.md §6): a schema must read everything any earlier version wrote.
 */
public final class DevStack implements AutoCloseable {

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final EmbeddedKafka kafka;
    private final EmbeddedSchemaRegistry registry;
    private final List<String> createdTopics;

    private DevStack(EmbeddedKafka kafka, EmbeddedSchemaRegistry registry, List<String> createdTopics) {
        this.kafka = kafka;
        this.registry = registry;
        this.createdTopics = createdTopics;
    }

    /** Starts the stack; on any failure, whatever had started is stopped again before the error propagates. */
    public static DevStack start(DevSettings settings) throws InterruptedException, TimeoutException {
        return start(settings, Map.of());
    }

    /** As {@link #start(DevSettings)}, with these broker properties over the embedded broker's (benchmarks). */
    public static DevStack start(DevSettings settings, Map<String, String> brokerProperties)
            throws InterruptedException, TimeoutException {
        EmbeddedKafkaConfig config = EmbeddedKafkaConfig.defaults()
                .withDataDir(settings.dataDir().resolve("kafka"))
                .withPort(settings.kafkaPort())
                .withPartitions(settings.partitions())
                // Dev mode creates every topic it uses; a mistyped topic name must fail, not appear.
                .withBrokerProperty("auto.create.topics.enable", "false");
        for (Map.Entry<String, String> property : brokerProperties.entrySet()) {
            config = config.withBrokerProperty(property.getKey(), property.getValue());
        }
        EmbeddedKafka kafka = new EmbeddedKafka(config);
        EmbeddedSchemaRegistry registry = null;
        try {
            kafka.start();
            List<String> created = createTopics(kafka.bootstrapServers(), settings.partitions());
            registry = new EmbeddedSchemaRegistry(EmbeddedSchemaRegistryConfig.defaults(kafka.bootstrapServers())
                    .withPort(settings.registryPort())
                    .withDefaultCompatibility(CompatibilityLevel.BACKWARD_TRANSITIVE));
            registry.start();
            return new DevStack(kafka, registry, created);
        } catch (RuntimeException | InterruptedException | TimeoutException e) {
            if (registry != null) {
                registry.close();
            }
            kafka.close();
            throw e;
        }
    }

    private static List<String> createTopics(String bootstrapServers, int partitions)
            throws InterruptedException, TimeoutException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            return TopicSetup.createMissing(admin, Topics.LEDGER, Optional.of(partitions), (short) 1, ADMIN_TIMEOUT);
        }
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String registryUrl() {
        return registry.url();
    }

    public Path kafkaDataDir() {
        return kafka.dataDir();
    }

    /** The ledger topics this start created (empty when they all existed already). */
    public List<String> createdTopics() {
        return createdTopics;
    }

    @Override
    public void close() {
        try {
            registry.close();
        } finally {
            kafka.close();
        }
    }
}
