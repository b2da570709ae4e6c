package io.ledgerline.cli.transfers;

import picocli.CommandLine.Command;

/** {@code ledgerline transfers}: what operators see of and do to the transfer saga (ADR 0032). */
@Command(
        name = "transfers",
        mixinStandardHelpOptions = true,
        description = "List the transfers whose saga is STUCK (all saga instances), retry a stuck step, and copy "
                + "the answers of unsettled transfers a log older than ADR 0035 lacks.",
        subcommands = {TransfersStuckCommand.class, TransfersRetryCommand.class,
                TransfersBackfillAnswersCommand.class})
public final class TransfersCommand {
}
