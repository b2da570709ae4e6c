package io.ledgerline.cli.dev;

import io.ledgerline.devkit.Directories;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ledgerline dev}: the whole product in one process, on this machine, until Ctrl-C or SIGTERM. */
@Command(
        name = "dev",
        mixinStandardHelpOptions = true,
        description = {
            "Runs Ledgerline in one process: a real single-node KRaft Kafka broker, the schema registry, the "
                    + "ledger topics, the command service (REST API, command processor and transfer saga) and the "
                    + "query service (projections and read-model REST API). Data under --data-dir "
                    + "survives restarts. Stops cleanly on Ctrl-C or SIGTERM."
        })
public final class DevCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--data-dir", defaultValue = "data", paramLabel = "DIR",
            description = "Where Kafka keeps topics, events and schemas (default: ${DEFAULT-VALUE}).")
    private Path dataDir;

    @Option(names = "--kafka-port", defaultValue = "9092", paramLabel = "PORT",
            description = "Kafka client listener on 127.0.0.1; 0 picks a free port (default: ${DEFAULT-VALUE}).")
    private int kafkaPort;

    @Option(names = "--registry-port", defaultValue = "8081", paramLabel = "PORT",
            description = "Schema registry HTTP port; 0 picks a free port (default: ${DEFAULT-VALUE}).")
    private int registryPort;

    @Option(names = "--command-port", defaultValue = "8080", paramLabel = "PORT",
            description = "Command service REST port; 0 picks a free port (default: ${DEFAULT-VALUE}).")
    private int commandPort;

    @Option(names = "--command-peer-port", defaultValue = "0", paramLabel = "PORT",
            description = "Command service peer endpoint port, where other instances ask for command outcomes (not "
                    + "the API port; ADR 0030); 0 picks a free port (default: ${DEFAULT-VALUE}).")
    private int commandPeerPort;

    @Option(names = "--query-port", defaultValue = "8082", paramLabel = "PORT",
            description = "Query service REST port; 0 picks a free port (default: ${DEFAULT-VALUE}).")
    private int queryPort;

    @Option(names = "--partitions", defaultValue = "6", paramLabel = "N",
            description = "Partitions of the ledger topics when they are first created (default: ${DEFAULT-VALUE}).")
    private int partitions;

    @Option(names = "--reset",
            description = "Delete --data-dir before starting: every topic, event and schema is lost.")
    private boolean reset;

    @Option(names = "--demo",
            description = "Seed demo customers and accounts, then send a deposit or a transfer every second through "
                    + "the command API, until dev stops.")
    private boolean demo;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (reset) {
            Directories.delete(dataDir);
            out.printf("Deleted %s%n", dataDir.toAbsolutePath());
        }
        DevSettings settings = new DevSettings(dataDir, kafkaPort, registryPort, partitions, commandPort);
        DevStack stack = DevStack.start(settings);
        EmbeddedCommandService commands;
        try {
            commands = EmbeddedCommandService.start(stack, commandPort, commandPeerPort,
                    settings.commandStateDir());
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        EmbeddedQueryService queries;
        try {
            queries = EmbeddedQueryService.start(stack, queryPort, settings.queryStateDir());
        } catch (RuntimeException e) {
            try {
                commands.close();
            } finally {
                stack.close();
            }
            throw e;
        }
        DemoTraffic traffic = demo ? DemoTraffic.start(commands.url(), Duration.ofSeconds(1)) : null;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Stopping Ledgerline dev...");
            out.flush();
            if (traffic != null) {
                traffic.close();
            }
            try {
                queries.close();
            } finally {
                try {
                    commands.close();
                } finally {
                    stack.close();
                }
            }
            out.println("Stopped.");
            out.flush();
            stopped.countDown();
        }, "ledgerline-dev-shutdown"));
        // Counted from JVM start, so the figure is what a user waits for after pressing enter.
        printReady(out, stack, commands, queries, ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
        if (traffic != null) {
            out.println("Demo traffic: 6 accounts of 3 customers, then a deposit or transfer every second "
                    + "(watch it: ledgerline events tail --bootstrap-server " + stack.bootstrapServers() + ")");
            out.flush();
        }
        stopped.await();
        return 0;
    }

    private static void printReady(PrintWriter out, DevStack stack, EmbeddedCommandService commands,
            EmbeddedQueryService queries, double seconds) {
        out.printf(Locale.ROOT, "%nLedgerline dev is ready in %.1f s%n", seconds);
        out.printf("  Command API              %s/api  (OpenAPI: %s/v3/api-docs)%n", commands.url(), commands.url());
        out.printf("  Stuck transfers          %s/api/ops/transfers/stuck  (the transfer saga runs in-process)%n",
                commands.url());
        out.printf("  Command peer endpoint    %s{id}  (for other instances; not on the API port)%n",
                commands.internalUrl());
        out.printf("  Query API                %s/api  (OpenAPI: %s/v3/api-docs)%n", queries.url(), queries.url());
        out.printf("  Kafka bootstrap servers  %s%n", stack.bootstrapServers());
        out.printf("  Schema registry          %s%n", stack.registryUrl());
        out.printf("  Data                     %s%n", stack.kafkaDataDir().toAbsolutePath());
        if (!stack.createdTopics().isEmpty()) {
            out.printf("  Created topics           %s%n", String.join(", ", stack.createdTopics()));
        }
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }

}
