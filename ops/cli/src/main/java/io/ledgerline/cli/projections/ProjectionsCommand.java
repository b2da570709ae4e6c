package io.ledgerline.cli.projections;

import picocli.CommandLine.Command;

/** {@code ledgerline projections}: the query service's projection versions (Kafka Streams applications). */
@Command(
        name = "projections",
        mixinStandardHelpOptions = true,
        description = "Inspect, rebuild, switch and drop the projection versions (Streams applications "
                + "ledgerline-projections-*).",
        subcommands = {ProjectionsStatusCommand.class, ProjectionsRebuildCommand.class,
                ProjectionsSwitchCommand.class, ProjectionsDropCommand.class})
public final class ProjectionsCommand {
}
