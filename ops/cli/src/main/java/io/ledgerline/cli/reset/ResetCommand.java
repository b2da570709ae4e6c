package io.ledgerline.cli.reset;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerline.cli.kafka.Cluster;
import io.ledgerline.cli.kafka.ClusterOptions;
import io.ledgerline.cli.kafka.Output;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ledgerline reset}: a Kafka Streams application back to the start of its input, with the Admin API (ADR
 * 0014 says why not Kafka's StreamsResetter): its consumer group's committed offsets on input topics go to the
 * earliest offsets, and its internal topics ({@code <application>-...-changelog}, {@code -repartition}) are deleted,
 * so its next start rebuilds every store from the input. Refused while any member of the group is alive.
 */
@Command(
        name = "reset",
        mixinStandardHelpOptions = true,
        description = {
            "Reset a Kafka Streams application: its committed input offsets to the earliest ones, its changelog and "
                    + "repartition topics deleted. Refused while the application has active members (stop every "
                    + "instance first). Each instance must also wipe its local state directory (KafkaStreams.cleanUp() "
                    + "or delete state.dir/<application>) before it starts again."
        })
public final class ResetCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Parameters(paramLabel = "APPLICATION", description = "The application.id (= its consumer group id).")
    String application;

    @Option(names = "--dry-run", description = "Print what would be reset and deleted; change nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        Output out = new Output(spec.commandLine().getOut(), cluster.json());
        try (Cluster connected = Cluster.connect(cluster)) {
            Admin admin = connected.admin();
            refuseWhileActive(connected);
            Set<String> topics = connected.await(admin.listTopics().names(), "listing topics");
            List<String> internal = topics.stream().filter(this::isInternal).sorted().toList();
            Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>(connected.await(
                    admin.listConsumerGroupOffsets(application).partitionsToOffsetAndMetadata(),
                    "reading the offsets of " + application));
            committed.keySet().removeIf(partition -> isInternal(partition.topic())
                    || !topics.contains(partition.topic()));
            Map<TopicPartition, Long> earliest = earliest(connected, committed.keySet());
            String verb = dryRun ? "would " : "";
            for (Map.Entry<TopicPartition, Long> reset : sorted(earliest).entrySet()) {
                OffsetAndMetadata from = committed.get(reset.getKey());
                ObjectNode object = Output.object();
                object.put("action", "reset-offset");
                object.put("topic", reset.getKey().topic());
                object.put("partition", reset.getKey().partition());
                object.put("from", from == null ? null : from.offset());
                object.put("to", reset.getValue());
                object.put("dryRun", dryRun);
                out.print(object, verb + "reset " + reset.getKey() + " from " + (from == null ? "-" : from.offset())
                        + " to " + reset.getValue());
            }
            for (String topic : internal) {
                ObjectNode object = Output.object();
                object.put("action", "delete-topic");
                object.put("topic", topic);
                object.put("dryRun", dryRun);
                out.print(object, verb + "delete " + topic);
            }
            if (!dryRun) {
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                earliest.forEach((partition, offset) -> offsets.put(partition, new OffsetAndMetadata(offset)));
                connected.await(admin.alterConsumerGroupOffsets(application, offsets).all(),
                        "resetting the offsets of " + application);
                connected.await(admin.deleteTopics(internal).all(), "deleting the internal topics of " + application);
            }
        }
        return 0;
    }

    private void refuseWhileActive(Cluster connected) {
        ConsumerGroupDescription group;
        try {
            group = connected.await(connected.admin().describeConsumerGroups(List.of(application))
                    .describedGroups().get(application), "describing " + application);
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                throw new IllegalArgumentException("no application (consumer group) named " + application);
            }
            throw e;
        }
        if (!group.members().isEmpty()) {
            throw new IllegalStateException("refusing to reset " + application + " while it has "
                    + group.members().size() + " active member(s) (" + String.join(", ", group.members().stream()
                            .map(MemberDescription::clientId).distinct().sorted().toList())
                    + "); stop every instance first");
        }
    }

    private static Map<TopicPartition, Long> sorted(Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, Long> sorted = new TreeMap<>(
                Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        sorted.putAll(offsets);
        return sorted;
    }

    /** Streams names internal topics {@code <application.id>-<name>-changelog|-repartition}. */
    private boolean isInternal(String topic) {
        return topic.startsWith(application + "-") && (topic.endsWith("-changelog") || topic.endsWith("-repartition"));
    }

    private static Map<TopicPartition, Long> earliest(Cluster connected, Set<TopicPartition> partitions) {
        Map<TopicPartition, OffsetSpec> query = new HashMap<>();
        partitions.forEach(partition -> query.put(partition, OffsetSpec.earliest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> found = connected.await(
                connected.admin().listOffsets(query).all(), "finding the earliest offsets");
        Map<TopicPartition, Long> earliest = new HashMap<>();
        found.forEach((partition, info) -> earliest.put(partition, info.offset()));
        return earliest;
    }
}
