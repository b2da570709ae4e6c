package io.ledgerline.cli.bench;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * What a phase appended to some topics, read from the broker: offsets (records plus one transaction marker per
 * partition and transaction) and bytes of log (record batches as stored: batch headers, keys, values, headers). Per
 * operation, these say how much Kafka work an operation is, independent of how loaded the machine is.
 */
final class TopicGrowth {

    private static final long TIMEOUT_SECONDS = 30;

    /** One reading: end offset and log bytes per topic, summed over its partitions. */
    record Reading(Map<String, Long> offsets, Map<String, Long> bytes) {
    }

    private TopicGrowth() {
    }

    /** The topics' end offsets and log sizes now, summed per topic over partitions and log dirs. */
    static Reading read(Admin admin, Collection<String> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
        admin.describeTopics(topics).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).values()
                .forEach(topic -> topic.partitions().forEach(p ->
                        latest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest())));
        Map<String, Long> offsets = new TreeMap<>();
        for (Map.Entry<TopicPartition, ListOffsetsResultInfo> end : admin.listOffsets(latest).all()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).entrySet()) {
            offsets.merge(end.getKey().topic(), end.getValue().offset(), Long::sum);
        }
        Map<String, Long> bytes = new TreeMap<>();
        List<Integer> brokers = admin.describeCluster().nodes().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).stream()
                .map(node -> node.id()).toList();
        for (Map<String, LogDirDescription> dirs : admin.describeLogDirs(brokers).allDescriptions()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).values()) {
            dirs.values().forEach(dir -> dir.replicaInfos().forEach((partition, replica) -> {
                if (offsets.containsKey(partition.topic())) {
                    bytes.merge(partition.topic(), replica.size(), Long::sum);
                }
            }));
        }
        return new Reading(offsets, bytes);
    }

    /** Per operation between two readings, by topic: {records, bytes}, plus a "total" row. */
    static Map<String, Map<String, Double>> perOperation(Reading before, Reading after, long operations) {
        Map<String, Map<String, Double>> per = new LinkedHashMap<>();
        double records = 0;
        double bytes = 0;
        for (String topic : after.offsets().keySet()) {
            double r = (after.offsets().get(topic) - before.offsets().getOrDefault(topic, 0L)) / (double) operations;
            double b = (after.bytes().getOrDefault(topic, 0L) - before.bytes().getOrDefault(topic, 0L))
                    / (double) operations;
            per.put(topic, Map.of("offsets", round(r), "bytes", round(b)));
            records += r;
            bytes += b;
        }
        per.put("total", Map.of("offsets", round(records), "bytes", round(bytes)));
        return per;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
