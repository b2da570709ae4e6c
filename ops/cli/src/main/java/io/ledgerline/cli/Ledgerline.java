package io.ledgerline.cli;

import io.ledgerline.cli.bench.BenchCommand;
import io.ledgerline.cli.dev.DevCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ledgerline} command: dev mode, operations tooling and benchmarks. */
@Command(
        name = "ledgerline",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Ledgerline: an event-sourced account ledger on Apache Kafka.",
        subcommands = {DevCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Ledgerline {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new Ledgerline()).setCaseInsensitiveEnumValuesAllowed(true);
    }
}
