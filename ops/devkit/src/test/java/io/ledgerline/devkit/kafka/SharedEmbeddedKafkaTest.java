package io.ledgerline.devkit.kafka;

import static io.ledgerline.devkit.kafka.KafkaTestClients.createTopic;
import static io.ledgerline.devkit.kafka.KafkaTestClients.partitionCount;
import static io.ledgerline.devkit.kafka.KafkaTestClients.pollUntil;
import static io.ledgerline.devkit.kafka.KafkaTestClients.uniqueTopic;
import static io.ledgerline.devkit.kafka.KafkaTestClients.values;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class SharedEmbeddedKafkaTest {

    private final String bootstrapServers = SharedEmbeddedKafka.bootstrapServers();

    @Test
    void sharedBroker_isOneRunningBrokerOnAPickedPort() {
        EmbeddedKafka broker = SharedEmbeddedKafka.get();

        assertThat(SharedEmbeddedKafka.get()).isSameAs(broker);
        assertThat(broker.isRunning()).isTrue();
        assertThat(broker.port()).isPositive().isNotEqualTo(EmbeddedKafkaConfig.DEFAULT_PORT);
        assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + broker.port());
    }

    @Test
    void givenTopic_whenProduced_thenConsumedInOrderPerKey() throws Exception {
        String topic = uniqueTopic("plain");
        createTopic(bootstrapServers, topic, 3);

        try (KafkaProducer<String, String> producer = KafkaTestClients.producer(bootstrapServers)) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, "acc-1", "event-" + i)).get(30, TimeUnit.SECONDS);
            }
        }

        List<ConsumerRecord<String, String>> records = pollUntil(bootstrapServers, topic, read -> read.size() >= 10);
        assertThat(values(records)).containsExactly(
                "event-0", "event-1", "event-2", "event-3", "event-4",
                "event-5", "event-6", "event-7", "event-8", "event-9");
    }

    @Test
    void givenTopicWithoutPartitionCount_whenCreatedByAdmin_thenItHasTheDefaultSixPartitions() throws Exception {
        String topic = uniqueTopic("default-partitions");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty())))
                    .all().get(30, TimeUnit.SECONDS);
            int partitions = partitionCount(admin, topic);
            assertThat(partitions).isEqualTo(EmbeddedKafkaConfig.DEFAULT_PARTITIONS);
        }
    }

    @Test
    void givenCommittedAndAbortedTransactions_whenReadCommitted_thenOnlyCommittedRecordsSeen() throws Exception {
        String topic = uniqueTopic("transactions");
        createTopic(bootstrapServers, topic, 1);

        try (KafkaProducer<String, String> producer =
                     KafkaTestClients.transactionalProducer(bootstrapServers, topic + "-tx")) {
            producer.initTransactions();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "acc-1", "committed-1"));
            producer.send(new ProducerRecord<>(topic, "acc-1", "committed-2"));
            producer.commitTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "acc-1", "aborted"));
            producer.flush();
            producer.abortTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "acc-1", "committed-3"));
            producer.commitTransaction();
        }

        // committed-3 comes after the aborted batch, so once it is read the aborted record had its chance to appear.
        List<ConsumerRecord<String, String>> records = pollUntil(bootstrapServers, topic,
                read -> values(read).contains("committed-3"));
        assertThat(values(records)).containsExactly("committed-1", "committed-2", "committed-3");
    }
}
