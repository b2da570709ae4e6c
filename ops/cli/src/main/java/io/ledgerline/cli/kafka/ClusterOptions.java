package io.ledgerline.cli.kafka;

import java.time.Duration;
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
}
