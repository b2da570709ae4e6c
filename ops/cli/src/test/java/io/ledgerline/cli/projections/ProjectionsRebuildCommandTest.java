package io.ledgerline.cli.projections;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerline.cli.OpsFixture;
import io.ledgerline.devkit.Await;
import io.ledgerline.topics.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code ledgerline projections rebuild | switch | drop} against a real query service in this JVM (its own control
 * topic). The rebuild runs on a broker of its own ({@link PrivateLedger}), so both versions are built from offset zero:
 * the base version by its Streams topology, the new one by the bulk load (ADR 0028).
 */
class ProjectionsRebuildCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ACCOUNTS = 8;
    /** Starting Streams and creating its topics on a loaded 2-core machine can take well over a minute. */
    private static final Duration STARTUP = Duration.ofMinutes(3);

    @TempDir
    Path stateDir;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String base = "a" + run;
    private final String next = "b" + run;
    private final String control = OpsFixture.uniqueTopic("projection-control");
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void givenServedVersion_whenRebuildSwitchAndDropWhileReading_thenNoReadFailsAndReadsMoveToTheNewVersion()
            throws Exception {
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            accounts.add("rb-" + run + "-" + i);
        }
        try (PrivateLedger ledger = new PrivateLedger(stateDir, 3)) {
            rebuildSwitchAndDrop(ledger, accounts);
        }
    }

    private void rebuildSwitchAndDrop(PrivateLedger ledger, List<String> accounts) throws Exception {
        try (KafkaProducer<String, SpecificRecord> producer = ledger.eventProducer()) {
            for (int i = 0; i < ACCOUNTS; i++) {
                String account = accounts.get(i);
                producer.send(new ProducerRecord<>(Topics.EVENTS.name(), account, OpsFixture.opened(account,
                        Instant.now())));
                producer.send(new ProducerRecord<>(Topics.EVENTS.name(), account, OpsFixture.deposited(account,
                        100 + i, Instant.now())));
            }
            producer.flush();
        }
        long total = 0;
        for (int i = 0; i < ACCOUNTS; i++) {
            total += 100 + i;
        }
        Path state = stateDir.resolve("query-state");
        try (ConfigurableApplicationContext queries = ledger.startQueryService(ProjectionVersions.applicationId(base),
                control, state)) {
            String url = "http://127.0.0.1:" + ((WebServerApplicationContext) queries).getWebServer().getPort();
            for (String account : accounts) {
                Await.until(account + " at version 2", STARTUP, () -> {
                    HttpResponse<String> view = get(url + "/api/accounts/" + account + "?minVersion=2&waitMs=1000");
                    return view.statusCode() == 200 && JSON.readTree(view.body()).path("version").asLong() == 2;
                });
                // The portfolio and the totals come through repartition topics, after the account view.
                Await.until(account + " in its portfolio", STARTUP, () -> {
                    HttpResponse<String> portfolio = get(url + "/api/customers/cust-" + account + "/accounts");
                    return portfolio.statusCode() == 200 && portfolio.body().contains("\"version\":2");
                });
            }
            String totals = "\"balance\":" + total;
            Await.until("totals of every deposit", STARTUP, () -> get(url + "/api/ledger/totals").body()
                    .contains(totals));
            Reader reader = new Reader(url, accounts, total);
            Thread thread = new Thread(reader, "rebuild-test-reader");
            thread.start();
            try {
                OpsFixture.Run refused = ledger.run("projections", "drop", base, "--control-topic", control,
                        "--query-url", url);
                assertThat(refused.exit()).isEqualTo(1);
                assertThat(refused.err()).contains("refusing to drop " + base + ": it serves the reads of account, "
                        + "activity, portfolio, statement, totals, transfer; switch them to another version first");

                OpsFixture.Run rebuild = ledger.run("projections", "rebuild", "all", "--version", next,
                        "--switch", "--control-topic", control, "--query-url", url, "--json");
                assertThat(rebuild.exit()).as(rebuild.err()).isZero();
                List<JsonNode> lines = json(rebuild);
                assertThat(lines).first().satisfies(line -> {
                    assertThat(line.path("action").asText()).isEqualTo("rebuild");
                    assertThat(line.path("path").asText()).isEqualTo("bulk");
                });
                JsonNode loaded = lines.stream().filter(l -> l.path("action").asText().equals("loaded"))
                        .findFirst().orElseThrow();
                assertThat(loaded.path("events").asLong()).isEqualTo(2L * ACCOUNTS);
                JsonNode caughtUp = lines.stream().filter(l -> l.path("action").asText().equals("caught-up"))
                        .findFirst().orElseThrow();
                assertThat(caughtUp.path("events").asLong()).isPositive();
                assertThat(caughtUp.path("eventsPerSecond").asLong()).isPositive();
                assertThat(lines).last().satisfies(line -> {
                    assertThat(line.path("action").asText()).isEqualTo("switch");
                    assertThat(line.path("confirmedBy").asText()).isEqualTo(url);
                });

                Await.until("reads served by " + next, OpsFixture.WAIT, () -> serving(url).values().stream()
                        .allMatch(ProjectionVersions.applicationId(next)::equals) && serving(url).size() == 6);
                long beforeDrop = reader.reads.get();

                OpsFixture.Run drop = ledger.run("projections", "drop", base, "--control-topic", control,
                        "--query-url", url, "--json");
                assertThat(drop.exit()).as(drop.err()).isZero();
                Await.until("reads after the drop", OpsFixture.WAIT, () -> reader.reads.get() > beforeDrop + 50);
            } finally {
                reader.stop.set(true);
                thread.join(TimeUnit.SECONDS.toMillis(30));
            }
            assertThat(reader.failures).as("failed or wrong reads").isEmpty();
            assertThat(reader.reads.get()).isGreaterThan(100);

            String old = ProjectionVersions.applicationId(base);
            try (Admin admin = ledger.admin()) {
                Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
                assertThat(topics).noneMatch(topic -> topic.startsWith(old + "-"));
                assertThat(topics).anyMatch(topic -> topic.startsWith(ProjectionVersions.applicationId(next) + "-")
                        && topic.endsWith("-changelog"));
                assertThat(admin.listGroups().all().get(30, TimeUnit.SECONDS))
                        .noneMatch(group -> group.groupId().equals(old));
            }
            // The instance deletes the dropped version's state after closing it, which the group's going empty
            // (what drop waits for) may precede by a moment.
            Await.until("the dropped version's local state deleted", OpsFixture.WAIT,
                    () -> isMissingOrEmpty(state.resolve(old)));
            OpsFixture.Run status = ledger.run("projections", "status", "--application-id",
                    ProjectionVersions.applicationId(next), "--control-topic", control, "--query-url", url);
            assertThat(status.lines()).first().asString().contains(" active (").endsWith(" serves reads");
        }
    }

    @Test
    void givenUnknownOrStoppedVersion_whenSwitch_thenRefusedWithReason() throws Exception {
        OpsFixture.Run unknown = OpsFixture.run("projections", "switch", "all", "nope" + run, "--control-topic",
                control);
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("no projection version nope" + run + " (no consumer group "
                + "ledgerline-projections-nope" + run + ")");

        try (Admin admin = OpsFixture.admin()) {
            admin.alterConsumerGroupOffsets(ProjectionVersions.applicationId(next), Map.of(
                    new TopicPartition(Topics.EVENTS.name(), 0), new OffsetAndMetadata(0))).all()
                    .get(30, TimeUnit.SECONDS);
        }
        OpsFixture.Run stopped = OpsFixture.run("projections", "switch", "account", next, "--control-topic", control);
        assertThat(stopped.exit()).isEqualTo(1);
        assertThat(stopped.err()).contains("projection version " + next + " is not running");

        OpsFixture.Run badName = OpsFixture.run("projections", "switch", "ledger", next, "--control-topic", control);
        assertThat(badName.exit()).isEqualTo(1);
        assertThat(badName.err()).contains("unknown read model ledger");

        OpsFixture.Run unreachable = OpsFixture.run("projections", "drop", next, "--control-topic", control,
                "--query-url", "http://127.0.0.1:1", "--timeout", "2");
        assertThat(unreachable.exit()).isEqualTo(1);
        assertThat(unreachable.err()).contains("cannot tell which version serves reads");
    }

    /** GETs of four read models in a loop; records every read that failed or answered something else than the log. */
    private final class Reader implements Runnable {

        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong reads = new AtomicLong();
        final List<String> failures = new CopyOnWriteArrayList<>();
        private final Map<String, Long> versions = new ConcurrentHashMap<>();
        private final String url;
        private final List<String> accounts;
        private final long total;

        Reader(String url, List<String> accounts, long total) {
            this.url = url;
            this.accounts = accounts;
            this.total = total;
        }

        @Override
        public void run() {
            for (int n = 0; !stop.get() && failures.size() < 20; n++) {
                int i = n % accounts.size();
                String account = accounts.get(i);
                try {
                    JsonNode view = read("/api/accounts/" + account);
                    long version = view.path("version").asLong();
                    Long before = versions.put(account, version);
                    check(before == null || version >= before, account + " version went back from " + before
                            + " to " + version);
                    check(view.path("balance").asLong() == 100 + i && version == 2, "account " + view);
                    JsonNode statement = read("/api/accounts/" + account + "/statement");
                    check(statement.path("entries").size() == 1, "statement " + statement);
                    JsonNode portfolio = read("/api/customers/cust-" + account + "/accounts");
                    check(portfolio.path("accounts").size() == 1, "portfolio " + portfolio);
                    JsonNode totals = read("/api/ledger/totals");
                    check(totals.path("currencies").toString().contains("\"balance\":" + total), "totals " + totals);
                    reads.addAndGet(4);
                } catch (Exception e) {
                    failures.add(e.toString());
                }
            }
        }

        private JsonNode read(String path) throws Exception {
            HttpResponse<String> response = get(url + path);
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return JSON.readTree(response.body());
        }

        private void check(boolean holds, String what) {
            if (!holds) {
                failures.add("wrong answer: " + what);
            }
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private Map<String, String> serving(String url) throws Exception {
        JsonNode info = JSON.readTree(get(url + "/actuator/info").body()).path("projections").path("serving");
        Map<String, String> serving = new HashMap<>();
        info.fields().forEachRemaining(field -> serving.put(field.getKey(), field.getValue().asText()));
        return serving;
    }

    private static List<JsonNode> json(OpsFixture.Run run) throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : run.lines()) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }

    private static boolean isMissingOrEmpty(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return true;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }
}
