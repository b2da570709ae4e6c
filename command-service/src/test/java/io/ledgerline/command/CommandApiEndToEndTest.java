package io.ledgerline.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerline.account.AccountCommand;
import io.ledgerline.command.gateway.GatewaySettings;
import io.ledgerline.command.gateway.IdempotencyKeyReusedException;
import io.ledgerline.command.gateway.KafkaCommandGateway;
import io.ledgerline.command.gateway.Reply;
import io.ledgerline.command.http.PeerOutcomeServer;
import io.ledgerline.devkit.kafka.SharedEmbeddedKafka;
import io.ledgerline.devkit.registry.EmbeddedSchemaRegistry;
import io.ledgerline.devkit.registry.EmbeddedSchemaRegistryConfig;
import io.ledgerline.mapping.CommandMapper;
import io.ledgerline.message.CommandEnvelope;
import io.ledgerline.message.CommandMetadata;
import io.ledgerline.outcome.CommandOutcome;
import io.ledgerline.outcome.OutcomeCode;
import io.ledgerline.registry.SchemaRegistryClient;
import io.ledgerline.topics.LedgerHeaders;
import io.ledgerline.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The command service end to end on the real embedded broker and registry, with the real command processor running
 * in the application: HTTP requests in, events on {@code ledger.events}, outcomes routed back to the instance.
 *
 * <p>The ledger topics are shared by every test in this JVM, so each test uses fresh ids and counts only the
 * events keyed by its own accounts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class CommandApiEndToEndTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String BOOTSTRAP = SharedEmbeddedKafka.bootstrapServers();
    private static final EmbeddedSchemaRegistry REGISTRY =
            new EmbeddedSchemaRegistry(EmbeddedSchemaRegistryConfig.defaults(BOOTSTRAP).withPort(0)).start();

    // Deleted by JUnit after the class, once @DirtiesContext has closed the application and its processor.
    @TempDir
    static Path stateDir;

    @LocalServerPort
    int port;

    @Autowired
    ProcessorConfiguration.RunningProcessor processor;

    @Autowired
    SchemaRegistryClient registryClient;

    @Autowired
    PeerOutcomeServer internalEndpoint;

    @Autowired
    DispatcherServlet dispatcher;

    @Autowired
    MeterRegistry meters;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry properties) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        properties.add("ledgerline.kafka.bootstrap-servers", () -> BOOTSTRAP);
        properties.add("ledgerline.registry.url", REGISTRY::url);
        properties.add("ledgerline.processor.application-id", () -> "command-api-e2e-" + run);
        properties.add("ledgerline.processor.state-dir", () -> stateDir.toString());
        properties.add("ledgerline.saga.application-id", () -> "command-api-e2e-saga-" + run);
        properties.add("ledgerline.saga.state-dir", () -> stateDir.toString());
    }

    @AfterAll
    static void stopRegistry() {
        REGISTRY.close();
    }

    @BeforeEach
    void processorIsRunning() {
        await("the command processor to run", () -> processor.state() == KafkaStreams.State.RUNNING);
    }

    @Test
    void openDepositWithdrawOverHttp_thenVersionsEventsAndStatusAgree() throws Exception {
        JsonNode opened = body(post("/api/accounts", null, null,
                "{\"customerId\":\"cust-e2e\",\"currency\":\"EUR\",\"holderName\":\"Ada Lovelace\"}"), 201);
        String accountId = opened.get("accountId").asString();
        assertThat(opened.get("version").asLong()).isEqualTo(1);

        String depositKey = "dep-" + UUID.randomUUID();
        HttpResponse<String> deposit = post("/api/accounts/" + accountId + "/deposits", depositKey, null,
                "{\"amount\":10000,\"reference\":\"salary\"}");
        assertThat(body(deposit, 200).get("version").asLong()).isEqualTo(2);
        assertThat(deposit.headers().firstValue("ETag")).contains("\"2\"");

        JsonNode withdrawn = body(post("/api/accounts/" + accountId + "/withdrawals", null, "\"2\"",
                "{\"amount\":2500}"), 200);
        assertThat(withdrawn.get("version").asLong()).isEqualTo(3);

        HttpResponse<String> overdraw = post("/api/accounts/" + accountId + "/withdrawals", null, null,
                "{\"amount\":1000000}");
        assertThat(overdraw.statusCode()).isEqualTo(422);
        assertThat(overdraw.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JSON.readTree(overdraw.body()).get("type").asString()).endsWith("/rule-broken");

        JsonNode status = body(get("/api/commands/" + depositKey), 200);
        assertThat(status.get("status").asString()).isEqualTo("ACCEPTED");
        assertThat(status.get("version").asLong()).isEqualTo(2);

        assertThat(eventsOf(Set.of(accountId)).get(accountId)).isEqualTo(3);
    }

    @Test
    void transferOverHttp_thenTheSagaInThisProcessCompletesItAndItsGaugeAndStuckListingAnswer() throws Exception {
        String from = open();
        String to = open();
        body(post("/api/accounts/" + from + "/deposits", null, null, "{\"amount\":5000}"), 200);
        JsonNode requested = body(post("/api/transfers", null, null, "{\"fromAccountId\":\"" + from
                + "\",\"toAccountId\":\"" + to + "\",\"amount\":1200,\"currency\":\"EUR\",\"reference\":\"rent\"}"),
                202);
        String transferId = requested.get("transferId").asString();

        // TransferRequested and TransferCompleted on the transfer; opened, deposited, debited; opened, credited.
        await("the saga to complete the transfer", () -> eventsOf(Set.of(transferId, from, to))
                .equals(Map.of(transferId, 2, from, 3, to, 2)));

        JsonNode completed = body(get("/actuator/metrics/ledgerline.saga.transfers?tag=status:COMPLETED"), 200);
        assertThat(completed.get("measurements").get(0).get("value").asDouble()).isGreaterThanOrEqualTo(1.0);
        for (String counter : List.of("ledgerline.saga.steps.resent", "ledgerline.saga.steps.retried",
                "ledgerline.saga.transfers.expired", "ledgerline.saga.answers.orphaned")) {
            assertThat(body(get("/actuator/metrics/" + counter), 200).get("measurements").get(0)
                    .get("value").asDouble()).as(counter).isGreaterThanOrEqualTo(0.0);
        }
        JsonNode stuck = body(get("/api/ops/transfers/stuck"), 200);
        assertThat(stuck.get("scope").asString()).isEqualTo("local");
        assertThat(stuck.get("transfers").isArray()).isTrue();
        HttpResponse<String> badLimit = get("/api/ops/transfers/stuck?limit=0");
        assertThat(badLimit.statusCode()).isEqualTo(400);
        assertThat(badLimit.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    @Test
    void retriesWithTheSameIdempotencyKey_getTheSameAnswerAndAppendNothing() throws Exception {
        String accountId = open();
        String key = "retry-" + UUID.randomUUID();
        String path = "/api/accounts/" + accountId + "/deposits";

        JsonNode first = body(post(path, key, null, "{\"amount\":700}"), 200);
        JsonNode second = body(post(path, key, null, "{\"amount\":700}"), 200);
        HttpResponse<String> reused = post(path, key, null, "{\"amount\":701}");

        assertThat(second).isEqualTo(first);
        assertThat(reused.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(reused.body()).get("type").asString()).endsWith("/idempotency-key-reused");
        assertThat(eventsOf(Set.of(accountId)).get(accountId)).isEqualTo(2);
    }

    @Test
    void fiftyConcurrentRequestsWithTheSameIfMatch_exactlyOneIsAccepted() throws Exception {
        String accountId = open();
        body(post("/api/accounts/" + accountId + "/deposits", null, "\"1\"", "{\"amount\":5000}"), 200);

        ExecutorService clients = Executors.newFixedThreadPool(50);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                Callable<HttpResponse<String>> withdraw = () -> post("/api/accounts/" + accountId + "/withdrawals",
                        null, "\"2\"", "{\"amount\":10}");
                answers.add(clients.submit(withdraw));
            }
            Map<Integer, Long> byStatus = new TreeMap<>();
            for (Future<HttpResponse<String>> answer : answers) {
                byStatus.merge(answer.get().statusCode(), 1L, Long::sum);
            }
            assertThat(byStatus).containsExactlyInAnyOrderEntriesOf(Map.of(200, 1L, 412, 49L));
        } finally {
            clients.shutdownNow();
        }
        assertThat(eventsOf(Set.of(accountId)).get(accountId)).isEqualTo(3);
    }

    @Test
    void twoInstances_eachGetOnlyTheirOwnOutcomes_andTheProcessorDedupesAcrossThem() throws Exception {
        String accountId = open();
        try (KafkaCommandGateway a = gateway("instance-a-" + UUID.randomUUID());
                KafkaCommandGateway b = gateway("instance-b-" + UUID.randomUUID())) {
            CommandEnvelope viaA = deposit("x-" + UUID.randomUUID(), accountId, 10);
            CommandEnvelope viaB = deposit("y-" + UUID.randomUUID(), accountId, 20);

            Reply fromA = a.send(viaA, "test", DEADLINE);
            Reply fromB = b.send(viaB, "test", DEADLINE);

            assertThat(accepted(fromA).commandId()).isEqualTo(viaA.meta().commandId());
            assertThat(accepted(fromB).commandId()).isEqualTo(viaB.meta().commandId());
            // Each instance decoded only its own outcome (and none of the other's).
            assertThat(b.status(viaA.meta().commandId())).isEmpty();
            assertThat(a.status(viaB.meta().commandId())).isEmpty();

            // The same command id through the other instance: the processor's dedupe answers, not B's memory.
            Reply repeat = b.send(viaA, "test", DEADLINE);
            assertThat(accepted(repeat).version()).isEqualTo(accepted(fromA).version());
            CommandEnvelope reused = deposit(viaA.meta().commandId(), accountId, 999);
            try (KafkaCommandGateway c = gateway("instance-c-" + UUID.randomUUID())) {
                assertThatThrownBy(() -> c.send(reused, "test", DEADLINE))
                        .isInstanceOf(IdempotencyKeyReusedException.class);
            }
        }
        assertThat(eventsOf(Set.of(accountId)).get(accountId)).isEqualTo(3);
    }

    @Test
    void aCommandFromAPlainKafkaProducer_hasItsOutcomeAtTheStatusUrl() throws Exception {
        String accountId = open();
        String commandId = "kafka-" + UUID.randomUUID();
        CommandEnvelope command = deposit(commandId, accountId, 42);
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(config,
                Topics.COMMANDS.keySerde().serializer(), Topics.COMMANDS.valueSerde(registryClient, true).serializer())) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(LedgerHeaders.COMMAND_ID, commandId.getBytes(StandardCharsets.UTF_8));
            producer.send(new ProducerRecord<>(Topics.COMMANDS.name(), null, accountId,
                    CommandMapper.toAvro(command), headers)).get();
        }

        await("the outcome at the status URL", () -> get("/api/commands/" + commandId).statusCode() == 200);
        JsonNode status = body(get("/api/commands/" + commandId), 200);
        assertThat(status.get("status").asString()).isEqualTo("ACCEPTED");
        assertThat(status.get("version").asLong()).isEqualTo(2);
    }

    @Test
    void theInternalOutcomeEndpointIsServedOnItsOwnPortAndNotOnThePublicOne() throws Exception {
        String accountId = open();
        String commandId = "internal-" + UUID.randomUUID();
        JsonNode deposited = body(post("/api/accounts/" + accountId + "/deposits", commandId, null,
                "{\"amount\":5}"), 200);
        assertThat(deposited.get("commandId").asString()).isEqualTo(commandId);

        HttpResponse<String> onPublicPort = get("/internal/command-outcomes/" + commandId);
        assertThat(onPublicPort.statusCode()).isEqualTo(404);
        assertThat(onPublicPort.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JSON.readTree(onPublicPort.body()).get("type").asString())
                .isEqualTo("https://ledgerline.io/problems/no-such-endpoint");

        String internal = "http://127.0.0.1:" + internalEndpoint.address().getPort();
        assertThat(internalEndpoint.address().getPort()).isNotEqualTo(port);
        JsonNode outcome = body(send(internal + "/internal/command-outcomes/" + commandId, "GET"), 200);
        assertThat(outcome.get("code").asString()).isEqualTo("ACCEPTED");
        assertThat(outcome.get("aggregateId").asString()).isEqualTo(accountId);
        HttpResponse<String> unknown = send(internal + "/internal/command-outcomes/nobody-" + commandId, "GET");
        assertThat(body(unknown, 404).get("type").asString()).endsWith("/unknown-command");
        assertThat(send(internal + "/internal/command-outcomes/" + commandId, "DELETE").statusCode()).isEqualTo(405);
        assertThat(send(internal + "/internal/command-outcomes/a%20b", "GET").statusCode()).isEqualTo(400);
        // The internal port serves nothing of the public API.
        assertThat(send(internal + "/api/commands/" + commandId, "GET").statusCode()).isEqualTo(404);
    }

    @Test
    void aCallerThatWillNotWait_gets202AndFindsTheOutcomeAtTheStatusUrl() throws Exception {
        String accountId = open();
        HttpRequest request = HttpRequest.newBuilder(uri("/api/accounts/" + accountId + "/deposits"))
                .header("Content-Type", "application/json")
                .header("Prefer", "respond-async")
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":300}"))
                .build();

        HttpResponse<String> pending = http.send(request, HttpResponse.BodyHandlers.ofString());

        JsonNode problem = body(pending, 202);
        assertThat(problem.get("type").asString()).endsWith("/command-pending");
        assertThat(problem.get("accountId").asString()).isEqualTo(accountId);
        String location = pending.headers().firstValue("Location").orElseThrow();
        assertThat(location).isEqualTo("/api/commands/" + problem.get("commandId").asString());
        await("the outcome at " + location, () -> body(get(location), 200).get("status").asString().equals("ACCEPTED"));
        assertThat(body(get(location), 200).get("version").asLong()).isEqualTo(2);
    }

    @Test
    void aChunkedBodyOverTheLimit_is413() throws Exception {
        byte[] big = ("{\"amount\":1,\"reference\":\"" + "r".repeat(20_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(uri("/api/accounts/acc-x/deposits"))
                .header("Content-Type", "application/json")
                // A stream of unknown length goes out chunked: no Content-Length to refuse up front.
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
                .build();

        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(response.body()).get("type").asString()).endsWith("/payload-too-large");
    }

    @Test
    void healthIsUpWithRepliesAndProcessorRunning() throws Exception {
        JsonNode health = body(get("/actuator/health"), 200);

        assertThat(health.get("status").asString()).isEqualTo("UP");
    }

    /** ADR 0037: the API's mappings are asked before actuator's; actuator and the 404 problem still answer. */
    @Test
    void apiMappings_areAskedBeforeActuators_andActuatorStillAnswers() throws Exception {
        // A first request through the DispatcherServlet sets up its handler mappings.
        body(get("/actuator/health"), 200);
        List<String> order = dispatcher.getHandlerMappings().stream().map(HandlerMapping::getClass)
                .map(Class::getSimpleName).toList();
        assertThat(order.indexOf(RequestMappingHandlerMapping.class.getSimpleName()))
                .isNotNegative()
                .isLessThan(order.indexOf("WebMvcEndpointHandlerMapping"));
        assertThat(get("/actuator/metrics").statusCode()).isEqualTo(200);
        JsonNode unknown = body(get("/api/no-such-thing"), 404);
        assertThat(unknown.get("type").asString()).endsWith("/no-such-endpoint");
    }

    /**
     * ADR 0027, 0036: each request is timed once, under its pattern and status, by web-support's filter (Spring's
     * Observation filter is off); the long-task twin (a per-request cost nobody reads) is not recorded.
     */
    @Test
    void httpServerRequests_timesEachRequestOnce_underItsPatternAndStatus() throws Exception {
        String deposits = "/api/accounts/{accountId}/deposits";
        long accepted = timed(deposits, "200");
        long notFound = timed(deposits, "404");
        String accountId = open();

        body(post("/api/accounts/" + accountId + "/deposits", null, null, "{\"amount\":5}"), 200);
        body(post("/api/accounts/acc-none-" + UUID.randomUUID() + "/deposits", null, null, "{\"amount\":5}"), 404);

        await("the timers", () -> timed(deposits, "404") > notFound);
        assertThat(timed(deposits, "200")).isEqualTo(accepted + 1);
        assertThat(timed(deposits, "404")).isEqualTo(notFound + 1);
        assertThat(meters.find("http.server.requests").tag("uri", deposits).tag("status", "404")
                .tag("outcome", "CLIENT_ERROR").tag("method", "POST").timer()).isNotNull();
        assertThat(get("/actuator/metrics/http.server.requests.active").statusCode()).isEqualTo(404);
    }

    private long timed(String uri, String status) {
        Timer timer = meters.find("http.server.requests").tag("uri", uri).tag("status", status).timer();
        return timer == null ? 0 : timer.count();
    }

    @Test
    void openApiDescribesTheEndpointsAndHeaders() throws Exception {
        HttpResponse<String> docs = get("/v3/api-docs");

        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(docs.body()).contains("/api/accounts/{accountId}/withdrawals", "/api/transfers",
                "/api/commands/{commandId}", "Idempotency-Key", "If-Match");
        // Resolved from headers and the principal, so not request parameters of their own.
        assertThat(docs.body()).doesNotContain("\"name\":\"caller\"", "\"name\":\"headers\"");
        Files.writeString(Path.of("target", "api-docs.json"), docs.body());
    }

    private String open() throws Exception {
        return body(post("/api/accounts", null, null,
                "{\"customerId\":\"cust-e2e\",\"currency\":\"EUR\",\"holderName\":\"Grace\"}"), 201)
                .get("accountId").asString();
    }

    private KafkaCommandGateway gateway(String instanceId) {
        GatewaySettings settings = new GatewaySettings(instanceId, 100, Duration.ofMinutes(1), 100,
                Duration.ofSeconds(30), Duration.ofMinutes(1));
        KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP, ProducerConfig.ACKS_CONFIG, "all"),
                Topics.COMMANDS.keySerde().serializer(), Topics.COMMANDS.valueSerde(registryClient, true).serializer());
        return KafkaCommandGateway.start(settings, producer,
                Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP),
                Topics.COMMAND_RESULTS.valueSerde(registryClient, false).deserializer(), Clock.systemUTC());
    }

    private static CommandEnvelope deposit(String commandId, String accountId, long amount) {
        return new CommandEnvelope(new CommandMetadata(commandId, null, Instant.now()),
                new AccountCommand.DepositMoney(accountId, amount, null));
    }

    private static CommandOutcome accepted(Reply reply) {
        assertThat(reply).isInstanceOf(Reply.Completed.class);
        CommandOutcome outcome = ((Reply.Completed) reply).outcome();
        assertThat(outcome.code()).isEqualTo(OutcomeCode.ACCEPTED);
        return outcome;
    }

    private HttpResponse<String> post(String path, String idempotencyKey, String ifMatch, String json)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .header("Prefer", "wait=30")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String url, String method) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static JsonNode body(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    /**
     * Events per account among {@code accountIds}, read committed up to the current end of {@code ledger.events}.
     * A command's reply is sent in the transaction that appends its events, so every event of an answered command
     * is below the end offsets taken here.
     */
    private static Map<String, Integer> eventsOf(Set<String> accountIds) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.EVENTS.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<String, Integer> counts = new HashMap<>();
            accountIds.forEach(id -> counts.put(id, 0));
            Instant deadline = Instant.now().plus(DEADLINE);
            while (!caughtUp(consumer, end)) {
                assertThat(Instant.now()).as("reading ledger.events").isBefore(deadline);
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (accountIds.contains(record.key())) {
                        counts.merge(record.key(), 1, Integer::sum);
                    }
                }
            }
            return counts;
        }
    }

    private static boolean caughtUp(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private static void await(String what, Callable<Boolean> condition) {
        Awaitility.await(what).atMost(DEADLINE).pollInterval(Duration.ofMillis(100)).until(condition);
    }
}
