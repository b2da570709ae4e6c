package io.ledgerline.devkit.registry;

import io.ledgerline.registry.CompatibilityLevel;
import io.ledgerline.topics.Topics;
import java.time.Duration;
import java.util.Objects;

/**
 * How to run the embedded schema registry.
 *
 * @param bootstrapServers     the Kafka cluster that holds the registry's topic
 * @param host                 the address the HTTP server binds to
 * @param port                 the HTTP port; 0 picks a free one at start
 * @param topic                the compacted, single-partition topic the registry stores its state in
 * @param replicationFactor    the topic's replication factor when the registry creates it
 * @param defaultCompatibility the global compatibility level until one is set with {@code PUT /config}
 * @param maxRequestBytes      the largest request body accepted; larger ones are answered 413
 * @param operationTimeout     how long a request may wait for Kafka (a write, or reading the log up to it)
 * @param maxWriteAttempts     how often a write that lost a race with another instance is retried with fresh numbers
 * @param httpThreads          the threads serving HTTP requests
 */
public record EmbeddedSchemaRegistryConfig(
        String bootstrapServers,
        String host,
        int port,
        String topic,
        short replicationFactor,
        CompatibilityLevel defaultCompatibility,
        int maxRequestBytes,
        Duration operationTimeout,
        int maxWriteAttempts,
        int httpThreads) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8081;
    public static final String DEFAULT_TOPIC = Topics.SCHEMAS.name();
    public static final int DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;
    public static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_WRITE_ATTEMPTS = 10;
    public static final int DEFAULT_HTTP_THREADS = 4;

    public EmbeddedSchemaRegistryConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(defaultCompatibility, "defaultCompatibility");
        Objects.requireNonNull(operationTimeout, "operationTimeout");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("registry port must be between 0 and 65535, got " + port);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replicationFactor must be at least 1, got " + replicationFactor);
        }
        if (maxRequestBytes < 1 || maxWriteAttempts < 1 || httpThreads < 1) {
            throw new IllegalArgumentException("maxRequestBytes, maxWriteAttempts and httpThreads must be positive");
        }
        if (operationTimeout.isNegative() || operationTimeout.isZero()) {
            throw new IllegalArgumentException("operationTimeout must be positive, got " + operationTimeout);
        }
    }

    /** 127.0.0.1:8081, topic {@code _schemas} with replication factor 1, BACKWARD, 1 MiB bodies, 30 s waits. */
    public static EmbeddedSchemaRegistryConfig defaults(String bootstrapServers) {
        return new EmbeddedSchemaRegistryConfig(bootstrapServers, DEFAULT_HOST, DEFAULT_PORT, DEFAULT_TOPIC, (short) 1,
                CompatibilityLevel.BACKWARD, DEFAULT_MAX_REQUEST_BYTES, DEFAULT_OPERATION_TIMEOUT,
                DEFAULT_MAX_WRITE_ATTEMPTS, DEFAULT_HTTP_THREADS);
    }

    public EmbeddedSchemaRegistryConfig withHost(String host) {
        return new EmbeddedSchemaRegistryConfig(bootstrapServers, host, port, topic, replicationFactor,
                defaultCompatibility, maxRequestBytes, operationTimeout, maxWriteAttempts, httpThreads);
    }

    public EmbeddedSchemaRegistryConfig withPort(int port) {
        return new EmbeddedSchemaRegistryConfig(bootstrapServers, host, port, topic, replicationFactor,
                defaultCompatibility, maxRequestBytes, operationTimeout, maxWriteAttempts, httpThreads);
    }

    public EmbeddedSchemaRegistryConfig withTopic(String topic) {
        return new EmbeddedSchemaRegistryConfig(bootstrapServers, host, port, topic, replicationFactor,
                defaultCompatibility, maxRequestBytes, operationTimeout, maxWriteAttempts, httpThreads);
    }

    public EmbeddedSchemaRegistryConfig withReplicationFactor(short replicationFactor) {
        return new EmbeddedSchemaRegistryConfig(bootstrapServers, host, port, topic, replicationFactor,
                defaultCompatibility, maxRequestBytes, operationTimeout, maxWriteAttempts, httpThreads);
    }

    public EmbeddedSchemaRegistryConfig withDefaultCompatibility(CompatibilityLevel defaultCompatibility) {
        return new EmbeddedSchemaRegistryConfig(bootstrapServers, host, port, topic, replicationFactor,
                defaultCompatibility, maxRequestBytes, operationTimeout, maxWriteAttempts, httpThreads);
    }

    public EmbeddedSchemaRegistryConfig withMaxRequestBytes(int maxRequestBytes) {
        return new EmbeddedSchemaRegistryConfig(bootstrapServers, host, port, topic, replicationFactor,
                defaultCompatibility, maxRequestBytes, operationTimeout, maxWriteAttempts, httpThreads);
    }

    public EmbeddedSchemaRegistryConfig withOperationTimeout(Duration operationTimeout) {
        return new EmbeddedSchemaRegistryConfig(bootstrapServers, host, port, topic, replicationFactor,
                defaultCompatibility, maxRequestBytes, operationTimeout, maxWriteAttempts, httpThreads);
    }
}
