package io.ledgerline.cli.projections;

import io.ledgerline.cli.kafka.Cluster;
import io.ledgerline.cli.kafka.TopicReader;
import io.ledgerline.topics.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a projection version (consumer group) is behind {@code ledger.events}, per partition: the read_committed
 * end offset minus the group's committed offset, all of the partition when nothing is committed. When that is at
 * most {@link #COUNTED_LAG} offsets, the records in between are counted instead: an idle exactly-once group stays
 * one offset short of the end when the last transaction's commit marker (an offset, not a record) follows its last
 * record (ADR 0020).
 */
final class ProjectionLag {

    static final long COUNTED_LAG = 1_000;

    /** A group's committed offset on a partition (-1: none) and how many records it is behind the end. */
    record Behind(long committed, long lag) {
    }

    private ProjectionLag() {
    }

    /** The read_committed end offset of each partition of {@code ledger.events}. */
    static Map<TopicPartition, Long> endOffsets(Cluster cluster) {
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

    /** Per partition of {@code ledger.events} in {@code ends}: where {@code group} is and how far behind. */
    static Map<TopicPartition, Behind> lags(Cluster cluster, KafkaConsumer<byte[], byte[]> consumer,
            Map<TopicPartition, Long> ends, String group) {
        Map<TopicPartition, OffsetAndMetadata> committed = committed(cluster, group);
        Map<TopicPartition, Behind> lags = new HashMap<>();
        ends.forEach((partition, end) -> {
            OffsetAndMetadata offset = committed.get(partition);
            if (offset == null) {
                lags.put(partition, new Behind(-1, end));
                return;
            }
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

    static long total(Map<TopicPartition, Behind> lags) {
        return lags.values().stream().mapToLong(Behind::lag).sum();
    }

    /** The offsets the group has committed on {@code ledger.events}, summed: how much of the log it has read. */
    static long processed(Map<TopicPartition, Behind> lags) {
        return lags.values().stream().mapToLong(behind -> Math.max(0, behind.committed())).sum();
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
}
