package io.ledgerline.cli.dev;

import java.nio.file.Path;

/** What {@code ledgerline dev} was asked to run: where data lives and which ports to listen on (0 = any free). */
public record DevSettings(Path dataDir, int kafkaPort, int registryPort, int partitions) {
}
