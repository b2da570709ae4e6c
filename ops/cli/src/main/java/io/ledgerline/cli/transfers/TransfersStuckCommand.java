package io.ledgerline.cli.transfers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerline.cli.kafka.Cluster;
import io.ledgerline.cli.kafka.ClusterOptions;
import io.ledgerline.cli.kafka.Output;
import io.ledgerline.command.saga.StuckTransfer;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ledgerline transfers stuck}: every STUCK transfer of the saga application, across its instances
 * ({@link StuckIndex}), longest stuck first, with why it stopped and whether a retry can act on it.
 */
@Command(
        name = "stuck",
        mixinStandardHelpOptions = true,
        description = "List the transfers whose saga is STUCK, across all saga instances: terms, cause, the step it "
                + "waits on, attempts, since when, and whether 'transfers retry' can act on it.")
public final class TransfersStuckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    SagaOptions saga;

    @Option(names = "--limit", defaultValue = "1000", paramLabel = "N",
            description = "Print at most N transfers (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new IllegalArgumentException("--limit must be at least 1, not " + limit);
        }
        Output out = new Output(spec.commandLine().getOut(), cluster.json());
        try (Cluster connected = Cluster.connect(cluster)) {
            List<StuckIndex.Entry> stuck = StuckIndex.read(connected, saga.applicationId);
            stuck.stream().limit(limit).forEach(entry -> print(out, entry));
            if (!out.json()) {
                out.line(stuck.size() + " stuck transfer(s)" + (stuck.size() > limit ? ", " + limit + " shown" : ""));
            }
        }
        return 0;
    }

    private static void print(Output out, StuckIndex.Entry entry) {
        ObjectNode json = Output.object().put("transferId", entry.transferId());
        if (entry.details().isEmpty()) {
            out.print(json.putNull("cause"), entry.transferId() + " STUCK (details: GET /api/ops/transfers/stuck on "
                    + "the instance that owns it)");
            return;
        }
        StuckTransfer t = entry.details().get();
        json.put("fromAccountId", t.fromAccountId()).put("toAccountId", t.toAccountId()).put("amount", t.amount())
                .put("currency", t.currency()).put("cause", t.cause().name()).put("step", t.step())
                .put("attempts", t.attempts()).put("since", t.since().toString()).put("retryable", t.retryable());
        out.print(json, t.transferId() + " " + t.amount() + " " + t.currency() + " " + t.fromAccountId() + " -> "
                + t.toAccountId() + ": " + t.cause() + " on " + t.step() + " after " + t.attempts()
                + " send(s), since " + t.since() + (t.retryable() ? "" : " (not retryable)"));
    }
}
