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
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ledgerline projections drop <version>} (ADR 0021): refused while the version serves any reads (by the control
 * log or by the query service's own account); otherwise the instances are told to stop it and delete its local state,
 * and once its group has no members left its consumer group and internal topics are deleted.
 */
@Command(
        name = "drop",
        mixinStandardHelpOptions = true,
        description = "Stop a projection version on every query service instance, delete its local state, its "
                + "consumer group and its changelog and repartition topics. Refused while it serves reads.")
public final class ProjectionsDropCommand implements Callable<Integer> {

    private static final Duration POLL = Duration.ofMillis(250);

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    ProjectionOptions projections;

    @Parameters(paramLabel = "VERSION", description = "The version to drop, e.g. v1.")
    String version;

    @Option(names = "--wait", defaultValue = "120", paramLabel = "SECONDS",
            description = "How long the instances may take to stop the version (they first let the reads already "
                    + "on it finish) (default: ${DEFAULT-VALUE}).")
    int waitSeconds;

    @Override
    public Integer call() throws InterruptedException {
        String id = ProjectionVersions.applicationId(version);
        Output out = new Output(spec.commandLine().getOut(), cluster.json());
        try (Cluster connected = Cluster.connect(cluster)) {
            VersionPlan plan = ControlTopic.read(connected, projections.controlTopic());
            refuseWhileServing(plan, id);
            if (!plan.dropped(version)) {
                ControlTopic.write(connected, projections.controlTopic(), List.of(new ControlRecord.Drop(version)));
            }
            print(out, "stop", id, "told the query service instances to stop " + id + " and delete its local state");
            awaitNoMembers(connected, id);
            try {
                connected.await(connected.admin().deleteConsumerGroups(List.of(id)).all(), "deleting group " + id);
                print(out, "delete-group", id, "deleted consumer group " + id);
            } catch (IllegalStateException e) {
                if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                    throw e;
                }
            }
            Set<String> internal = connected.await(connected.admin().listTopics().names(), "listing topics").stream()
                    .filter(topic -> topic.startsWith(id + "-")
                            && (topic.endsWith("-changelog") || topic.endsWith("-repartition")))
                    .collect(Collectors.toCollection(TreeSet::new));
            if (!internal.isEmpty()) {
                connected.await(connected.admin().deleteTopics(internal).all(), "deleting the topics of " + id);
            }
            for (String topic : internal) {
                print(out, "delete-topic", topic, "deleted topic " + topic);
            }
        }
        return 0;
    }

    private void refuseWhileServing(VersionPlan plan, String id) {
        List<ReadModel> serves = plan.serves(version);
        if (!serves.isEmpty()) {
            throw servesReads(serves.stream().map(ReadModel::id).toList());
        }
        Map<String, String> serving = ProjectionVersions.serving(projections.queryUrl(), cluster.timeout())
                .orElseThrow(() -> new IllegalStateException("cannot tell which version serves reads: the query "
                        + "service at " + projections.queryUrl() + " did not answer; refusing to drop " + version));
        List<String> servedByIt = serving.entrySet().stream().filter(entry -> entry.getValue().equals(id))
                .map(Map.Entry::getKey).toList();
        if (!servedByIt.isEmpty()) {
            throw servesReads(servedByIt);
        }
    }

    private IllegalStateException servesReads(List<String> models) {
        return new IllegalStateException("refusing to drop " + version + ": it serves the reads of "
                + String.join(", ", models) + "; switch them to another version first (ledgerline projections "
                + "switch all <version>)");
    }

    private void awaitNoMembers(Cluster connected, String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(waitSeconds).toNanos();
        while (true) {
            ConsumerGroupDescription group = ProjectionVersions.group(connected, id).orElse(null);
            if (group == null || group.members().isEmpty()) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(id + " still has " + group.members().size() + " member(s) after "
                        + waitSeconds + " s; run drop again once the instances have stopped it");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private static void print(Output out, String action, String target, String text) {
        ObjectNode json = Output.object();
        json.put("action", action);
        json.put("target", target);
        out.print(json, text);
    }
}
