package io.ledgerline.cli.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads partitions from given offsets up to given end offsets (exclusive) and stops: the bounded read behind
 * {@code dlq}, {@code replay} and the redrive log. A read that makes no progress for the timeout fails.
 */
public final class TopicReader {

    private static final Duration POLL = Duration.ofMillis(200);

    private TopicReader() {
    }

    /**
     * Every committed record of the topic as it is now, oldest first within each partition, until {@code each}
     * answers false.
     */
    public static void readAll(Cluster cluster, String topic, Predicate<ConsumerRecord<byte[], byte[]>> each) {
        List<TopicPartition> partitions = IntStream.range(0, cluster.partitions(topic))
                .mapToObj(p -> new TopicPartition(topic, p)).toList();
        try (KafkaConsumer<byte[], byte[]> consumer = cluster.consumer()) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            read(cluster, consumer, consumer.endOffsets(partitions), each);
        }
    }

    /**
     * Reads an assigned, positioned consumer until every partition in {@code ends} reaches its end offset, or until
     * {@code each} answers false.
     */
    public static void read(Cluster cluster, KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends,
            Predicate<ConsumerRecord<byte[], byte[]>> each) {
        long lastProgress = System.nanoTime();
        while (!reached(consumer, ends)) {
            boolean progressed = false;
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                progressed = true;
                if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))
                        && !each.test(record)) {
                    return;
                }
            }
            if (progressed) {
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > cluster.timeout().toNanos()) {
                throw new IllegalStateException("no progress reading " + ends.keySet() + " for "
                        + cluster.timeout().toSeconds() + " s");
            }
        }
    }

    /**
     * Per partition, the first offset whose timestamp is at or after the time (Kafka's offsetsForTimes), or the end
     * offset when there is none. Exact when timestamps rise within a partition, as the command processor writes them.
     */
    public static Map<TopicPartition, Long> offsetsAt(KafkaConsumer<byte[], byte[]> consumer,
            List<TopicPartition> partitions, Instant time) {
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(partition -> query.put(partition, time.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp at = found.get(partition);
            offsets.put(partition, at == null ? ends.get(partition) : at.offset());
        }
        return offsets;
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
    }
}
