package io.ledgerline.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.account.AccountEvent;
import io.ledgerline.account.DeclineReason;
import io.ledgerline.devkit.kafka.SharedEmbeddedKafka;
import io.ledgerline.query.http.DirectReadFilter;
import io.ledgerline.query.http.Forwarder;
import io.ledgerline.query.http.ReadModels;
import io.ledgerline.query.projection.Ledger;
import io.ledgerline.transfer.TransferEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The query service end to end on the real embedded broker: events appended to {@code ledger.events}, read models
 * read over HTTP. The ledger topics are shared by every test in this JVM, so each test uses fresh ids (and its own
 * currency where it reads totals).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = QueryServiceApplication.CONFIG_NAME)
@DirtiesContext
class QueryApiEndToEndTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String BOOTSTRAP = SharedEmbeddedKafka.bootstrapServersWithLedgerTopics();
    private static final EventLog LOG = new EventLog(BOOTSTRAP, EventLog.REGISTRY);

    @TempDir
    static Path stateDir;

    @LocalServerPort
    int port;

    @Autowired
    DispatcherServlet dispatcher;

    @Autowired
    MeterRegistry meters;

    @Autowired
    FilterRegistrationBean<DirectReadFilter> direct;

    private final HttpClient http = HttpClient.newHttpClient();
    private final Ledger ledger = new Ledger().time(Instant.parse("2026-03-10T12:00:00Z"));
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry properties) {
        properties.add("ledgerline.kafka.bootstrap-servers", () -> BOOTSTRAP);
        properties.add("ledgerline.registry.url", () -> EventLog.REGISTRY);
        properties.add("ledgerline.projections.application-id", () -> "query-e2e-" + UUID.randomUUID());
        properties.add("ledgerline.projections.state-dir", () -> stateDir.toString());
        // Only the projector's write can answer a waiting read before its deadline (no standby here polls).
        properties.add("ledgerline.reads.poll-interval", () -> "1h");
    }

    @AfterAll
    static void closeLog() {
        LOG.close();
    }

    @BeforeEach
    void ready() {
        await("readiness", () -> get("/actuator/health/readiness").statusCode() == 200);
    }

    @Test
    void accountView_waitsForMinVersion_answersEtagAnd304_andSaysWhenStale() throws Exception {
        String account = "acc-" + run;
        LOG.append(ledger.opened(account, "cus-" + run, "EUR", 1), ledger.deposited(account, 1_000, 2),
                ledger.withdrawn(account, 250, 3));

        HttpResponse<String> fresh = get("/api/accounts/" + account + "?minVersion=3&waitMs=10000");
        assertThat(fresh.statusCode()).isEqualTo(200);
        JsonNode view = JSON.readTree(fresh.body());
        assertThat(view.get("balance").asLong()).isEqualTo(750);
        assertThat(view.get("version").asLong()).isEqualTo(3);
        assertThat(view.get("status").asString()).isEqualTo("OPEN");
        assertThat(view.get("stale").asBoolean()).isFalse();
        assertThat(fresh.headers().firstValue("ETag")).contains("\"3\"");
        assertThat(fresh.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(fresh.headers().firstValueAsLong("Content-Length")).hasValue(fresh.body().length());
        assertThat(get("/api/accounts/" + account, "Accept", "application/xml").statusCode()).isEqualTo(406);

        assertThat(get("/api/accounts/" + account, "If-None-Match", "\"3\"").statusCode()).isEqualTo(304);

        HttpResponse<String> stale = get("/api/accounts/" + account + "?minVersion=4&waitMs=100");
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(stale.body()).get("stale").asBoolean()).isTrue();

        // Answers written without the message converters are still timed by http.server.requests.
        HttpResponse<String> timed = get("/actuator/metrics/http.server.requests?tag=uri:/api/accounts/%7Bid%7D"
                + "&tag=status:200");
        assertThat(timed.statusCode()).isEqualTo(200);
        assertThat(timed.body()).contains("\"COUNT\"");
    }

    @Test
    void aPlainGet_isAnsweredBeforeSpringMvc_withTheSameStatusHeadersAndBytesAsTheController() throws Exception {
        String account = "direct-" + run;
        LOG.append(ledger.opened(account, "cus-" + run, "EUR", 1), ledger.deposited(account, 300, 2));
        await("the account at version 2",
                () -> get("/api/accounts/" + account + "?minVersion=2&waitMs=10000").statusCode() == 200);

        for (String[] headers : List.of(new String[] {}, new String[] {"Accept", "application/json"},
                new String[] {"Accept", "*/*"}, new String[] {"If-None-Match", "\"2\""},
                new String[] {"If-None-Match", "\"1\""})) {
            MockHttpServletResponse direct = directly(request("/api/accounts/" + account, headers));
            MockHttpServletResponse mvc = throughSpringMvc(request("/api/accounts/" + account, headers));
            assertThat(direct.getStatus()).as("status, %s", List.of(headers)).isEqualTo(mvc.getStatus());
            assertThat(headersOf(direct)).as("headers, %s", List.of(headers)).isEqualTo(headersOf(mvc));
            assertThat(direct.getContentAsByteArray()).as("bytes, %s", List.of(headers))
                    .isEqualTo(mvc.getContentAsByteArray());
        }
        MockHttpServletResponse notModified = directly(request("/api/accounts/" + account, "If-None-Match", "\"2\""));
        assertThat(notModified.getStatus()).isEqualTo(304);
        assertThat(notModified.getHeader("ETag")).isEqualTo("\"2\"");
        assertThat(notModified.getContentAsByteArray()).isEmpty();

        // Over HTTP, as the controller answers a read that takes Spring MVC's path (it names a minVersion).
        HttpResponse<String> plain = get("/api/accounts/" + account);
        HttpResponse<String> controller = get("/api/accounts/" + account + "?minVersion=2");
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.body()).isEqualTo(controller.body());
        for (String header : List.of("ETag", ReadModels.PROJECTION_VERSION, "Content-Type", "Content-Length")) {
            assertThat(plain.headers().firstValue(header)).as(header).isPresent()
                    .isEqualTo(controller.headers().firstValue(header));
        }
        Map<String, List<String>> plainHeaders = new TreeMap<>(plain.headers().map());
        Map<String, List<String>> controllerHeaders = new TreeMap<>(controller.headers().map());
        plainHeaders.remove("date");
        controllerHeaders.remove("date");
        assertThat(plainHeaders).isEqualTo(controllerHeaders);
    }

    @Test
    void whatTheDirectPathDoesNotAnswerPlainly_goesOnToSpringMvc() throws Exception {
        String account = "through-" + run;
        LOG.append(ledger.opened(account, "cus-" + run, "EUR", 1));
        await("the account's view", () -> get("/api/accounts/" + account).statusCode() == 200);
        String path = "/api/accounts/" + account;

        for (MockHttpServletRequest request : List.of(request("/api/accounts/nobody-" + run),
                request(path + "?minVersion=1"), request(path, "Accept", "application/xml"),
                request(path, "Accept", "application/json, text/plain"), request(path, Forwarder.FORWARDED, "true"),
                request(path + "/statement"), request("/api/accounts/acc%2D" + run),
                request("/api/accounts/" + account + ";v=1"), new MockHttpServletRequest("HEAD", path))) {
            MockFilterChain chain = new MockFilterChain();
            MockHttpServletResponse response = new MockHttpServletResponse();
            direct.getFilter().doFilter(request, response, chain);
            assertThat(chain.getRequest()).as("%s %s?%s %s", request.getMethod(), request.getRequestURI(),
                    request.getQueryString(), request.getHeader("Accept")).isSameAs(request);
            assertThat(response.isCommitted()).isFalse();
        }
        // And there they are answered as before: the 404 problem, 406, the minVersion read.
        assertProblem(get("/api/accounts/nobody-" + run), 404, "/not-found");
        assertThat(get(path, "Accept", "application/xml").statusCode()).isEqualTo(406);
        assertThat(get(path + "?minVersion=1").statusCode()).isEqualTo(200);
    }

    private static MockHttpServletRequest request(String pathAndQuery, String... headers) {
        int query = pathAndQuery.indexOf('?');
        MockHttpServletRequest request = new MockHttpServletRequest("GET",
                query < 0 ? pathAndQuery : pathAndQuery.substring(0, query));
        if (query >= 0) {
            request.setQueryString(pathAndQuery.substring(query + 1));
            for (String parameter : pathAndQuery.substring(query + 1).split("&")) {
                String[] pair = parameter.split("=", 2);
                request.addParameter(pair[0], pair[1]);
            }
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.addHeader(headers[i], headers[i + 1]);
        }
        return request;
    }

    /** Through the direct filter, which must answer by itself. */
    private MockHttpServletResponse directly(MockHttpServletRequest request) throws Exception {
        MockFilterChain chain = new MockFilterChain();
        MockHttpServletResponse response = new MockHttpServletResponse();
        direct.getFilter().doFilter(request, response, chain);
        assertThat(chain.getRequest()).as("went on to Spring MVC").isNull();
        assertThat(request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE))
                .isEqualTo("/api/accounts/{id}");
        return response;
    }

    /** Through Spring MVC's dispatcher and the controller, as before the direct path. */
    private MockHttpServletResponse throughSpringMvc(MockHttpServletRequest request) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        dispatcher.service(request, response);
        assertThat(request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE))
                .isEqualTo("/api/accounts/{id}");
        return response;
    }

    private static Map<String, List<String>> headersOf(MockHttpServletResponse response) {
        Map<String, List<String>> headers = new TreeMap<>();
        for (String name : response.getHeaderNames()) {
            headers.put(name, response.getHeaders(name));
        }
        return headers;
    }

    @Test
    void answersOfOneRead_200_304_404_nameTheSameProjectionVersion_andOnlyThoseWithAVersionHaveAnEtag()
            throws Exception {
        String account = "hdr-" + run;
        LOG.append(ledger.opened(account, "cus-" + run, "EUR", 1));

        HttpResponse<String> found = get("/api/accounts/" + account + "?minVersion=1&waitMs=10000");
        HttpResponse<String> unchanged = get("/api/accounts/" + account, "If-None-Match", "\"1\"");
        HttpResponse<String> missing = get("/api/accounts/nobody-" + run, "If-None-Match", "*");

        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(unchanged.statusCode()).isEqualTo(304);
        assertProblem(missing, 404, "/not-found");
        String version = found.headers().firstValue(ReadModels.PROJECTION_VERSION).orElseThrow();
        assertThat(unchanged.headers().firstValue(ReadModels.PROJECTION_VERSION)).contains(version);
        assertThat(missing.headers().firstValue(ReadModels.PROJECTION_VERSION)).contains(version);
        assertThat(found.headers().firstValue("ETag")).contains("\"1\"");
        assertThat(unchanged.headers().firstValue("ETag")).contains("\"1\"");
        assertThat(missing.headers().firstValue("ETag")).isEmpty();
        assertThat(missing.headers().firstValue("Retry-After")).isEmpty();
    }

    @Test
    void httpServerRequests_timesEachRequestOnce_underItsPatternAndStatus() throws Exception {
        String account = "timed-" + run;
        LOG.append(ledger.opened(account, "cus-" + run, "EUR", 1));
        await("the account's view", () -> get("/api/accounts/" + account).statusCode() == 200);

        long notModified = timed("/api/accounts/{id}", "304");
        assertThat(get("/api/accounts/" + account, "If-None-Match", "\"1\"").statusCode()).isEqualTo(304);
        long notFound = timed("/api/accounts/{id}", "404");
        assertThat(get("/api/accounts/none-" + run).statusCode()).isEqualTo(404);
        long plain = timed("/api/accounts/{id}", "200"); // answered before Spring MVC (ADR 0042)
        assertThat(get("/api/accounts/" + account).statusCode()).isEqualTo(200);
        await("the plain read's timer", () -> timed("/api/accounts/{id}", "200") > plain);
        assertThat(timed("/api/accounts/{id}", "200")).isEqualTo(plain + 1);
        long waited = timed("/api/accounts/{id}", "200"); // answered stale after a wait: asynchronous
        assertThat(get("/api/accounts/" + account + "?minVersion=2&waitMs=200").statusCode()).isEqualTo(200);

        await("the timers", () -> timed("/api/accounts/{id}", "200") > waited);
        assertThat(timed("/api/accounts/{id}", "200")).isEqualTo(waited + 1);
        assertThat(timed("/api/accounts/{id}", "304")).isEqualTo(notModified + 1);
        assertThat(timed("/api/accounts/{id}", "404")).isEqualTo(notFound + 1);
        assertThat(meters.find("http.server.requests").tag("uri", "/api/accounts/{id}").tag("status", "404")
                .tag("outcome", "CLIENT_ERROR").tag("exception", "none").tag("error", "none").tag("method", "GET")
                .timer()).isNotNull();
    }

    private long timed(String uri, String status) {
        Timer timer = meters.find("http.server.requests").tag("uri", uri).tag("status", status).timer();
        return timer == null ? 0 : timer.count();
    }

    @Test
    void apiMappings_areAskedBeforeActuators_andActuatorStillAnswers() throws Exception {
        // The readiness probe (@BeforeEach) went through the DispatcherServlet, so its handler mappings are set up.
        List<String> order = dispatcher.getHandlerMappings().stream().map(HandlerMapping::getClass)
                .map(Class::getSimpleName).toList();
        assertThat(order.indexOf(RequestMappingHandlerMapping.class.getSimpleName()))
                .isNotNegative()
                .isLessThan(order.indexOf("WebMvcEndpointHandlerMapping"));
        assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/metrics").statusCode()).isEqualTo(200);
        assertThat(get("/api/no-such-thing").statusCode()).isEqualTo(404);
    }

    @Test
    void aWaitingRead_isAnsweredByTheWriteItWaitsFor_notAtItsDeadline() throws Exception {
        String account = "woken-" + run;
        LOG.append(ledger.opened(account, "cus-" + run, "EUR", 1));
        await("the account's view", () -> get("/api/accounts/" + account).statusCode() == 200);

        long start = System.nanoTime();
        CompletableFuture<HttpResponse<String>> waiting = http.sendAsync(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + port + "/api/accounts/" + account + "?minVersion=2&waitMs=10000"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        LOG.append(ledger.deposited(account, 5, 2));
        HttpResponse<String> answer = waiting.get(30, TimeUnit.SECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode view = JSON.readTree(answer.body());
        assertThat(view.get("version").asLong()).isEqualTo(2);
        assertThat(view.get("stale").asBoolean()).isFalse();
        assertThat(took).as("answered when the deposit was projected, not at the 10 s deadline")
                .isLessThan(Duration.ofSeconds(9));
    }

    @Test
    void unknownIdsAre404_andBadParameters400_asProblems() throws Exception {
        assertProblem(get("/api/accounts/nobody-" + run), 404, "/not-found");
        assertProblem(get("/api/customers/nobody-" + run + "/accounts"), 404, "/not-found");
        assertProblem(get("/api/transfers/nothing-" + run), 404, "/not-found");
        assertProblem(get("/api/accounts/x?minVersion=1&waitMs=10001"), 400, "/validation");
        assertProblem(get("/api/accounts/x?minVersion=0"), 400, "/validation");
        assertProblem(get("/api/accounts/x?minVersion=abc"), 400, "/malformed-request");
        assertProblem(get("/api/accounts/x/statement?limit=501"), 400, "/validation");
        assertProblem(get("/api/accounts/x/activity?from=2026-01-01&to=2027-06-01"), 400, "/validation");
        assertProblem(get("/api/accounts/x/activity?from=yesterday"), 400, "/validation");
    }

    @Test
    void statement_isPagedByCursor() throws Exception {
        String account = "stm-" + run;
        LOG.append(ledger.opened(account, "cus-" + run, "EUR", 1), ledger.deposited(account, 10, 2),
                ledger.deposited(account, 20, 3), ledger.withdrawn(account, 5, 4));
        await("the account at version 4",
                () -> get("/api/accounts/" + account + "?minVersion=4").statusCode() == 200
                        && !JSON.readTree(get("/api/accounts/" + account + "?minVersion=4&waitMs=0").body())
                                .get("stale").asBoolean());

        JsonNode first = JSON.readTree(get("/api/accounts/" + account + "/statement?limit=2").body());
        assertThat(first.get("entries").size()).isEqualTo(2);
        assertThat(first.get("entries").get(1).get("balanceAfter").asLong()).isEqualTo(30);
        long next = first.get("next").asLong();
        JsonNode second = JSON.readTree(get("/api/accounts/" + account + "/statement?limit=2&after=" + next)
                .body());
        assertThat(second.get("entries").size()).isEqualTo(1);
        assertThat(second.get("entries").get(0).get("type").asString()).isEqualTo("WITHDRAWAL");
        assertThat(second.get("next").isNull()).isTrue();

        JsonNode activity = JSON.readTree(get("/api/accounts/" + account
                + "/activity?from=2026-03-10&to=2026-03-10").body());
        assertThat(activity.get("days").size()).isEqualTo(1);
        assertThat(activity.get("days").get(0).get("credits").asLong()).isEqualTo(30);
        assertThat(activity.get("days").get(0).get("debits").asLong()).isEqualTo(5);
        assertThat(activity.get("days").get(0).get("count").asInt()).isEqualTo(3);
    }

    @Test
    void transfer_waitsForTerminalState_andPortfolioAndTotalsFollow() throws Exception {
        String currency = "Q" + (char) ('A' + Math.floorMod(run.hashCode(), 26))
                + (char) ('A' + Math.floorMod(run.hashCode() / 26, 26));
        String customer = "cus-" + run;
        String from = "src-" + run;
        String to = "dst-" + run;
        String transfer = "tr-" + run;
        LOG.append(ledger.at(1, new AccountEvent.AccountOpened(from, customer, currency, "A")),
                ledger.at(2, new AccountEvent.MoneyDeposited(from, 500, currency, null)),
                ledger.at(1, new AccountEvent.AccountOpened(to, customer, currency, "B")),
                ledger.at(1, new TransferEvent.TransferRequested(transfer, from, to, 200,
                        currency, "rent")),
                ledger.at(3, new AccountEvent.TransferDebited(from, transfer, 200, currency)),
                ledger.at(2, new AccountEvent.TransferCreditDeclined(to, transfer, 200, currency,
                        DeclineReason.ACCOUNT_FROZEN, "frozen")),
                ledger.at(4, new AccountEvent.TransferDebitReversed(from, transfer, 200, currency)),
                ledger.at(2, new TransferEvent.TransferFailed(transfer,
                        DeclineReason.ACCOUNT_FROZEN, "frozen", true)));

        JsonNode view = JSON.readTree(get("/api/transfers/" + transfer + "?waitMs=10000").body());
        assertThat(view.get("status").asString()).isEqualTo("FAILED");
        assertThat(view.get("compensated").asBoolean()).isTrue();

        await("the portfolio with both accounts", () -> {
            HttpResponse<String> portfolio = get("/api/customers/" + customer + "/accounts");
            return portfolio.statusCode() == 200 && JSON.readTree(portfolio.body()).get("accounts").size() == 2
                    && JSON.readTree(portfolio.body()).get("totals").get(currency).asLong() == 500;
        });
        await("the totals", () -> {
            for (JsonNode total : JSON.readTree(get("/api/ledger/totals").body()).get("currencies")) {
                if (total.get("currency").asString().equals(currency)) {
                    return total.get("balance").asLong() == 500 && total.get("accounts").asLong() == 2;
                }
            }
            return false;
        });
    }

    @Test
    void openApiIsServed() {
        HttpResponse<String> docs = get("/v3/api-docs");
        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(docs.body()).contains("/api/accounts/{id}", "/api/ledger/totals");
    }

    private static void assertProblem(HttpResponse<String> response, int status, String typeSuffix)
            throws Exception {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JSON.readTree(response.body()).get("type").asString()).endsWith(typeSuffix);
    }

    private HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A read model not there yet may answer a problem, not the JSON a condition reads: that is "not yet" too. */
    private static void await(String what, Callable<Boolean> condition) {
        Await.until(what, DEADLINE, () -> {
            try {
                return condition.call();
            } catch (Exception e) {
                return false;
            }
        });
    }
}
