package io.ledgerline.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.devkit.kafka.SharedEmbeddedKafka;
import io.ledgerline.query.versions.ControlCodec;
import io.ledgerline.query.versions.ControlRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.Banner;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A query service started before {@code ledger.projection-control} exists runs the base version, and follows the
 * topic once it is created: a version started there runs here without a restart (issue 6, ADR 0021).
 */
class ControlTopicCreatedLaterTest {

    private static final Duration WITHIN = Duration.ofSeconds(60);

    @TempDir
    Path stateDir;

    @Test
    void givenNoControlTopicAtStart_whenItIsCreatedWithAVersion_thenThatVersionRuns() throws Exception {
        String bootstrap = SharedEmbeddedKafka.bootstrapServersWithLedgerTopics();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String topic = "control-later-" + run;
        String prefix = "control-later-" + run + "-";
        try (ConfigurableApplicationContext service = QueryServiceApplication.builder().bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .run("--server.port=0", "--ledgerline.kafka.bootstrap-servers=" + bootstrap,
                        "--ledgerline.registry.url=" + EventLog.REGISTRY,
                        "--ledgerline.topics.create-missing=false",
                        "--ledgerline.projections.control-topic=" + topic,
                        "--ledgerline.projections.application-id=" + prefix + "v1",
                        "--ledgerline.projections.state-dir=" + stateDir)) {
            ProjectionsRunner runner = service.getBean(ProjectionsRunner.class);
            assertThat(runner.running()).containsOnlyKeys(prefix + "v1");

            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
                    KafkaProducer<String, String> producer = new KafkaProducer<>(
                            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(),
                            new StringSerializer())) {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
                ControlRecord started = new ControlRecord.Run("v2");
                producer.send(new ProducerRecord<>(topic, ControlCodec.key(started), ControlCodec.value(started)))
                        .get();
            }

            Await.until("the version the control topic started", WITHIN,
                    () -> runner.running().containsKey(prefix + "v2"));
            assertThat(runner.running()).containsOnlyKeys(prefix + "v1", prefix + "v2");
        }
    }
}
