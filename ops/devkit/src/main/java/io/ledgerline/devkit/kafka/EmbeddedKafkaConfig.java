package io.ledgerline.devkit.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to run the embedded single-node KRaft broker.
 *
 * @param dataDir          where the broker keeps its log and metadata; formatted on first start, reused afterwards
 * @param host             the address both listeners bind to and the broker advertises
 * @param port             the client listener's port; 0 picks a free one at start
 * @param partitions       {@code num.partitions}: the partition count of topics created without one
 * @param startupTimeout   how long {@link EmbeddedKafka#start()} waits for the broker to serve clients
 * @param brokerProperties broker properties that override the defaults of {@link BrokerProperties}
 */
public record EmbeddedKafkaConfig(
        Path dataDir,
        String host,
        int port,
        int partitions,
        Duration startupTimeout,
        Map<String, String> brokerProperties) {

    public static final Path DEFAULT_DATA_DIR = Path.of("data", "kafka");
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 9092;
    public static final int DEFAULT_PARTITIONS = 6;
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(60);

    public EmbeddedKafkaConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(startupTimeout, "startupTimeout");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("Kafka port must be between 0 and 65535, got " + port);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("num.partitions must be at least 1, got " + partitions);
        }
        if (startupTimeout.isNegative() || startupTimeout.isZero()) {
            throw new IllegalArgumentException("startupTimeout must be positive, got " + startupTimeout);
        }
        brokerProperties = Map.copyOf(brokerProperties);
    }

    /** {@code ./data/kafka}, 127.0.0.1:9092, 6 partitions, 60 s to start, no extra broker properties. */
    public static EmbeddedKafkaConfig defaults() {
        return new EmbeddedKafkaConfig(DEFAULT_DATA_DIR, DEFAULT_HOST, DEFAULT_PORT, DEFAULT_PARTITIONS,
                DEFAULT_STARTUP_TIMEOUT, Map.of());
    }

    public EmbeddedKafkaConfig withDataDir(Path dataDir) {
        return new EmbeddedKafkaConfig(dataDir, host, port, partitions, startupTimeout, brokerProperties);
    }

    public EmbeddedKafkaConfig withHost(String host) {
        return new EmbeddedKafkaConfig(dataDir, host, port, partitions, startupTimeout, brokerProperties);
    }

    public EmbeddedKafkaConfig withPort(int port) {
        return new EmbeddedKafkaConfig(dataDir, host, port, partitions, startupTimeout, brokerProperties);
    }

    public EmbeddedKafkaConfig withPartitions(int partitions) {
        return new EmbeddedKafkaConfig(dataDir, host, port, partitions, startupTimeout, brokerProperties);
    }

    public EmbeddedKafkaConfig withStartupTimeout(Duration startupTimeout) {
        return new EmbeddedKafkaConfig(dataDir, host, port, partitions, startupTimeout, brokerProperties);
    }

    /** Adds (or replaces) one broker property; it wins over the defaults. */
    public EmbeddedKafkaConfig withBrokerProperty(String name, String value) {
        Map<String, String> merged = new HashMap<>(brokerProperties);
        merged.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return new EmbeddedKafkaConfig(dataDir, host, port, partitions, startupTimeout, merged);
    }
}
