package io.ledgerline.cli.transfers;

import picocli.CommandLine.Command;

/** {@code ledgerline transfers}: what operators see of and do to the transfer saga (ADR 0032). */
@Command(
        name = "transfers",
        mixinStandardHelpOptions = true,
        description = "List the transfers whose saga is STUCK (all saga instances) and retry a stuck step.",
        subcommands = {TransfersStuckCommand.class, TransfersRetryCommand.class})
public final class TransfersCommand {
}
