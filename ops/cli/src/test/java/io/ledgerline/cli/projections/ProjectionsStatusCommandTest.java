package io.ledgerline.cli.projections;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerline.cli.OpsFixture;
import io.ledgerline.devkit.Await;
import io.ledgerline.query.QueryServiceApplication;
import io.ledgerline.query.versions.ControlCodec;
import io.ledgerline.query.versions.ControlRecord;
import io.ledgerline.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.Banner;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code ledgerline projections status} with two projection versions on the shared broker: one run by a real query
 * service in this JVM (which serves reads from it) and one whose group committed offset 0 everywhere and has no
 * members, as a version left behind.
 */
class ProjectionsStatusCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path stateDir;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String live = "ledgerline-projections-live" + run;
    private final String behind = "ledgerline-projections-behind" + run;

    @Test
    void givenRunningAndLaggingVersions_whenStatus_thenStateLagAndServingVersion() throws Exception {
        try (KafkaProducer<String, SpecificRecord> producer = OpsFixture.eventProducer()) {
            String account = "acc-" + run;
            producer.send(new ProducerRecord<>(Topics.EVENTS.name(), account, OpsFixture.opened(account,
                    Instant.now()))).get();
        }
        Map<TopicPartition, Long> ends = OpsFixture.endOffsets(Topics.EVENTS.name());
        try (Admin admin = OpsFixture.admin()) {
            Map<TopicPartition, OffsetAndMetadata> zero = new HashMap<>();
            ends.keySet().forEach(partition -> zero.put(partition, new OffsetAndMetadata(0)));
            admin.alterConsumerGroupOffsets(behind, zero).all().get(30, TimeUnit.SECONDS);
            // The live version starts at today's end: a full run's shared log is too long to project from zero here.
            Map<TopicPartition, OffsetAndMetadata> end = new HashMap<>();
            ends.forEach((partition, offset) -> end.put(partition, new OffsetAndMetadata(offset)));
            admin.alterConsumerGroupOffsets(live, end).all().get(30, TimeUnit.SECONDS);
        }
        try (ConfigurableApplicationContext queries = startQueryService()) {
            String url = "http://127.0.0.1:" + ((WebServerApplicationContext) queries).getWebServer().getPort();
            StringBuilder last = new StringBuilder();
            JsonNode caughtUp = Await.value(() -> live + " active and caught up; last status " + last,
                    Duration.ofMinutes(3), () -> {
                        OpsFixture.Run status = OpsFixture.run("projections", "status", "--query-url", url, "--json");
                        assertThat(status.exit()).as(status.err()).isZero();
                        last.setLength(0);
                        last.append(group(status, live).map(JsonNode::toString).orElse(status.out()));
                        return group(status, live).filter(g -> g.path("state").asText().equals("active")
                                && g.path("lag").asLong() == 0 && g.path("servesReads").asBoolean());
                    });
            OpsFixture.Run status = OpsFixture.run("projections", "status", "--query-url", url, "--json");
            JsonNode lagging = group(status, behind).orElseThrow();
            long all = ends.values().stream().mapToLong(Long::longValue).sum();

            assertThat(caughtUp.path("version").asText()).isEqualTo("live" + run);
            assertThat(caughtUp.path("members").asInt()).isPositive();
            assertThat(lagging.path("state").asText()).isEqualTo("empty");
            assertThat(lagging.path("lag").asLong()).isPositive().isLessThanOrEqualTo(all);
            assertThat(lagging.path("servesReads").asBoolean(true)).isFalse();
            assertThat(lagging.path("partitions")).hasSize(ends.size());

            OpsFixture.Run one = OpsFixture.run("projections", "status", "--query-url", url, "--application-id",
                    live);
            assertThat(one.lines()).first().asString().startsWith(live + " version live" + run + " active (")
                    .endsWith(" serves reads");
            assertThat(one.out()).doesNotContain(behind);
        }
    }

    @Test
    void givenUnreachableQueryService_whenStatus_thenGroupsShownAndServingVersionUnknown() throws Exception {
        try (Admin admin = OpsFixture.admin()) {
            admin.alterConsumerGroupOffsets(behind, Map.of(new TopicPartition(Topics.EVENTS.name(), 0),
                    new OffsetAndMetadata(0))).all().get(30, TimeUnit.SECONDS);
        }

        OpsFixture.Run status = OpsFixture.run("projections", "status", "--application-id", behind, "--query-url",
                "http://127.0.0.1:1");

        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.lines()).first().asString()
                .startsWith(behind + " version behind" + run + " empty (0 member(s)");
        assertThat(status.lines()).last().asString().isEqualTo("query service at http://127.0.0.1:1 did not answer:"
                + " which version serves reads is unknown");
    }

    @Test
    void givenVersionStartedInControlTopicWithoutGroup_whenStatus_thenShownAsNoGroupWithFullLag() throws Exception {
        String controlTopic = OpsFixture.createTopic("control", 1);
        String version = "nogroup" + run;
        ControlRecord started = new ControlRecord.Run(version);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, OpsFixture.bootstrapServers()), new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(controlTopic, ControlCodec.key(started), ControlCodec.value(started)))
                    .get(30, TimeUnit.SECONDS);
        }
        long all = OpsFixture.endOffsets(Topics.EVENTS.name()).values().stream().mapToLong(Long::longValue).sum();

        OpsFixture.Run status = OpsFixture.run("projections", "status", "--control-topic", controlTopic,
                "--query-url", "http://127.0.0.1:1", "--json");

        assertThat(status.exit()).as(status.err()).isZero();
        JsonNode shown = group(status, "ledgerline-projections-" + version).orElseThrow();
        assertThat(shown.path("state").asText()).isEqualTo("no group");
        assertThat(shown.path("control").asText()).isEqualTo("run");
        assertThat(shown.path("members").asInt()).isZero();
        assertThat(shown.path("lag").asLong()).isGreaterThanOrEqualTo(all);
    }

    private static Optional<JsonNode> group(OpsFixture.Run status, String applicationId) throws Exception {
        for (String line : status.lines()) {
            JsonNode node = JSON.readTree(line);
            if (applicationId.equals(node.path("applicationId").asText())) {
                return Optional.of(node);
            }
        }
        return Optional.empty();
    }

    private ConfigurableApplicationContext startQueryService() {
        return QueryServiceApplication.builder().bannerMode(Banner.Mode.OFF).logStartupInfo(false)
                .registerShutdownHook(false)
                .run("--server.port=0", "--ledgerline.kafka.bootstrap-servers=" + OpsFixture.bootstrapServers(),
                        "--ledgerline.registry.url=" + OpsFixture.registryUrl(),
                        "--ledgerline.projections.application-id=" + live,
                        "--ledgerline.projections.state-dir=" + stateDir);
    }
}
