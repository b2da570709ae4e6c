package io.ledgerline.cli.dev;

import java.nio.file.Path;

/**
 * What {@code ledgerline dev} was asked to run: where data lives and which ports to listen on (0 = any free).
 * {@link DevStack} uses the infrastructure part; {@link DevCommand} adds the services.
 */
public record DevSettings(Path dataDir, int kafkaPort, int registryPort, int partitions, int commandPort) {

    /** Where the command service keeps its Kafka Streams state stores. */
    public Path commandStateDir() {
        return dataDir.resolve("streams");
    }

    /** Where the query service keeps its projections' state stores. */
    public Path queryStateDir() {
        return dataDir.resolve("query-streams");
    }
}
