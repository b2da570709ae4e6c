package io.ledgerline.cli.projections;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerline.cli.kafka.Cluster;
import io.ledgerline.cli.kafka.ClusterOptions;
import io.ledgerline.cli.kafka.Output;
import io.ledgerline.query.versions.ReadModel;
import io.ledgerline.query.versions.VersionPlan;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ledgerline projections status}: per projection version (consumer group {@code ledgerline-projections-*}),
 * its members and state, what the control topic says of it (run, drop), its lag on {@code ledger.events} per
 * partition ({@link ProjectionLag}), and which read models the query service serves from it (its
 * {@code /actuator/info} names the application id serving each).
 */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Show each projection version: state (active: has members; empty; dead; no group: started "
                + "in the control topic but not joined yet), lag per partition of ledger.events, and which read "
                + "models the query service serves from it.")
public final class ProjectionsStatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    ProjectionOptions projections;

    @Option(names = "--application-id", paramLabel = "ID",
            description = "Only this projection version's Streams application id (default: every group named "
                    + ProjectionVersions.PREFIX + "*).")
    String applicationId;

    @Override
    public Integer call() {
        Output out = new Output(spec.commandLine().getOut(), cluster.json());
        try (Cluster connected = Cluster.connect(cluster)) {
            Set<String> groups = applicationId != null ? Set.of(applicationId) : connected.await(connected.admin()
                            .listGroups(ListGroupsOptions.forConsumerGroups()).all(), "listing consumer groups")
                    .stream().map(GroupListing::groupId).filter(id -> id.startsWith(ProjectionVersions.PREFIX))
                    .collect(Collectors.toCollection(TreeSet::new));
            VersionPlan plan = ControlTopic.read(connected, projections.controlTopic());
            // A version the control topic started whose query service has not joined yet has no group: show it too.
            Set<String> withoutGroup = plan.known().stream().map(ProjectionVersions::applicationId)
                    .filter(id -> !groups.contains(id) && (applicationId == null || applicationId.equals(id)))
                    .collect(Collectors.toCollection(TreeSet::new));
            if (groups.isEmpty() && withoutGroup.isEmpty()) {
                out.print(Output.object().put("groups", 0), "no projection versions: no consumer group named "
                        + ProjectionVersions.PREFIX + "* and none in the control topic");
                return 0;
            }
            Map<String, ConsumerGroupDescription> described = groups.isEmpty() ? Map.of() : connected.await(
                    connected.admin().describeConsumerGroups(groups).all(), "describing consumer groups");
            Map<TopicPartition, Long> ends = ProjectionLag.endOffsets(connected);
            Optional<Map<String, String>> serving = ProjectionVersions.serving(projections.queryUrl(),
                    cluster.timeout());
            try (KafkaConsumer<byte[], byte[]> consumer = connected.consumer()) {
                for (String group : new TreeSet<>(groups)) {
                    ConsumerGroupDescription description = described.get(group);
                    int members = description.members().size();
                    GroupState groupState = description.groupState();
                    String state = members > 0 ? "active" : groupState == GroupState.EMPTY ? "empty"
                            : groupState == GroupState.DEAD ? "dead" : groupState.toString().toLowerCase();
                    print(out, group, state, groupState.toString(), members,
                            ProjectionLag.lags(connected, consumer, ends, group), ends, plan, serving);
                }
                for (String group : withoutGroup) {
                    print(out, group, "no group", "NONE", 0, ProjectionLag.lags(connected, consumer, ends, group),
                            ends, plan, serving);
                }
            }
            if (serving.isEmpty()) {
                out.print(Output.object().put("queryService", projections.queryUrl()).putNull("servesReads"),
                        "query service at " + projections.queryUrl() + " did not answer: which version serves reads "
                                + "is unknown");
            }
        }
        return 0;
    }

    private void print(Output out, String id, String state, String groupState, int members,
            Map<TopicPartition, ProjectionLag.Behind> lags, Map<TopicPartition, Long> ends, VersionPlan plan,
            Optional<Map<String, String>> serving) {
        String version = id.substring(id.lastIndexOf('-') + 1);
        ObjectNode json = Output.object();
        json.put("applicationId", id);
        json.put("version", version);
        json.put("state", state);
        json.put("groupState", groupState);
        json.put("members", members);
        json.put("control", plan.dropped(version) ? "drop" : plan.started(version) ? "run" : "none");
        ArrayNode partitions = json.putArray("partitions");
        StringBuilder lines = new StringBuilder();
        for (TopicPartition partition : ends.keySet().stream().sorted((a, b) -> a.partition() - b.partition())
                .toList()) {
            long end = ends.get(partition);
            ProjectionLag.Behind at = lags.get(partition);
            ObjectNode line = partitions.addObject();
            line.put("partition", partition.partition());
            line.put("end", end);
            if (at.committed() >= 0) {
                line.put("committed", at.committed());
            }
            line.put("lag", at.lag());
            lines.append(System.lineSeparator()).append("  ").append(partition).append(" committed ")
                    .append(at.committed() < 0 ? "none" : Long.toString(at.committed())).append(" end ").append(end)
                    .append(" lag ").append(at.lag());
        }
        json.put("lag", ProjectionLag.total(lags));
        List<String> serves = serving.map(map -> map.entrySet().stream().filter(e -> e.getValue().equals(id))
                .map(Map.Entry::getKey).toList()).orElse(List.of());
        serving.ifPresent(known -> {
            json.put("servesReads", !serves.isEmpty());
            serves.forEach(model -> json.withArray("serves").add(model));
        });
        String servesText = serves.isEmpty() ? "" : serves.size() == ReadModel.values().length ? " serves reads"
                : " serves reads of " + String.join(", ", serves);
        out.print(json, id + " version " + version + " " + state + " (" + members + " member(s), " + groupState
                + ") lag " + ProjectionLag.total(lags) + servesText + lines);
    }
}
