package io.ledgerline.cli.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.account.AccountEvent;
import io.ledgerline.account.DeclineReason;
import io.ledgerline.cli.OpsFixture;
import io.ledgerline.devkit.Await;
import io.ledgerline.mapping.EventMapper;
import io.ledgerline.message.EventEnvelope;
import io.ledgerline.message.EventMetadata;
import io.ledgerline.message.LedgerEvent;
import io.ledgerline.query.QueryServiceApplication;
import io.ledgerline.query.account.AccountStatus;
import io.ledgerline.query.account.AccountView;
import io.ledgerline.query.account.AccountViewCodec;
import io.ledgerline.query.projection.BinarySerde;
import io.ledgerline.topics.Topics;
import io.ledgerline.transfer.TransferEvent;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.Banner;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code ledgerline verify} against the real query service in this JVM, projecting the shared broker's
 * {@code ledger.events} (this test's events — opens, money in and out, a freeze, a completed and a compensated
 * transfer — and whatever other tests wrote). The corruption is of a read model itself: a bogus account view written
 * into the account-view store's changelog while the service is down, restored into a fresh state dir on restart.
 */
class VerifyCommandTest {

    private static final Duration LIMIT = Duration.ofSeconds(15);

    @TempDir
    Path stateDir;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String currency = "V" + letter(0) + letter(1);
    private final String applicationId = "verify-test-projections-" + run;
    private final List<EventEnvelope> sent = new ArrayList<>();
    private int sequence;

    @Test
    void givenReadModelsProjectedFromTheLog_whenVerify_thenConsistentAndExitZero() throws Exception {
        String rich = workload();
        try (ConfigurableApplicationContext queries = startQueryService(stateDir.resolve("a"))) {
            OpsFixture.Run verify = OpsFixture.run("verify", "--query-url", url(queries), "--wait", "240");

            assertThat(verify.exit()).as("%s%s", verify.out(), verify.err()).isZero();
            assertThat(verify.lines()).last().asString().startsWith("consistent: 0 difference(s)");
            assertThat(verify.out()).doesNotContain(rich);
        }
    }

    @Test
    void givenViewsAheadOfTheFold_whenCompared_thenLeftOutAsMovedOnNotReported() throws Exception {
        workload();
        LedgerFold fold = new LedgerFold();
        // The log up to the failed transfer's debit: both accounts of customer 0 and that transfer move on after it.
        sent.subList(0, 13).forEach(fold::apply);
        List<Difference> differences = new ArrayList<>();
        try (ConfigurableApplicationContext queries = startQueryService(stateDir.resolve("a"))) {
            QueryApi api = new QueryApi(url(queries), Duration.ofSeconds(10));
            // Caught up with the whole workload (the shared log before this test's events may be long).
            Await.until("the workload projected", Duration.ofMinutes(4),
                    () -> has(api, "/api/transfers/{}", "tr-" + run + "-1", "status", "FAILED")
                            && has(api, "/api/accounts/{}", "acc-" + run + "-0", "version", "6")
                            && has(api, "/api/accounts/{}", "acc-" + run + "-1", "version", "4"));
            ReadModelCheck check = new ReadModelCheck(api, fold, Duration.ofSeconds(30), differences::add);

            check.run();

            // The fold holds this test's events only: other tests' currencies are totals it has no account for.
            assertThat(differences).filteredOn(d -> !d.model().equals("totals") || d.id().equals(currency)).isEmpty();
            assertThat(check.movedOn()).isEqualTo(3);
        }
    }

    @Test
    void givenAccountViewCorruptedInItsStore_whenVerify_thenExitOneNamingTheAccount() throws Exception {
        String rich = workload();
        try (ConfigurableApplicationContext queries = startQueryService(stateDir.resolve("a"))) {
            assertThat(OpsFixture.run("verify", "--query-url", url(queries), "--wait", "240").exit())
                    .as("consistent before the corruption").isZero();
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, OpsFixture.bootstrapServers()), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            AccountView bogus = new AccountView(rich, "cus-" + run + "-0", "Holder", currency, 999_999,
                    AccountStatus.OPEN, 6, Instant.now());
            producer.send(new ProducerRecord<>(applicationId + "-account-views-changelog",
                    rich.getBytes(StandardCharsets.UTF_8), new BinarySerde<>(new AccountViewCodec()).encode(bogus)))
                    .get();
        }
        try (ConfigurableApplicationContext queries = startQueryService(stateDir.resolve("b"))) {
            OpsFixture.Run text = OpsFixture.run("verify", "--query-url", url(queries), "--wait", "5");
            OpsFixture.Run json = OpsFixture.run("verify", "--query-url", url(queries), "--wait", "5", "--json");

            assertThat(text.exit()).as(text.err()).isEqualTo(1);
            assertThat(text.lines()).contains("account " + rich + " balance: log 500, read model 999999");
            assertThat(text.lines()).last().asString().startsWith("INCONSISTENT: 1 difference(s)");
            assertThat(json.exit()).isEqualTo(1);
            assertThat(json.lines()).contains("{\"model\":\"account\",\"id\":\"" + rich
                    + "\",\"field\":\"balance\",\"log\":\"500\",\"readModel\":\"999999\"}");
        }
    }

    @Test
    void givenClosedKafkaPort_whenVerify_thenOneLineErrorAndExitThreeWithin15s() throws IOException {
        String closed = closedPort();
        long started = System.nanoTime();

        OpsFixture.Run verify = OpsFixture.runExactly("verify", "--bootstrap-server", closed, "--registry-url",
                "http://" + closed, "--query-url", "http://" + closed);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(LIMIT);
        assertThat(verify.exit()).isEqualTo(3);
        assertThat(verify.err().strip().lines()).singleElement().asString().startsWith("ledgerline verify: ")
                .contains("Kafka at " + closed);
    }

    @Test
    void givenClosedQueryServicePort_whenVerify_thenOneLineErrorNamingItAndExitThree() throws IOException {
        String closed = closedPort();

        OpsFixture.Run verify = OpsFixture.run("verify", "--query-url", "http://" + closed);

        assertThat(verify.exit()).isEqualTo(3);
        assertThat(verify.err().strip().lines()).singleElement().asString()
                .startsWith("ledgerline verify: query service at http://" + closed + " did not answer");
    }

    private static boolean has(QueryApi api, String template, String id, String field, String value) {
        return api.get(QueryApi.path(template, id), Duration.ZERO)
                .filter(view -> view.path(field).asText().equals(value)).isPresent();
    }

    /**
     * Three accounts of two customers and two transfers; returns the account whose balance ends at 500 after a
     * deposit, a withdrawal, a completed transfer and a failed one whose debit was reversed.
     */
    private String workload() throws Exception {
        String rich = "acc-" + run + "-0";
        String poor = "acc-" + run + "-1";
        String other = "acc-" + run + "-2";
        String completed = "tr-" + run + "-0";
        String failed = "tr-" + run + "-1";
        try (KafkaProducer<String, SpecificRecord> producer = OpsFixture.eventProducer()) {
            send(producer, 1, new AccountEvent.AccountOpened(rich, "cus-" + run + "-0", currency, "Rich"));
            send(producer, 2, new AccountEvent.MoneyDeposited(rich, 1_000, currency, "dep"));
            send(producer, 3, new AccountEvent.MoneyWithdrawn(rich, 200, currency, null));
            send(producer, 1, new AccountEvent.AccountOpened(poor, "cus-" + run + "-0", currency, "Poor"));
            send(producer, 2, new AccountEvent.MoneyDeposited(poor, 50, currency, "dep"));
            send(producer, 3, new AccountEvent.AccountFrozen(poor, "review"));
            send(producer, 1, new AccountEvent.AccountOpened(other, "cus-" + run + "-1", currency, "Other"));
            send(producer, 1, new TransferEvent.TransferRequested(completed, rich, other, 300, currency, "r0"));
            send(producer, 4, new AccountEvent.TransferDebited(rich, completed, 300, currency));
            send(producer, 2, new AccountEvent.TransferCredited(other, completed, 300, currency));
            send(producer, 2, new TransferEvent.TransferCompleted(completed));
            send(producer, 1, new TransferEvent.TransferRequested(failed, rich, poor, 100, currency, "r1"));
            send(producer, 5, new AccountEvent.TransferDebited(rich, failed, 100, currency));
            send(producer, 4, new AccountEvent.TransferCreditDeclined(poor, failed, 100, currency,
                    DeclineReason.ACCOUNT_FROZEN, "frozen"));
            send(producer, 6, new AccountEvent.TransferDebitReversed(rich, failed, 100, currency));
            send(producer, 2, new TransferEvent.TransferFailed(failed, DeclineReason.ACCOUNT_FROZEN, "frozen", true));
        }
        return rich;
    }

    private void send(KafkaProducer<String, SpecificRecord> producer, long version, LedgerEvent event)
            throws Exception {
        String commandId = "c-" + run + "-" + (++sequence);
        EventEnvelope envelope = new EventEnvelope(new EventMetadata(commandId + ":0", version, Instant.now(),
                commandId), event);
        producer.send(new ProducerRecord<>(Topics.EVENTS.name(), event.aggregateId(), EventMapper.toAvro(envelope)))
                .get();
        sent.add(envelope);
    }

    private ConfigurableApplicationContext startQueryService(Path dir) {
        return QueryServiceApplication.builder().bannerMode(Banner.Mode.OFF).logStartupInfo(false)
                .registerShutdownHook(false)
                .run("--server.port=0", "--ledgerline.kafka.bootstrap-servers=" + OpsFixture.bootstrapServers(),
                        "--ledgerline.registry.url=" + OpsFixture.registryUrl(),
                        "--ledgerline.projections.application-id=" + applicationId,
                        "--ledgerline.projections.state-dir=" + dir);
    }

    /** The service's URL once it is ready (its stores restored), within two minutes. */
    private static String url(ConfigurableApplicationContext context) throws Exception {
        String url = "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
        HttpClient http = HttpClient.newHttpClient();
        Await.until(url + " ready", Duration.ofMinutes(2),
                () -> http.send(HttpRequest.newBuilder(URI.create(url + "/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        return url;
    }

    private static String closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "127.0.0.1:" + socket.getLocalPort();
        }
    }

    private String letter(int index) {
        return String.valueOf((char) ('A' + Math.floorMod(run.charAt(index), 26)));
    }
}
