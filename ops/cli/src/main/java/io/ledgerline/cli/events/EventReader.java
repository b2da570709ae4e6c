package io.ledgerline.cli.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerline.cli.kafka.Cluster;
import io.ledgerline.cli.kafka.Output;
import io.ledgerline.cli.kafka.RecordJson;
import io.ledgerline.cli.kafka.TopicReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads events and prints the selected ones. {@code get} reads up to the end offsets seen at the start (and, with a
 * {@code --to-time}, only up to it) and stops; {@code tail} keeps reading until the limit or Ctrl-C.
 */
final class EventReader {

    private static final Duration POLL = Duration.ofMillis(200);

    private final Cluster cluster;
    private final Output out;
    private final RecordJson json;

    EventReader(Cluster cluster, Output out) {
        this.cluster = cluster;
        this.out = out;
        this.json = new RecordJson(cluster.registry());
    }

    /** The partitions to read: only the aggregate's when one is given. */
    List<TopicPartition> partitions(EventSelection selection) {
        String topic = selection.topic();
        int count = cluster.partitions(topic);
        return selection.aggregate()
                .map(id -> List.of(new TopicPartition(topic, KeyPartition.of(id, count))))
                .orElseGet(() -> IntStream.range(0, count).mapToObj(p -> new TopicPartition(topic, p)).toList());
    }

    /** Prints the selected events up to the end offsets of now; returns how many it printed. */
    long get(EventSelection selection) {
        try (KafkaConsumer<byte[], byte[]> consumer = cluster.consumer()) {
            List<TopicPartition> partitions = partitions(selection);
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = selection.toTime == null
                    ? consumer.endOffsets(partitions)
                    : TopicReader.offsetsAt(consumer, partitions, selection.toTime);
            seekStart(consumer, partitions, selection, true);
            long limit = selection.limit();
            long[] printed = {0};
            TopicReader.read(cluster, consumer, ends, record -> {
                if (print(record, selection)) {
                    printed[0]++;
                }
                return printed[0] < limit;
            });
            return printed[0];
        }
    }

    /** Prints selected events as they arrive, until the limit (or forever). */
    long tail(EventSelection selection, boolean fromBeginning) {
        try (KafkaConsumer<byte[], byte[]> consumer = cluster.consumer()) {
            List<TopicPartition> partitions = partitions(selection);
            consumer.assign(partitions);
            seekStart(consumer, partitions, selection, fromBeginning);
            long printed = 0;
            long limit = selection.limit();
            while (printed < limit) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    if (printed < limit && print(record, selection)) {
                        printed++;
                    }
                }
            }
            return printed;
        }
    }

    private static void seekStart(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions,
            EventSelection selection, boolean fromBeginning) {
        if (selection.fromTime != null) {
            TopicReader.offsetsAt(consumer, partitions, selection.fromTime).forEach(consumer::seek);
        } else if (fromBeginning) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
        }
    }

    private boolean print(ConsumerRecord<byte[], byte[]> record, EventSelection selection) {
        if (!selection.inTime(record.timestamp())
                || selection.aggregate().filter(id -> !id.equals(RecordJson.utf8(record.key()))).isPresent()) {
            return false;
        }
        RecordJson.Decoded decoded = json.decode(record.topic(), record.value());
        if (!selection.types.isEmpty() && (decoded.type() == null || !selection.ofType(decoded.type()))) {
            return false;
        }
        ObjectNode object = json.describe(record, decoded);
        out.print(object, text(record, decoded, object));
        return true;
    }

    private static String text(ConsumerRecord<byte[], byte[]> record, RecordJson.Decoded decoded, ObjectNode object) {
        String where = Instant.ofEpochMilli(record.timestamp()) + " " + record.topic() + "-" + record.partition() + "@"
                + record.offset() + " " + RecordJson.utf8(record.key()) + " ";
        return decoded.value() != null
                ? where + decoded.type() + " " + object.get("fields")
                : where + "UNDECODABLE " + decoded.error();
    }
}
