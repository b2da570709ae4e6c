package io.ledgerline.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.devkit.kafka.SharedEmbeddedKafka;
import io.ledgerline.query.account.AccountProjector;
import io.ledgerline.query.portfolio.PortfolioProjector;
import io.ledgerline.query.projection.Ledger;
import io.ledgerline.query.projection.Projections;
import io.ledgerline.query.projection.Route;
import io.ledgerline.query.totals.TotalsProjector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.Banner;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two query-service instances of one application id in this JVM (own ports and state dirs, one standby replica):
 * each answers every key, forwarding to the owner; after one stops abruptly (its stream threads leave without
 * leaving the group, its web server goes away) the other answers every key, not stale, once the group has rebalanced,
 * and a read-your-writes wait still works. Whether answers during the session timeout come from its standbys (marked
 * stale) depends on timing and is not asserted here.
 */
class TwoInstancesTest {

    private static final Duration WITHIN = Duration.ofSeconds(90);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path stateDir;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final HttpClient http = HttpClient.newHttpClient();
    private final Ledger ledger = new Ledger();

    private ConfigurableApplicationContext start(String name) {
        return QueryServiceApplication.builder().bannerMode(Banner.Mode.OFF).logStartupInfo(false)
                .registerShutdownHook(false)
                .run("--server.port=0",
                        "--ledgerline.kafka.bootstrap-servers=" + SharedEmbeddedKafka.bootstrapServersWithLedgerTopics(),
                        "--ledgerline.registry.url=" + EventLog.REGISTRY,
                        "--ledgerline.projections.application-id=two-instances-" + run,
                        "--ledgerline.projections.state-dir=" + stateDir.resolve(name),
                        "--ledgerline.projections.standby-replicas=1",
                        // The broker's minimum: the survivor takes over 6 s after the other's last heartbeat.
                        "--ledgerline.kafka.client[session.timeout.ms]=6000",
                        "--ledgerline.kafka.client[heartbeat.interval.ms]=1000");
    }

    @Test
    void everyKeyFromBothInstances_thenFromTheSurvivorAfterOneStopsAbruptly() throws Exception {
        List<String> accounts = new ArrayList<>();
        try (EventLog log = new EventLog(SharedEmbeddedKafka.bootstrapServersWithLedgerTopics(), EventLog.REGISTRY)) {
            for (int i = 0; i < 12; i++) {
                String account = "two-" + run + "-" + i;
                accounts.add(account);
                log.append(ledger.opened(account, "cus-" + run, "EUR", 1), ledger.deposited(account, 100 + i, 2));
            }
            ConfigurableApplicationContext a = start("a");
            ConfigurableApplicationContext b = start("b");
            try {
                String urlA = url(a);
                String urlB = url(b);
                for (String account : accounts) {
                    for (String url : List.of(urlA, urlB)) {
                        JsonNode view = awaitView(url, account, 2, false);
                        assertThat(view.get("balance").asLong()).isEqualTo(100 + accounts.indexOf(account));
                        // Local or forwarded, the answer is the same: ETag, 304, 404 as a problem.
                        HttpResponse<String> unchanged = getSettled(url + "/api/accounts/" + account,
                                "If-None-Match", "\"2\"");
                        assertThat(unchanged.statusCode()).isEqualTo(304);
                        assertThat(unchanged.headers().firstValue("ETag")).contains("\"2\"");
                        HttpResponse<String> unknown = getSettled(url + "/api/accounts/" + account + "-unknown");
                        assertThat(unknown.statusCode()).isEqualTo(404);
                        assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(
                                type -> assertThat(type).startsWith("application/problem+json"));
                    }
                }
                assertThat(owners(a, accounts)).as("both instances own some of the keys").hasSize(2);
                assertRoutesAgreeWithStreams(a, accounts);
                assertRoutesAgreeWithStreams(b, accounts);

                // B stops abruptly: its threads stop without leaving the group, then its web server goes.
                b.getBean(ProjectionsRunner.class).serving(AccountProjector.STORE).orElseThrow().streams().close(
                        CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP)
                                .withTimeout(Duration.ZERO));
                b.close();

                for (String account : accounts) {
                    JsonNode view = awaitView(urlA, account, 2, false);
                    assertThat(view.get("balance").asLong()).isEqualTo(100 + accounts.indexOf(account));
                }
                assertThat(owners(a, accounts)).containsExactly(a.getBean(ProjectionsRunner.class).self());

                String last = accounts.get(accounts.size() - 1);
                log.append(ledger.deposited(last, 1_000, 3));
                HttpResponse<String> waited = get(urlA + "/api/accounts/" + last + "?minVersion=3&waitMs=10000");
                assertThat(waited.statusCode()).isEqualTo(200);
                JsonNode view = JSON.readTree(waited.body());
                assertThat(view.get("stale").asBoolean()).isFalse();
                assertThat(view.get("balance").asLong()).isEqualTo(100 + accounts.size() - 1 + 1_000);
            } finally {
                b.close();
                a.close();
            }
        }
    }

    private static Set<HostInfo> owners(ConfigurableApplicationContext context, List<String> accounts) {
        var streams = context.getBean(ProjectionsRunner.class).serving(AccountProjector.STORE).orElseThrow().streams();
        Set<HostInfo> owners = new HashSet<>();
        for (String account : accounts) {
            owners.add(streams.queryMetadataForKey(AccountProjector.STORE, account, Serdes.String().serializer())
                    .activeHost());
        }
        return owners;
    }

    /** The routing table (no Streams lock) places every key where Streams' own lookup does. */
    private static void assertRoutesAgreeWithStreams(ConfigurableApplicationContext context, List<String> accounts) {
        for (String store : List.of(AccountProjector.STORE, PortfolioProjector.STORE, TotalsProjector.STORE)) {
            Projections projections = context.getBean(ProjectionsRunner.class).serving(store).orElseThrow();
            for (String key : accounts) {
                Route route = projections.routes().route(store, key);
                KeyQueryMetadata streams = projections.streams().queryMetadataForKey(store, key,
                        Serdes.String().serializer());
                assertThat(new KeyQueryMetadata(route.active(), route.standbys(), route.partition()))
                        .as("%s of %s", key, store).isEqualTo(streams);
            }
        }
    }

    /** Polls until the view answers 200 at {@code version}, not stale unless {@code allowStale}, within the deadline. */
    private JsonNode awaitView(String url, String account, long version, boolean allowStale) {
        HttpResponse<String> response = Await.until("a fresh view of " + account + " at " + url, WITHIN,
                () -> get(url + "/api/accounts/" + account + "?minVersion=" + version + "&waitMs=2000"),
                answer -> answer.statusCode() == 200
                        && (allowStale || !JSON.readTree(answer.body()).get("stale").asBoolean()));
        return JSON.readTree(response.body());
    }

    /** The answer once it is not a 503 (a partition being assigned, e.g. a standby placed after the start). */
    private HttpResponse<String> getSettled(String url, String... headers) {
        return Await.until("an answer other than 503 from " + url, WITHIN, () -> get(url, headers),
                response -> response.statusCode() != 503);
    }

    private HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String url(ConfigurableApplicationContext context) {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
