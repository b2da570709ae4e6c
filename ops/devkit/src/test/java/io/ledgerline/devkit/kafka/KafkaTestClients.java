package io.ledgerline.devkit.kafka;

import io.ledgerline.devkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain string clients against a test broker, and a bounded poll that waits for what a test expects. */
final class KafkaTestClients {

    static final Duration WAIT = Duration.ofSeconds(30);

    private KafkaTestClients() {
    }

    static String uniqueTopic(String purpose) {
        return "devkit-test-" + purpose + "-" + UUID.randomUUID();
    }

    static void createTopic(String bootstrapServers, String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                    .all().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * The topic's partition count, asked again while the broker answers that it does not know the topic: the
     * controller has created it when {@code createTopics} returns, the broker learns of it a moment later. Fails
     * with the topic's name if the broker still does not know it at the deadline.
     */
    static int partitionCount(Admin admin, String topic) throws Exception {
        return Await.value(() -> "the broker to know " + topic, WAIT, () -> {
            try {
                return Optional.of(admin.describeTopics(List.of(topic)).allTopicNames()
                        .get(WAIT.toMillis(), TimeUnit.MILLISECONDS).get(topic).partitions().size());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    static Set<String> topicNames(String bootstrapServers) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            return admin.listTopics().names().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    static KafkaProducer<String, String> producer(String bootstrapServers) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    static KafkaProducer<String, String> transactionalProducer(String bootstrapServers, String transactionalId) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId), new StringSerializer(), new StringSerializer());
    }

    static KafkaConsumer<String, String> readCommittedConsumer(String bootstrapServers) {
        return readCommittedConsumer(bootstrapServers, "devkit-test-" + UUID.randomUUID());
    }

    static KafkaConsumer<String, String> readCommittedConsumer(String bootstrapServers, String groupId) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new StringDeserializer());
    }

    /**
     * Polls {@code topic} from the beginning until the records read so far satisfy {@code done}, or the deadline
     * passes; returns what was read either way, so the assertion shows what arrived.
     */
    static List<ConsumerRecord<String, String>> pollUntil(String bootstrapServers, String topic,
                                                          Predicate<List<ConsumerRecord<String, String>>> done) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = readCommittedConsumer(bootstrapServers)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!done.test(records) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** Reads {@code count} records of {@code topic} as consumer group {@code groupId} and commits their offsets. */
    static void consumeAndCommit(String bootstrapServers, String topic, String groupId, int count) {
        try (KafkaConsumer<String, String> consumer = readCommittedConsumer(bootstrapServers, groupId)) {
            consumer.subscribe(List.of(topic));
            int read = 0;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (read < count) {
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("timed out after " + WAIT + " reading " + count + " records of " + topic
                            + "; read " + read);
                }
                read += consumer.poll(Duration.ofMillis(200)).count();
            }
            consumer.commitSync(WAIT);
        }
    }

    /** The sum of the offsets {@code groupId} has committed over all partitions. */
    static long committedOffsetTotal(String bootstrapServers, String groupId) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            return admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata()
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS)
                    .values().stream().mapToLong(OffsetAndMetadata::offset).sum();
        }
    }

    static List<String> values(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }
}
