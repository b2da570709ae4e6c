package io.ledgerline.cli.events;

import io.ledgerline.cli.kafka.Cluster;
import io.ledgerline.cli.kafka.ClusterOptions;
import io.ledgerline.cli.kafka.Output;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ledgerline events tail|get}: the event log decoded through the registry. */
@Command(
        name = "events",
        mixinStandardHelpOptions = true,
        description = "Read ledger.events decoded through the schema registry: one event per line (JSON with --json).",
        subcommands = {EventsCommand.Get.class, EventsCommand.Tail.class})
public final class EventsCommand {

    @Command(
            name = "get",
            mixinStandardHelpOptions = true,
            description = {
                "Print the events selected from the log as it is now, then stop.",
                "With --aggregate only the partition the id hashes to is read (murmur2 of the key modulo the "
                        + "partition count, exactly as Kafka's default partitioner placed it), not the whole log."
            })
    static final class Get implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        ClusterOptions cluster;

        @Mixin
        EventSelection selection;

        @Override
        public Integer call() {
            long started = System.nanoTime();
            try (Cluster connected = Cluster.connect(cluster)) {
                long printed = new EventReader(connected, new Output(spec.commandLine().getOut(), cluster.json()))
                        .get(selection);
                // On stderr, so stdout stays the events alone.
                spec.commandLine().getErr().printf(Locale.ROOT, "%d event(s) in %.2f s%n", printed,
                        (System.nanoTime() - started) / 1e9);
            }
            return 0;
        }
    }

    @Command(
            name = "tail",
            mixinStandardHelpOptions = true,
            description = "Print selected events as they are appended (from the end of the log unless --from-beginning "
                    + "or --from-time), until --limit or Ctrl-C.")
    static final class Tail implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        ClusterOptions cluster;

        @Mixin
        EventSelection selection;

        @Option(names = "--from-beginning", description = "Start at the oldest event rather than at the end.")
        boolean fromBeginning;

        @Override
        public Integer call() {
            try (Cluster connected = Cluster.connect(cluster)) {
                new EventReader(connected, new Output(spec.commandLine().getOut(), cluster.json()))
                        .tail(selection, fromBeginning);
            }
            return 0;
        }
    }
}
