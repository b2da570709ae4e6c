package io.ledgerline.cli;

import io.ledgerline.cli.bench.BenchCommand;
import io.ledgerline.cli.dev.DevCommand;
import io.ledgerline.cli.dlq.DlqCommand;
import io.ledgerline.cli.events.EventsCommand;
import io.ledgerline.cli.export.ExportCommand;
import io.ledgerline.cli.projections.ProjectionsCommand;
import io.ledgerline.cli.replay.ReplayCommand;
import io.ledgerline.cli.reset.ResetCommand;
import io.ledgerline.cli.schema.SchemaCommand;
import io.ledgerline.cli.transfers.TransfersCommand;
import io.ledgerline.cli.verify.VerifyCommand;
import io.ledgerline.streams.CommonPool;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ledgerline} command: dev mode, operations tooling and benchmarks. */
@Command(
        name = "ledgerline",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Ledgerline: an event-sourced account ledger on Apache Kafka.",
        subcommands = {DevCommand.class, EventsCommand.class, DlqCommand.class, SchemaCommand.class,
            ReplayCommand.class, ExportCommand.class, ResetCommand.class, VerifyCommand.class,
            ProjectionsCommand.class, TransfersCommand.class, BenchCommand.class,
            CommandLine.HelpCommand.class})
public final class Ledgerline {

    public static void main(String[] args) {
        CommonPool.atLeastTwoWorkers();
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return new CommandLine(new Ledgerline())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(Ledgerline::reportFailure);
    }

    /**
     * A command that fails prints one line saying why and exits with its {@code exitCodeOnExecutionException} (1
     * unless the command says otherwise); the stack trace is for developers ({@code LEDGERLINE_LOG_LEVEL=DEBUG}).
     */
    private static int reportFailure(Exception failure, CommandLine command, CommandLine.ParseResult parsed) {
        command.getErr().println("ledgerline " + command.getCommandName() + ": " + describe(failure));
        if ("DEBUG".equalsIgnoreCase(System.getenv("LEDGERLINE_LOG_LEVEL"))) {
            failure.printStackTrace(command.getErr());
        }
        return command.getCommandSpec().exitCodeOnExecutionException();
    }

    private static String describe(Throwable failure) {
        StringBuilder message = new StringBuilder(String.valueOf(failure.getMessage()));
        for (Throwable cause = failure.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause.getMessage() != null && !message.toString().contains(cause.getMessage())) {
                message.append(": ").append(cause.getMessage());
            }
        }
        return message.toString();
    }
}
