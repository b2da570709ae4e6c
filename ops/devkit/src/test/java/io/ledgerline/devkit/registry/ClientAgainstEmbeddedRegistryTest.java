package io.ledgerline.devkit.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.devkit.kafka.SharedEmbeddedKafka;
import io.ledgerline.registry.CompatibilityLevel;
import io.ledgerline.registry.InMemorySchemaRegistry;
import io.ledgerline.registry.SchemaRegistryClient;
import io.ledgerline.registry.SchemaRegistryClients;
import io.ledgerline.registry.SchemaRegistryException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * The project's HTTP registry client against the embedded registry gives the same answers, step by step, as the
 * in-memory registry unit tests use: the {@code mock://} registry and the dev-mode registry cannot drift apart.
 */
class ClientAgainstEmbeddedRegistryTest {

    private static final Schema V1 = parse("{\"name\":\"a\",\"type\":\"string\"}");
    private static final Schema V2 = parse("{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"int\",\"default\":0}");
    private static final Schema V2_NO_DEFAULT = parse("{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"int\"}");
    private static final Schema OTHER = parse("{\"name\":\"c\",\"type\":\"long\",\"default\":0}");

    private static Schema parse(String fields) {
        return new Schema.Parser().parse(RegistryHttp.schema(fields));
    }

    @Test
    void givenTheSameCalls_whenMadeOnInMemoryAndOverHttp_thenTheSameAnswers() {
        List<String> inMemory;
        try (SchemaRegistryClient client = new InMemorySchemaRegistry()) {
            inMemory = script(client);
        }
        EmbeddedSchemaRegistryConfig config = EmbeddedSchemaRegistryConfig
                .defaults(SharedEmbeddedKafka.bootstrapServers())
                .withTopic("_schemas-client-" + UUID.randomUUID())
                .withPort(0);
        List<String> overHttp;
        try (EmbeddedSchemaRegistry registry = new EmbeddedSchemaRegistry(config).start();
             SchemaRegistryClient client = SchemaRegistryClients.create(registry.url(), Map.of())) {
            overHttp = script(client);
        }

        assertThat(overHttp).containsExactlyElementsOf(inMemory);
        assertThat(inMemory).contains("register s V1 -> 1", "register s V2_NO_DEFAULT -> error 409",
                "latest s after subject delete -> error 40401");
    }

    private static List<String> script(SchemaRegistryClient c) {
        List<String> out = new ArrayList<>();
        step(out, "register s V1", c, r -> r.register("s", V1));
        step(out, "register s V1 again", c, r -> r.register("s", V1));
        step(out, "register t V1", c, r -> r.register("t", V1));
        step(out, "register s V2_NO_DEFAULT", c, r -> r.register("s", V2_NO_DEFAULT));
        step(out, "register s V2", c, r -> r.register("s", V2));
        step(out, "lookup s V1", c, r -> r.lookup("s", V1).map(x -> x.subject() + "/" + x.version() + "#" + x.id()));
        step(out, "lookup s OTHER", c, r -> r.lookup("s", OTHER));
        step(out, "lookup u V1", c, r -> r.lookup("u", V1));
        step(out, "schema 2", c, r -> r.schemaById(2).equals(V2));
        step(out, "schema 99", c, r -> r.schemaById(99));
        step(out, "version s 1", c, r -> r.version("s", 1).id());
        step(out, "version s 9", c, r -> r.version("s", 9));
        step(out, "version u 1", c, r -> r.version("u", 1));
        step(out, "latest s", c, r -> r.latest("s").version());
        step(out, "versions s", c, r -> r.versions("s"));
        step(out, "subjects", c, r -> r.subjects());
        step(out, "compatible s V2_NO_DEFAULT", c, r -> r.testCompatibility("s", V2_NO_DEFAULT).compatible());
        step(out, "compatible s OTHER", c, r -> r.testCompatibility("s", OTHER).compatible());
        step(out, "compatible u OTHER", c, r -> r.testCompatibility("u", OTHER).compatible());
        step(out, "global level", c, r -> r.compatibility(null));
        step(out, "set s NONE", c, r -> {
            r.setCompatibility("s", CompatibilityLevel.NONE);
            return "ok";
        });
        step(out, "level s", c, r -> r.compatibility("s"));
        step(out, "level t", c, r -> r.compatibility("t"));
        step(out, "register s V2_NO_DEFAULT under NONE", c, r -> r.register("s", V2_NO_DEFAULT));
        step(out, "delete s 2", c, r -> r.deleteVersion("s", 2));
        step(out, "delete s 2 again", c, r -> r.deleteVersion("s", 2));
        step(out, "versions s after version delete", c, r -> r.versions("s"));
        step(out, "delete subject s", c, r -> r.deleteSubject("s"));
        step(out, "delete subject s again", c, r -> r.deleteSubject("s"));
        step(out, "latest s after subject delete", c, r -> r.latest("s"));
        step(out, "subjects after delete", c, r -> r.subjects());
        step(out, "schema 1 after delete", c, r -> r.schemaById(1).equals(V1));
        step(out, "register s V1 after delete", c, r -> r.register("s", V1));
        step(out, "versions s after re-register", c, r -> r.versions("s"));
        return out;
    }

    private static void step(List<String> out, String name, SchemaRegistryClient client,
                             Function<SchemaRegistryClient, Object> call) {
        String answer;
        try {
            answer = String.valueOf(call.apply(client));
        } catch (SchemaRegistryException e) {
            answer = "error " + e.errorCode();
        }
        out.add(name + " -> " + answer);
    }
}
