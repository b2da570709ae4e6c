package io.ledgerline.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.devkit.kafka.SharedEmbeddedKafka;
import io.ledgerline.query.projection.Ledger;
import io.ledgerline.query.versions.ControlCodec;
import io.ledgerline.query.versions.ControlRecord;
import io.ledgerline.query.versions.ReadModel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A forwarded read names the version its sender serves it from; the owner answers from that version while it runs
 * it, else from its own serving version, and every answer says which version answered (issue 6, ADR 0021). One
 * instance owns every key, so a read sent to it with {@code Ledgerline-Forwarded} is what an owner gets from another
 * instance that has not applied a switch yet.
 */
class ForwardedReadVersionTest {

    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final String VERSION = "Ledgerline-Projection-Version";

    @TempDir
    Path stateDir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void givenTwoVersionsRunning_whenAForwardedReadNamesOne_thenThatOneAnswers_andAnUnknownOneFallsBack()
            throws Exception {
        String bootstrap = SharedEmbeddedKafka.bootstrapServersWithLedgerTopics();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String topic = "forwarded-version-" + run;
        String prefix = "forwarded-version-" + run + "-";
        // v2 runs beside the base version v1 and serves the account views.
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
                KafkaProducer<String, String> producer = new KafkaProducer<>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(),
                        new StringSerializer())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            for (ControlRecord record : List.of(new ControlRecord.Run("v2"),
                    new ControlRecord.Serve(ReadModel.ACCOUNT, "v2"))) {
                producer.send(new ProducerRecord<>(topic, ControlCodec.key(record), ControlCodec.value(record)))
                        .get();
            }
        }
        try (ConfigurableApplicationContext service = QueryServiceApplication.builder().bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .run("--server.port=0", "--ledgerline.kafka.bootstrap-servers=" + bootstrap,
                        "--ledgerline.registry.url=" + EventLog.REGISTRY,
                        "--ledgerline.topics.create-missing=false",
                        "--ledgerline.projections.control-topic=" + topic,
                        "--ledgerline.projections.application-id=" + prefix + "v1",
                        "--ledgerline.projections.state-dir=" + stateDir);
                EventLog log = new EventLog(bootstrap, EventLog.REGISTRY)) {
            int port = ((WebServerApplicationContext) service).getWebServer().getPort();
            String account = "acc-" + run;
            log.append(new Ledger().time(Instant.parse("2026-03-10T12:00:00Z"))
                    .opened(account, "cus-" + run, "EUR", 1));
            String path = "/api/accounts/" + account;

            HttpResponse<String> served = await(port, path, List.of());
            assertThat(served.headers().firstValue(VERSION)).as("a read answered by the serving version")
                    .contains(prefix + "v2");

            HttpResponse<String> named = await(port, path,
                    List.of("Ledgerline-Forwarded", "true", VERSION, prefix + "v1"));
            assertThat(named.headers().firstValue(VERSION)).as("a forwarded read answered by the version it names")
                    .contains(prefix + "v1");

            HttpResponse<String> unknown = await(port, path,
                    List.of("Ledgerline-Forwarded", "true", VERSION, prefix + "v9"));
            assertThat(unknown.headers().firstValue(VERSION))
                    .as("a forwarded read naming a version not running here, answered by the serving version")
                    .contains(prefix + "v2");
        }
    }

    /** The first 200 answer to {@code path} with {@code headers}, asked again until {@link #WITHIN}. */
    private HttpResponse<String> await(int port, String path, List<String> headers) {
        return Await.until("a 200 for " + path + " " + headers, WITHIN, () -> {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(30));
            if (!headers.isEmpty()) {
                request.headers(headers.toArray(String[]::new));
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }, response -> response.statusCode() == 200);
    }
}
