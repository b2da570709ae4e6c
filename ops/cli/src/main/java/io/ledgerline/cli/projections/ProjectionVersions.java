package io.ledgerline.cli.projections;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerline.cli.kafka.Cluster;
import io.ledgerline.cli.verify.QueryApi;
import io.ledgerline.query.versions.ControlRecord;
import io.ledgerline.query.versions.ReadModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/** What {@code rebuild}, {@code switch} and {@code drop} share: names, group state, the serving versions, a switch. */
final class ProjectionVersions {

    /** Each version is the Streams application (and consumer group) {@code ledgerline-projections-<version>}. */
    static final String PREFIX = "ledgerline-projections-";

    private ProjectionVersions() {
    }

    static String applicationId(String version) {
        return PREFIX + ControlRecord.requireValid(version);
    }

    /** {@code all} or one read model's name. */
    static List<ReadModel> models(String nameOrAll) {
        return nameOrAll.equals("all") ? List.of(ReadModel.values()) : List.of(ReadModel.parse(nameOrAll));
    }

    /** The group, unless it does not exist (or is dead: no members, no offsets). */
    static Optional<ConsumerGroupDescription> group(Cluster cluster, String groupId) {
        try {
            ConsumerGroupDescription group = cluster.await(cluster.admin().describeConsumerGroups(List.of(groupId))
                    .describedGroups().get(groupId), "describing " + groupId);
            return group.groupState() == GroupState.DEAD ? Optional.empty() : Optional.of(group);
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * The query service's view, from its {@code /actuator/info}: the application id serving each read model; empty
     * when it does not answer.
     */
    static Optional<Map<String, String>> serving(String queryUrl, Duration timeout) {
        try {
            return new QueryApi(queryUrl, timeout).get("/actuator/info", Duration.ZERO)
                    .map(info -> info.path("projections").path("serving"))
                    .filter(JsonNode::isObject)
                    .map(node -> {
                        Map<String, String> serving = new TreeMap<>();
                        node.fields().forEachRemaining(field -> serving.put(field.getKey(), field.getValue().asText()));
                        return serving;
                    });
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
    }

    /** The application ids the query service at {@code queryUrl} runs; empty when it does not answer. */
    static List<String> running(String queryUrl, Duration timeout) {
        try {
            return new QueryApi(queryUrl, timeout).get("/actuator/info", Duration.ZERO)
                    .map(info -> info.path("projections").path("running"))
                    .filter(JsonNode::isArray)
                    .map(ids -> {
                        List<String> running = new ArrayList<>();
                        ids.forEach(id -> running.add(id.asText()));
                        return running;
                    })
                    .orElse(List.of());
        } catch (IllegalStateException e) {
            return List.of();
        }
    }

    /**
     * Whether the query service at {@code queryUrl} reports the application {@code applicationId} ready (running, every
     * local store restored) in its {@code /actuator/info}; empty when it does not answer or does not say.
     */
    static Optional<Boolean> ready(String queryUrl, Duration timeout, String applicationId) {
        try {
            return new QueryApi(queryUrl, timeout).get("/actuator/info", Duration.ZERO)
                    .map(info -> info.path("projections").path("ready"))
                    .filter(JsonNode::isArray)
                    .map(ready -> {
                        for (JsonNode id : ready) {
                            if (id.asText().equals(applicationId)) {
                                return true;
                            }
                        }
                        return false;
                    });
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
    }

    /**
     * Fails, saying why, unless {@code version} runs (its group has members), has committed on every partition that
     * has records, and is at most {@code maxLag} records behind {@code ledger.events} on all partitions together.
     */
    static void requireCaughtUp(Cluster cluster, String version, long maxLag) {
        String id = applicationId(version);
        ConsumerGroupDescription group = group(cluster, id).orElseThrow(() -> new IllegalArgumentException(
                "no projection version " + version + " (no consumer group " + id + "); start it with "
                        + "ledgerline projections rebuild all --version " + version));
        if (group.members().isEmpty()) {
            throw new IllegalStateException("projection version " + version + " is not running (group " + id
                    + " has no members); reads can only move to a running version");
        }
        try (KafkaConsumer<byte[], byte[]> consumer = cluster.consumer()) {
            Map<TopicPartition, ProjectionLag.Behind> lags = ProjectionLag.lags(cluster, consumer,
                    ProjectionLag.endOffsets(cluster), id);
            long lag = ProjectionLag.total(lags);
            // A version that has not committed on a partition with records has not shown it read anything there.
            if (lag > maxLag || lags.values().stream().anyMatch(b -> b.committed() < 0 && b.lag() > 0)) {
                throw new IllegalStateException("projection version " + version + " is " + lag
                        + " events behind ledger.events (more than --max-lag " + maxLag
                        + "); wait for ledgerline projections rebuild to report it caught up");
            }
        }
    }
}
