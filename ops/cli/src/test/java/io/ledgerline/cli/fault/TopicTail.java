package io.ledgerline.cli.fault;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Every partition of one topic read from the beginning, without a consumer group, keeping the records whose key
 * passes a filter (the topics are shared by every test in the JVM). Raw bytes: a reader decodes only its own
 * records.
 */
final class TopicTail implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions;
    private final Predicate<String> mine;
    private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();

    /** @param isolation {@code read_committed} (what the ledger's readers use) or {@code read_uncommitted} */
    TopicTail(String bootstrap, String topic, String isolation, Predicate<String> mine) {
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        this.mine = mine;
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Polls once and returns this reader's records among those it got (also kept in {@link #records()}). */
    List<ConsumerRecord<byte[], byte[]>> poll(Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> added = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
            if (record.key() != null && mine.test(new String(record.key(), StandardCharsets.UTF_8))) {
                added.add(record);
            }
        }
        records.addAll(added);
        return added;
    }

    /**
     * Polls until every partition's position reaches the end offset taken now (for {@code read_committed}: the last
     * stable offset), so everything committed before this call has been read.
     */
    void readToEnd(Deadline deadline) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
        while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            deadline.check("the end of " + partitions.get(0).topic() + " at " + end);
            poll(Duration.ofMillis(100));
        }
    }

    List<TopicPartition> partitions() {
        return partitions;
    }

    /** This reader's records so far, in partition offset order per partition. */
    List<ConsumerRecord<byte[], byte[]>> records() {
        return records;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
