package io.ledgerline.cli.projections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerline.account.AccountEvent;
import io.ledgerline.account.DeclineReason;
import io.ledgerline.cli.OpsFixture;
import io.ledgerline.devkit.Await;
import io.ledgerline.mapping.EventMapper;
import io.ledgerline.message.EventEnvelope;
import io.ledgerline.message.EventMetadata;
import io.ledgerline.message.LedgerEvent;
import io.ledgerline.query.rebuild.BulkLoad;
import io.ledgerline.registry.SchemaRegistryClients;
import io.ledgerline.topics.LedgerHeaders;
import io.ledgerline.topics.Topics;
import io.ledgerline.transfer.TransferEvent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The bulk load (ADR 0028) against the topology: over one mixed log (opens, deposits, withdrawals, a completed
 * transfer, a compensated one, a declined one, a duplicate, a gap and a record that is not an event), a version
 * bulk-loaded by {@code projections rebuild} answers every read model exactly as the base version the topology
 * replayed, its Streams application then applies what is appended after the load, the bad record is dead-lettered
 * by both, and a load of a version that runs is refused.
 */
class BulkRebuildTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STARTUP = Duration.ofMinutes(3);
    private static final Instant DAY_ONE = Instant.parse("2026-03-02T09:00:00Z");

    @TempDir
    Path dir;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String base = "a" + run;
    private final String loaded = "b" + run;
    private final String control = OpsFixture.uniqueTopic("projection-control");
    private final HttpClient http = HttpClient.newHttpClient();
    private Instant clock = DAY_ONE;

    @Test
    void givenMixedLog_whenBulkLoaded_thenEveryReadModelAnswersAsTheReplayedVersionAndLaterEventsApply()
            throws Exception {
        try (PrivateLedger ledger = new PrivateLedger(dir, 3)) {
            List<EventEnvelope> log = mixedLog();
            byte[] poisonKey = ("poison-" + run).getBytes(StandardCharsets.UTF_8);
            try (KafkaProducer<String, SpecificRecord> events = ledger.eventProducer();
                    KafkaProducer<byte[], byte[]> raw = ledger.rawProducer()) {
                for (EventEnvelope envelope : log) {
                    events.send(new ProducerRecord<>(Topics.EVENTS.name(), envelope.event().aggregateId(),
                            EventMapper.toAvro(envelope)));
                }
                raw.send(new ProducerRecord<>(Topics.EVENTS.name(), poisonKey,
                        "not avro".getBytes(StandardCharsets.UTF_8)));
                events.flush();
                raw.flush();
            }
            try (ConfigurableApplicationContext queries = ledger.startQueryService(
                    ProjectionVersions.applicationId(base), control, dir.resolve("query-state"))) {
                String url = "http://127.0.0.1:" + ((WebServerApplicationContext) queries).getWebServer().getPort();
                // The base version is the query service's own: rebuild only follows it until caught up.
                OpsFixture.Run replayed = ledger.run("projections", "rebuild", "all", "--version", base, "--max-lag",
                        "0", "--control-topic", control, "--query-url", url, "--json");
                assertThat(replayed.exit()).as(replayed.err()).isZero();
                // The portfolio, totals and transfer views are behind repartition topics: wait until they settle.
                List<Map<String, String>> answers = new ArrayList<>(List.of(Map.of()));
                Await.until("the replayed version's read models", STARTUP, () -> {
                    Map<String, String> now = readModels(url);
                    boolean settled = now.equals(answers.get(0)) && now.get("/api/ledger/totals")
                            .contains("\"balance\":" + (500 - 50 + 300 + 30));
                    answers.set(0, now);
                    return settled;
                });
                Map<String, String> byTopology = answers.get(0);

                try (Admin admin = ledger.admin()) {
                    BulkLoad loader = new BulkLoad(admin, Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                            ledger.bootstrapServers()), SchemaRegistryClients.create(ledger.registryUrl(), Map.of()),
                            Duration.ofDays(400), Duration.ofSeconds(30));
                    assertThatThrownBy(() -> loader.load(ProjectionVersions.applicationId(base), (read, total) -> { }))
                            .hasMessageContaining("active member");
                }

                OpsFixture.Run rebuild = ledger.run("projections", "rebuild", "all", "--version", loaded,
                        "--switch", "--max-lag", "0", "--control-topic", control, "--query-url", url, "--json");
                assertThat(rebuild.exit()).as(rebuild.err()).isZero();
                JsonNode load = rebuild.lines().stream().map(BulkRebuildTest::json)
                        .filter(line -> line.path("action").asText().equals("loaded")).findFirst().orElseThrow();
                assertThat(load.path("events").asLong()).isEqualTo(log.size());
                assertThat(load.path("deadLetters").asLong()).isEqualTo(1);
                assertThat(load.path("duplicates").asLong()).isEqualTo(1);
                assertThat(load.path("gaps").asLong()).isEqualTo(1);
                Await.until("reads served by " + loaded, OpsFixture.WAIT, () -> serving(url).equals(
                        ProjectionVersions.applicationId(loaded)));

                assertThat(readModels(url)).isEqualTo(byTopology);
                assertThat(deadLetters(ledger, poisonKey)).as("one dead letter per version").isEqualTo(2);

                try (KafkaProducer<String, SpecificRecord> events = ledger.eventProducer()) {
                    events.send(new ProducerRecord<>(Topics.EVENTS.name(), "acc-1", EventMapper.toAvro(
                            at(8, new AccountEvent.MoneyDeposited("acc-1", 1_000, "EUR", "after the load")))));
                    events.flush();
                }
                Await.until("acc-1 at version 8", OpsFixture.WAIT, () -> {
                    HttpResponse<String> view = get(url + "/api/accounts/acc-1?minVersion=8&waitMs=1000");
                    return view.statusCode() == 200 && json(view.body()).path("version").asLong() == 8;
                });
                assertThat(json(get(url + "/api/accounts/acc-1").body()).path("balance").asLong())
                        .isEqualTo(500 - 50 - 200 + 1_000);
                Await.until("the totals after the load", OpsFixture.WAIT, () -> get(url + "/api/ledger/totals").body()
                        .contains("\"balance\":" + (500 - 50 + 300 + 30 + 1_000)));
            }
        }
    }

    /**
     * acc-1 (cus-1): deposit, withdrawal, a completed transfer to acc-2, a transfer to acc-3 whose credit is declined
     * and whose debit is reversed; acc-2 (cus-1): deposits on two days, a transfer to acc-1 declined for funds;
     * acc-3 (cus-2): frozen. One event is sent twice, one comes after a missing version.
     */
    private List<EventEnvelope> mixedLog() {
        List<EventEnvelope> log = new ArrayList<>();
        log.add(at(1, new AccountEvent.AccountOpened("acc-1", "cus-1", "EUR", "Ada")));
        log.add(at(1, new AccountEvent.AccountOpened("acc-2", "cus-1", "EUR", "Ada")));
        log.add(at(1, new AccountEvent.AccountOpened("acc-3", "cus-2", "EUR", "Bob")));
        EventEnvelope deposit = at(2, new AccountEvent.MoneyDeposited("acc-1", 500, "EUR", "salary"));
        log.add(deposit);
        log.add(deposit);
        log.add(at(3, new AccountEvent.MoneyWithdrawn("acc-1", 50, "EUR", null)));
        log.add(at(2, new AccountEvent.MoneyDeposited("acc-2", 300, "EUR", null)));
        log.add(at(1, new TransferEvent.TransferRequested("tr-1", "acc-1", "acc-2", 200, "EUR", "rent")));
        log.add(at(4, new AccountEvent.TransferDebited("acc-1", "tr-1", 200, "EUR")));
        log.add(at(3, new AccountEvent.TransferCredited("acc-2", "tr-1", 200, "EUR")));
        log.add(at(2, new TransferEvent.TransferCompleted("tr-1")));
        log.add(at(2, new AccountEvent.AccountFrozen("acc-3", "review")));
        log.add(at(1, new TransferEvent.TransferRequested("tr-2", "acc-1", "acc-3", 100, "EUR", "gift")));
        log.add(at(5, new AccountEvent.TransferDebited("acc-1", "tr-2", 100, "EUR")));
        log.add(at(3, new AccountEvent.TransferCreditDeclined("acc-3", "tr-2", 100, "EUR",
                DeclineReason.ACCOUNT_FROZEN, "frozen")));
        log.add(at(6, new AccountEvent.TransferDebitReversed("acc-1", "tr-2", 100, "EUR")));
        log.add(at(2, new TransferEvent.TransferFailed("tr-2", DeclineReason.ACCOUNT_FROZEN, "frozen", true)));
        log.add(at(1, new TransferEvent.TransferRequested("tr-3", "acc-2", "acc-1", 9_000, "EUR", null)));
        log.add(at(4, new AccountEvent.TransferDebitDeclined("acc-2", "tr-3", 9_000, "EUR",
                DeclineReason.INSUFFICIENT_FUNDS, "not enough money")));
        log.add(at(2, new TransferEvent.TransferFailed("tr-3", DeclineReason.INSUFFICIENT_FUNDS, "funds", false)));
        clock = DAY_ONE.plus(Duration.ofDays(1));
        log.add(at(5, new AccountEvent.MoneyDeposited("acc-2", 30, "EUR", null)));
        log.add(at(9, new AccountEvent.MoneyDeposited("acc-2", 70, "EUR", "after a gap")));
        log.add(at(7, new AccountEvent.AccountFrozen("acc-1", "check")));
        return log;
    }

    private EventEnvelope at(long version, LedgerEvent event) {
        clock = clock.plusSeconds(1);
        String commandId = "cmd-" + run + "-" + clock.getEpochSecond();
        return new EventEnvelope(new EventMetadata(commandId + ":0", version, clock, commandId), event);
    }

    /** Every read model's answer for every key of the log, by path. */
    private Map<String, String> readModels(String url) throws Exception {
        List<String> paths = new ArrayList<>(List.of("/api/ledger/totals", "/api/customers/cus-1/accounts",
                "/api/customers/cus-2/accounts", "/api/transfers/tr-1", "/api/transfers/tr-2", "/api/transfers/tr-3"));
        for (String account : List.of("acc-1", "acc-2", "acc-3")) {
            paths.add("/api/accounts/" + account);
            paths.add("/api/accounts/" + account + "/statement?limit=500");
            paths.add("/api/accounts/" + account + "/activity?from=2026-03-01&to=2026-03-05");
        }
        Map<String, String> answers = new TreeMap<>();
        for (String path : paths) {
            HttpResponse<String> response = get(url + path);
            answers.put(path, response.statusCode() + " " + response.body());
        }
        return answers;
    }

    private String serving(String url) throws Exception {
        JsonNode serving = json(get(url + "/actuator/info").body()).path("projections").path("serving");
        List<String> ids = new ArrayList<>();
        serving.forEach(id -> ids.add(id.asText()));
        return ids.size() == 6 && ids.stream().distinct().count() == 1 ? ids.get(0) : ids.toString();
    }

    private static long deadLetters(PrivateLedger ledger, byte[] key) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, ledger.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DEAD_LETTERS.name()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long found = 0;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (Arrays.equals(record.key(), key)
                            && record.headers().lastHeader(LedgerHeaders.DLQ_TOPIC) != null) {
                        found++;
                    }
                }
            }
            return found;
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
