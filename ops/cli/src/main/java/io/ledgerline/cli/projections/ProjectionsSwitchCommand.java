package io.ledgerline.cli.projections;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerline.cli.kafka.Cluster;
import io.ledgerline.cli.kafka.ClusterOptions;
import io.ledgerline.cli.kafka.Output;
import io.ledgerline.query.versions.ControlRecord;
import io.ledgerline.query.versions.ReadModel;
import io.ledgerline.query.versions.VersionPlan;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ledgerline projections switch <name|all> <version>}: routes reads of read models to a version, refused unless
 * the version runs and has caught up (ADR 0021).
 */
@Command(
        name = "switch",
        mixinStandardHelpOptions = true,
        description = "Serve the reads of a read model (or all) from a projection version. Refused unless the version "
                + "runs and is at most --max-lag events behind ledger.events.")
public final class ProjectionsSwitchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    ProjectionOptions projections;

    @Parameters(index = "0", paramLabel = "NAME",
            description = "all, or one of account, statement, activity, portfolio, transfer, totals.")
    String name;

    @Parameters(index = "1", paramLabel = "VERSION", description = "The version to serve reads from, e.g. v2.")
    String version;

    @Option(names = "--max-lag", defaultValue = "100", paramLabel = "EVENTS",
            description = "The most events the version may be behind (default: ${DEFAULT-VALUE}).")
    long maxLag;

    @Override
    public Integer call() throws InterruptedException {
        List<ReadModel> models = ProjectionVersions.models(name);
        ControlRecord.requireValid(version);
        Output out = new Output(spec.commandLine().getOut(), cluster.json());
        try (Cluster connected = Cluster.connect(cluster)) {
            switchReads(connected, projections, models, version, maxLag, out);
        }
        return 0;
    }

    /**
     * Checks the version, writes one serve record per read model, and waits (up to the timeout) until the query
     * service at {@code --query-url} says it serves them from the version; prints what now serves them.
     */
    static void switchReads(Cluster cluster, ProjectionOptions options, List<ReadModel> models, String version,
            long maxLag, Output out) throws InterruptedException {
        String controlTopic = options.controlTopic();
        VersionPlan plan = ControlTopic.read(cluster, controlTopic);
        if (plan.dropped(version)) {
            throw new IllegalArgumentException("projection version " + version + " was dropped; it cannot serve "
                    + "reads again");
        }
        ProjectionVersions.requireCaughtUp(cluster, version, maxLag);
        ControlTopic.write(cluster, controlTopic, models.stream()
                .map(model -> new ControlRecord.Serve(model, version)).toList());
        ObjectNode json = Output.object();
        json.put("action", "switch");
        json.put("version", version);
        json.put("applicationId", ProjectionVersions.applicationId(version));
        models.forEach(model -> json.withArray("readModels").add(model.id()));
        boolean confirmed = confirmed(options.queryUrl(), cluster.timeout(), models, version);
        json.put("confirmedBy", confirmed ? options.queryUrl() : null);
        out.print(json, "reads of " + models.stream().map(ReadModel::id).collect(Collectors.joining(", "))
                + " now served by " + version + " (" + ProjectionVersions.applicationId(version) + ")"
                + (confirmed ? "" : "; the query service at " + options.queryUrl() + " did not confirm it within "
                        + cluster.timeout().toSeconds() + " s (every instance applies the control topic itself)"));
    }

    private static boolean confirmed(String queryUrl, Duration timeout, List<ReadModel> models, String version)
            throws InterruptedException {
        String id = ProjectionVersions.applicationId(version);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            Optional<Map<String, String>> serving = ProjectionVersions.serving(queryUrl, timeout);
            if (serving.isEmpty()) {
                return false;
            }
            if (models.stream().allMatch(model -> id.equals(serving.get().get(model.id())))) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }
}
