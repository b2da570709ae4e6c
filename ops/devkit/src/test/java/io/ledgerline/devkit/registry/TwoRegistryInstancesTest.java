package io.ledgerline.devkit.registry;

import static io.ledgerline.devkit.registry.RegistryHttp.encode;
import static io.ledgerline.devkit.registry.RegistryHttp.schema;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerline.devkit.Await;
import io.ledgerline.devkit.kafka.SharedEmbeddedKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two registries on one cluster and one topic agree on every id and version, also when they write at once. */
class TwoRegistryInstancesTest {

    private static EmbeddedSchemaRegistry a;
    private static EmbeddedSchemaRegistry b;
    private static RegistryHttp httpA;
    private static RegistryHttp httpB;

    @BeforeAll
    static void start() {
        EmbeddedSchemaRegistryConfig config = EmbeddedSchemaRegistryConfig
                .defaults(SharedEmbeddedKafka.bootstrapServers())
                .withTopic("_schemas-two-" + UUID.randomUUID())
                .withPort(0);
        a = new EmbeddedSchemaRegistry(config).start();
        b = new EmbeddedSchemaRegistry(config).start();
        httpA = new RegistryHttp(a.url());
        httpB = new RegistryHttp(b.url());
    }

    @AfterAll
    static void stop() {
        a.close();
        b.close();
    }

    private static String field(String name) {
        return schema("{\"name\":\"" + name + "\",\"type\":\"string\"}");
    }

    @Test
    void givenSchemaRegisteredOnOne_whenRegisteredOrReadOnTheOther_thenSameId() {
        String subject = RegistryHttp.uniqueSubject("two");
        String x = field("x" + UUID.randomUUID().toString().replace("-", ""));

        int onA = httpA.register(subject, x);

        assertThat(httpB.register(subject, x)).isEqualTo(onA);
        assertThat(httpB.get("/schemas/ids/" + onA).json().path("schema").asText()).isEqualTo(x);
        assertThat(httpB.get("/subjects/" + encode(subject) + "/versions").json().toString()).isEqualTo("[1]");
    }

    @Test
    void givenSchemaJustRegisteredOnOne_whenReadOnTheOtherAtOnce_thenFoundWithoutWaiting() {
        String subject = RegistryHttp.uniqueSubject("read-through");
        String y = field("y" + UUID.randomUUID().toString().replace("-", ""));

        int id = httpA.register(subject, y);

        // No polling: a read that would be a 404 reads the log to its end first.
        assertThat(httpB.get("/schemas/ids/" + id).json().path("schema").asText()).isEqualTo(y);
        assertThat(httpB.post("/subjects/" + encode(subject), RegistryHttp.body(y)).json().path("id").asInt())
                .isEqualTo(id);
    }

    @Test
    void givenBothInstancesRegisteringAtOnce_whenDone_thenTheyAgreeOnEveryIdAndVersion() throws Exception {
        String shared = RegistryHttp.uniqueSubject("race");
        httpA.put("/config/" + encode(shared), "{\"compatibility\":\"NONE\"}");
        httpB.get("/config/" + encode(shared));
        int writers = 6;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<Map<String, Integer>>> results = new ArrayList<>();
        String tag = UUID.randomUUID().toString().replace("-", "");
        for (int w = 0; w < writers; w++) {
            RegistryHttp http = w % 2 == 0 ? httpA : httpB;
            int writer = w;
            Callable<Map<String, Integer>> task = () -> {
                go.await();
                Map<String, Integer> ids = new HashMap<>();
                for (int i = 0; i < 3; i++) {
                    // A schema only this writer registers, under the subject everybody writes to...
                    String own = field("w" + writer + "_" + i + "_" + tag);
                    ids.put(own, http.register(shared, own));
                    // ...and one schema every writer registers under its own subject at the same moment.
                    String common = field("common" + i + "_" + tag);
                    ids.put(common + "@" + writer, http.register(shared + "-w" + writer + "-" + i, common));
                }
                return ids;
            };
            results.add(pool.submit(task));
        }
        go.countDown();
        Map<String, Integer> returned = new HashMap<>();
        for (Future<Map<String, Integer>> f : results) {
            returned.putAll(f.get(120, TimeUnit.SECONDS));
        }
        pool.shutdown();

        // Every writer got the same id for the schema they all registered.
        for (int i = 0; i < 3; i++) {
            String common = field("common" + i + "_" + tag);
            var ids = new HashSet<Integer>();
            for (int w = 0; w < writers; w++) {
                ids.add(returned.get(common + "@" + w));
            }
            assertThat(ids).as("ids of " + common).hasSize(1);
        }
        // Distinct schemas got distinct ids, and nothing registered was lost.
        Map<Integer, String> schemaOfId = new HashMap<>();
        returned.forEach((key, id) -> {
            String schemaText = key.contains("@") ? key.substring(0, key.indexOf('@')) : key;
            String previous = schemaOfId.putIfAbsent(id, schemaText);
            assertThat(previous == null || previous.equals(schemaText)).as("id " + id + " names one schema").isTrue();
        });
        String versionsPath = "/subjects/" + encode(shared) + "/versions";
        assertThat(httpA.get(versionsPath).json()).hasSize(writers * 3);
        // Both instances hold the same subject, versions, ids and schemas (B may first need to read the log).
        awaitSameVersions(versionsPath);
        for (JsonNode version : httpA.get(versionsPath).json()) {
            JsonNode onA = httpA.get(versionsPath + "/" + version.asInt()).json();
            JsonNode onB = httpB.get(versionsPath + "/" + version.asInt()).json();
            assertThat(onB).isEqualTo(onA);
            assertThat(returned.get(onA.path("schema").asText())).isEqualTo(onA.path("id").asInt());
        }
    }

    /** B answers from its own fold of the log; wait (bounded) until it has read what A has. */
    private static void awaitSameVersions(String versionsPath) throws Exception {
        Await.until("instance B to catch up with A on " + versionsPath, Duration.ofSeconds(30),
                () -> httpB.get(versionsPath).text().equals(httpA.get(versionsPath).text()));
    }
}
