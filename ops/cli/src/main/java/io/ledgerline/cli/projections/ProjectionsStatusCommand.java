package io.ledgerline.cli.projections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerline.cli.kafka.Cluster;
import io.ledgerline.cli.kafka.ClusterOptions;
import io.ledgerline.cli.kafka.Output;
import io.ledgerline.cli.kafka.TopicReader;
import io.ledgerline.cli.verify.QueryApi;
import io.ledgerline.topics.Topics;
import java.time.Duration;
import java.util.HashMap;
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
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ledgerline projections status}: per projection version (consumer group {@code ledgerline-projections-*}),
 * its members and state, its lag on {@code ledger.events} per partition (the read_committed end offset minus the
 * group's committed offset; all of the partition when nothing is committed), and whether the query service serves
 * reads from it (its {@code /actuator/info} names its application id).
 */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Show each projection version: state (active: has members; empty; dead), lag per partition of "
                + "ledger.events, and which version the query service serves reads from.")
public final class ProjectionsStatusCommand implements Callable<Integer> {

    static final String PREFIX = "ledgerline-projections-";
    /** A lag of at most this many offsets is counted in records (see {@link #lags}). */
    private static final long COUNTED_LAG = 1_000;

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--application-id", paramLabel = "ID",
            description = "Only this projection version's Streams application id (default: every group named "
                    + PREFIX + "*).")
    String applicationId;

    @Option(names = "--query-url", defaultValue = "http://localhost:8082", paramLabel = "URL",
            description = "The query service asked which version serves reads (default: ${DEFAULT-VALUE}).")
    String queryUrl;

    @Override
    public Integer call() {
        Output out = new Output(spec.commandLine().getOut(), cluster.json());
        try (Cluster connected = Cluster.connect(cluster)) {
            Set<String> groups = applicationId != null ? Set.of(applicationId) : connected.await(connected.admin()
                            .listGroups(ListGroupsOptions.forConsumerGroups()).all(), "listing consumer groups")
                    .stream().map(GroupListing::groupId).filter(id -> id.startsWith(PREFIX))
                    .collect(Collectors.toCollection(TreeSet::new));
            if (groups.isEmpty()) {
                out.print(Output.object().put("groups", 0), "no projection versions: no consumer group named "
                        + PREFIX + "*");
                return 0;
            }
            Map<String, ConsumerGroupDescription> described = connected.await(
                    connected.admin().describeConsumerGroups(groups).all(), "describing consumer groups");
            Map<TopicPartition, Long> ends = endOffsets(connected);
            Optional<String> serving = servingApplicationId();
            try (KafkaConsumer<byte[], byte[]> consumer = connected.consumer()) {
                for (String group : new TreeSet<>(groups)) {
                    print(out, described.get(group), ends, lags(connected, consumer, ends,
                            committed(connected, group)), serving);
                }
            }
            if (serving.isEmpty()) {
                out.print(Output.object().put("queryService", queryUrl).putNull("servesReads"), "query service at "
                        + queryUrl + " did not answer: which version serves reads is unknown");
            }
        }
        return 0;
    }

    private void print(Output out, ConsumerGroupDescription group, Map<TopicPartition, Long> ends,
            Map<TopicPartition, Behind> lags, Optional<String> serving) {
        int members = group.members().size();
        GroupState groupState = group.groupState();
        String state = members > 0 ? "active" : groupState == GroupState.EMPTY ? "empty"
                : groupState == GroupState.DEAD ? "dead" : groupState.toString().toLowerCase();
        String id = group.groupId();
        ObjectNode json = Output.object();
        json.put("applicationId", id);
        json.put("version", id.substring(id.lastIndexOf('-') + 1));
        json.put("state", state);
        json.put("groupState", groupState.toString());
        json.put("members", members);
        ArrayNode partitions = json.putArray("partitions");
        StringBuilder lines = new StringBuilder();
        long total = 0;
        for (TopicPartition partition : ends.keySet().stream().sorted((a, b) -> a.partition() - b.partition())
                .toList()) {
            long end = ends.get(partition);
            Behind at = lags.get(partition);
            long lag = at == null ? end : at.lag();
            total += lag;
            ObjectNode line = partitions.addObject();
            line.put("partition", partition.partition());
            line.put("end", end);
            if (at != null) {
                line.put("committed", at.committed());
            }
            line.put("lag", lag);
            lines.append(System.lineSeparator()).append("  ").append(partition).append(" committed ")
                    .append(at == null ? "none" : Long.toString(at.committed())).append(" end ").append(end)
                    .append(" lag ").append(lag);
        }
        json.put("lag", total);
        serving.ifPresent(served -> json.put("servesReads", served.equals(id)));
        out.print(json, id + " version " + json.get("version").asText() + " " + state + " (" + members
                + " member(s), " + groupState + ") lag " + total
                + serving.map(served -> served.equals(id) ? " serves reads" : "").orElse("") + lines);
    }

    private static Map<TopicPartition, Long> endOffsets(Cluster cluster) {
        String topic = Topics.EVENTS.name();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < cluster.partitions(topic); p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        cluster.await(cluster.admin().listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                        .all(), "reading the end offsets of " + topic)
                .forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }

    /**
     * Per partition with a committed offset: that offset and the lag. The lag is the offsets between it and the end,
     * except when they are few: then the records are counted, because an idle exactly-once group stays one offset
     * short of the end when the last transaction's commit marker (an offset, not a record) follows its last record.
     */
    /** A group's committed offset on a partition and how many records it is behind the end. */
    private record Behind(long committed, long lag) {
    }

    private static Map<TopicPartition, Behind> lags(Cluster cluster, KafkaConsumer<byte[], byte[]> consumer,
            Map<TopicPartition, Long> ends, Map<TopicPartition, OffsetAndMetadata> committed) {
        Map<TopicPartition, Behind> lags = new HashMap<>();
        committed.forEach((partition, offset) -> {
            long end = ends.getOrDefault(partition, 0L);
            long lag = Math.max(0, end - offset.offset());
            if (lag > 0 && lag <= COUNTED_LAG) {
                long[] records = {0};
                consumer.assign(List.of(partition));
                consumer.seek(partition, offset.offset());
                TopicReader.read(cluster, consumer, Map.of(partition, end), record -> ++records[0] > 0);
                lag = records[0];
            }
            lags.put(partition, new Behind(offset.offset(), lag));
        });
        return lags;
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed(Cluster cluster, String group) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        cluster.await(cluster.admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(),
                "reading the committed offsets of " + group).forEach((partition, offset) -> {
                    if (offset != null && partition.topic().equals(Topics.EVENTS.name())) {
                        offsets.put(partition, offset);
                    }
                });
        return offsets;
    }

    /** The application id the query service reads from, or empty when it does not answer. */
    private Optional<String> servingApplicationId() {
        try {
            return new QueryApi(queryUrl, cluster.timeout()).get("/actuator/info", Duration.ZERO)
                    .map(info -> info.path("projections").path("applicationId"))
                    .filter(JsonNode::isTextual).map(JsonNode::asText);
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
    }
}
