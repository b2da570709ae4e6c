package io.ledgerline.devkit.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerline.devkit.kafka.SharedEmbeddedKafka;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The registry's topic: created compacted with one partition, refused with more, and foreign records skipped. */
class SchemaTopicTest {

    private static final String X = RegistryHttp.schema("{\"name\":\"x\",\"type\":\"string\"}");

    private static EmbeddedSchemaRegistryConfig config(String topic) {
        return EmbeddedSchemaRegistryConfig.defaults(SharedEmbeddedKafka.bootstrapServers()).withTopic(topic).withPort(0);
    }

    @Test
    void givenNoTopic_whenRegistryStarts_thenCompactedSinglePartitionTopicCreated() throws Exception {
        String topic = "_schemas-created-" + UUID.randomUUID();

        try (EmbeddedSchemaRegistry registry = new EmbeddedSchemaRegistry(config(topic)).start();
             Admin admin = Admin.create(Map.of("bootstrap.servers", SharedEmbeddedKafka.bootstrapServers()))) {
            var description = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config topicConfig = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);

            assertThat(description.partitions()).hasSize(1);
            assertThat(topicConfig.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");
            assertThat(registry.url()).startsWith("http://127.0.0.1:");
        }
    }

    @Test
    void givenPortInUse_whenSecondRegistryStarts_thenRefusedNamingThePort() {
        String topic = "_schemas-port-" + UUID.randomUUID();
        try (EmbeddedSchemaRegistry first = new EmbeddedSchemaRegistry(config(topic)).start()) {
            EmbeddedSchemaRegistry second = new EmbeddedSchemaRegistry(config(topic).withPort(first.port()));

            assertThatThrownBy(second::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("127.0.0.1:" + first.port());
            assertThat(new RegistryHttp(first.url()).get("/subjects").status()).isEqualTo(200);
        }
    }

    @Test
    void givenTopicWithTwoPartitions_whenRegistryStarts_thenRefused() throws Exception {
        String topic = "_schemas-two-partitions-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedEmbeddedKafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }

        assertThatThrownBy(() -> new EmbeddedSchemaRegistry(config(topic)).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("2 partitions");
    }

    @Test
    void givenForeignAndBrokenRecordsInTopic_whenRegistryStarts_thenSkippedAndRegistryWorks() throws Exception {
        String topic = "_schemas-foreign-" + UUID.randomUUID();
        try (EmbeddedSchemaRegistry first = new EmbeddedSchemaRegistry(config(topic)).start()) {
            new RegistryHttp(first.url()).register("s", X);
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", SharedEmbeddedKafka.bootstrapServers(), "acks", "all"),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, 0, "{\"keytype\":\"NOOP\",\"magic\":0}", null)).get();
            producer.send(new ProducerRecord<>(topic, 0, "not json", "also not json")).get();
            producer.send(new ProducerRecord<>(topic, 0, "{\"format\":1,\"keytype\":\"CONFIG\",\"subject\":\"s\"}",
                    "{\"compatibilityLevel\":\"SIDEWAYS\"}")).get();
        }

        try (EmbeddedSchemaRegistry second = new EmbeddedSchemaRegistry(config(topic)).start()) {
            RegistryHttp http = new RegistryHttp(second.url());

            assertThat(http.get("/subjects/s/versions").json().toString()).isEqualTo("[1]");
            assertThat(http.register("s", X)).isEqualTo(1);
            assertThat(http.get("/config/s").errorCode()).isEqualTo(40408);
        }
    }
}
