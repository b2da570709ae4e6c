package io.ledgerline.devkit.kafka;

import static io.ledgerline.devkit.kafka.KafkaTestClients.committedOffsetTotal;
import static io.ledgerline.devkit.kafka.KafkaTestClients.consumeAndCommit;
import static io.ledgerline.devkit.kafka.KafkaTestClients.createTopic;
import static io.ledgerline.devkit.kafka.KafkaTestClients.pollUntil;
import static io.ledgerline.devkit.kafka.KafkaTestClients.topicNames;
import static io.ledgerline.devkit.kafka.KafkaTestClients.uniqueTopic;
import static io.ledgerline.devkit.kafka.KafkaTestClients.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaLifecycleTest {

    @TempDir
    Path dataDir;

    @Test
    void givenRecordsWritten_whenRestartedOnSameDataDir_thenTopicRecordsOffsetsAndClusterIdRemain() throws Exception {
        EmbeddedKafkaConfig config = EmbeddedKafkaConfig.defaults().withDataDir(dataDir).withPort(0);
        String topic = uniqueTopic("restart");
        String groupId = topic + "-projection";
        String clusterId;

        try (EmbeddedKafka broker = new EmbeddedKafka(config).start()) {
            clusterId = broker.clusterId();
            createTopic(broker.bootstrapServers(), topic, 2);
            try (KafkaProducer<String, String> producer = KafkaTestClients.producer(broker.bootstrapServers())) {
                producer.send(new ProducerRecord<>(topic, "acc-1", "opened")).get(30, TimeUnit.SECONDS);
                producer.send(new ProducerRecord<>(topic, "acc-1", "deposited")).get(30, TimeUnit.SECONDS);
            }
            consumeAndCommit(broker.bootstrapServers(), topic, groupId, 2);
        }

        try (EmbeddedKafka restarted = new EmbeddedKafka(config).start()) {
            assertThat(restarted.clusterId()).isEqualTo(clusterId);
            assertThat(topicNames(restarted.bootstrapServers())).contains(topic);
            assertThat(values(pollUntil(restarted.bootstrapServers(), topic, read -> read.size() >= 2)))
                    .containsExactly("opened", "deposited");
            assertThat(committedOffsetTotal(restarted.bootstrapServers(), groupId)).isEqualTo(2);
        }
    }

    @Test
    void givenStartedBroker_whenClosedTwice_thenSecondCloseDoesNothingAndStartAgainIsRefused() {
        EmbeddedKafka broker = new EmbeddedKafka(EmbeddedKafkaConfig.defaults().withDataDir(dataDir).withPort(0)).start();

        broker.close();
        broker.close();

        assertThat(broker.isRunning()).isFalse();
        assertThatThrownBy(broker::bootstrapServers).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(broker::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Create a new EmbeddedKafka");
    }

    @Test
    void givenBrokerRunning_whenSecondBrokerStartsOnSameDataDir_thenItIsRefusedAndFirstKeepsServing() throws Exception {
        EmbeddedKafkaConfig config = EmbeddedKafkaConfig.defaults().withDataDir(dataDir).withPort(0);

        try (EmbeddedKafka first = new EmbeddedKafka(config).start()) {
            EmbeddedKafka second = new EmbeddedKafka(config);

            assertThatThrownBy(second::start)
                    .isInstanceOf(EmbeddedKafkaException.class)
                    .hasMessageContaining("Kafka data directory " + dataDir.toAbsolutePath())
                    .hasMessageContaining("is in use");
            String topic = uniqueTopic("after-refused-second");
            createTopic(first.bootstrapServers(), topic, 1);
            assertThat(topicNames(first.bootstrapServers())).contains(topic);
        }
    }

    @Test
    void givenInvalidBrokerProperty_whenStarted_thenFailsNamingItAndReleasesTheDataDir() {
        EmbeddedKafkaConfig config = EmbeddedKafkaConfig.defaults().withDataDir(dataDir).withPort(0);
        EmbeddedKafka invalid = new EmbeddedKafka(config.withBrokerProperty("log.retention.ms", "forever"));

        assertThatThrownBy(invalid::start)
                .isInstanceOf(EmbeddedKafkaException.class)
                .hasMessageContaining("Invalid Kafka broker configuration")
                .hasMessageContaining("log.retention.ms");

        try (EmbeddedKafka valid = new EmbeddedKafka(config).start()) {
            assertThat(valid.isRunning()).isTrue();
        }
    }
}
