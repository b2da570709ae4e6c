package io.ledgerline.cli.kafka;

import io.ledgerline.registry.SchemaRegistryClient;
import io.ledgerline.registry.SchemaRegistryClients;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every operations command shares: where the cluster and the registry are, how long to wait, JSON. */
public final class ClusterOptions {

    @Option(names = "--bootstrap-server", defaultValue = "localhost:9092", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--registry-url", defaultValue = "http://localhost:8081", paramLabel = "URL",
            description = "Schema registry URL (default: ${DEFAULT-VALUE}).")
    String registryUrl;

    @Option(names = "--timeout", defaultValue = "10", paramLabel = "SECONDS",
            description = "How long to wait for Kafka or the registry before failing (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--json", description = "Print JSON, one object per line, instead of text.")
    boolean json;

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String registryUrl() {
        return registryUrl;
    }

    public Duration timeout() {
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("--timeout must be at least 1 second, not " + timeoutSeconds);
        }
        return Duration.ofSeconds(timeoutSeconds);
    }

    public boolean json() {
        return json;
    }

    /** A registry client that gives up within the timeout: no retry rounds, connect bounded by 5 s. */
    public SchemaRegistryClient registry() {
        long millis = timeout().toMillis();
        return SchemaRegistryClients.create(registryUrl, Map.of(
                SchemaRegistryClients.CONNECT_TIMEOUT_MS, Long.toString(Math.min(millis, 5_000)),
                SchemaRegistryClients.REQUEST_TIMEOUT_MS, Long.toString(millis),
                SchemaRegistryClients.MAX_RETRIES, "0"));
    }
}
