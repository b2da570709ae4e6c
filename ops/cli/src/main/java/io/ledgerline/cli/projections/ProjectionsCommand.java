package io.ledgerline.cli.projections;

import picocli.CommandLine.Command;

/** {@code ledgerline projections}: the query service's projection versions (Kafka Streams applications). */
@Command(
        name = "projections",
        mixinStandardHelpOptions = true,
        description = "Inspect the projection versions (Streams applications ledgerline-projections-*).",
        subcommands = {ProjectionsStatusCommand.class})
public final class ProjectionsCommand {
}
