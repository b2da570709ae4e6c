package io.ledgerline.devkit.registry;

import static io.ledgerline.devkit.registry.RegistryHttp.body;
import static io.ledgerline.devkit.registry.RegistryHttp.encode;
import static io.ledgerline.devkit.registry.RegistryHttp.schema;
import static io.ledgerline.devkit.registry.RegistryHttp.uniqueSubject;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerline.devkit.kafka.SharedEmbeddedKafka;
import io.ledgerline.devkit.registry.RegistryHttp.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Confluent REST contract over real HTTP, against one registry on the real embedded broker. */
class EmbeddedSchemaRegistryContractTest {

    static final String V1 = schema("{\"name\":\"a\",\"type\":\"string\"}");
    static final String V2 = schema("{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"int\",\"default\":0}");
    static final String V2_NO_DEFAULT = schema("{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"int\"}");

    private static EmbeddedSchemaRegistry registry;
    private static RegistryHttp http;

    @BeforeAll
    static void start() {
        registry = new EmbeddedSchemaRegistry(EmbeddedSchemaRegistryConfig
                .defaults(SharedEmbeddedKafka.bootstrapServers())
                .withTopic("_schemas-contract-" + UUID.randomUUID())
                .withPort(0)
                .withMaxRequestBytes(64 * 1024)).start();
        http = new RegistryHttp(registry.url());
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    private static String versions(String subject) {
        return "/subjects/" + encode(subject) + "/versions";
    }

    @Test
    void givenNewSchema_whenRegistered_thenIdAndConfluentContentType() {
        String subject = uniqueSubject("register");

        Response r = http.post(versions(subject), body(V1));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo(RegistryHttp.CONTENT_TYPE);
        assertThat(r.json().path("id").asInt()).isPositive();
        assertThat(http.get(versions(subject)).json().toString()).isEqualTo("[1]");
    }

    @Test
    void givenRegisteredSchema_whenRegisteredAgain_thenSameIdAndNoNewVersion() {
        String subject = uniqueSubject("idempotent");
        int id = http.register(subject, V1);

        int again = http.register(subject, V1.replace(",", ", "));

        assertThat(again).isEqualTo(id);
        assertThat(http.get(versions(subject)).json().toString()).isEqualTo("[1]");
    }

    @Test
    void givenSchemaUnderOneSubject_whenRegisteredUnderAnother_thenSameId() {
        String schema = schema("{\"name\":\"shared\",\"type\":\"long\"}");
        int first = http.register(uniqueSubject("a"), schema);

        assertThat(http.register(uniqueSubject("b"), schema)).isEqualTo(first);
    }

    @Test
    void givenAcceptedContentTypes_whenRegistered_thenAccepted() {
        String subject = uniqueSubject("content-types");
        for (String type : List.of("application/json", "application/vnd.schemaregistry+json",
                "application/vnd.schemaregistry.v1+json; charset=utf-8")) {
            assertThat(http.post(versions(subject), body(V1), type).status()).isEqualTo(200);
        }
        Response form = http.post(versions(subject), body(V1), "application/x-www-form-urlencoded");
        assertThat(form.status()).isEqualTo(415);
        assertThat(form.errorCode()).isEqualTo(415);
    }

    @Test
    void givenIncompatibleSchema_whenRegistered_then409WithErrorBody() {
        String subject = uniqueSubject("incompatible");
        http.register(subject, V1);

        Response r = http.post(versions(subject), body(V2_NO_DEFAULT));

        assertThat(r.status()).isEqualTo(409);
        assertThat(r.errorCode()).isEqualTo(409);
        assertThat(r.json().path("message").asText())
                .startsWith("Schema being registered is incompatible with an earlier schema for subject \"" + subject)
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE");
        assertThat(http.get(versions(subject)).json().toString()).isEqualTo("[1]");
    }

    @Test
    void givenInvalidSchemas_whenRegistered_then42201() {
        String subject = uniqueSubject("invalid");
        List<String> bodies = List.of(
                body("{\"type\":\"record\",\"name\":\"T\"}"),
                body("not json at all"),
                "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\"}",
                "{\"schema\":\"\\\"string\\\"\",\"references\":[{\"name\":\"x\",\"subject\":\"y\",\"version\":1}]}",
                "{\"no\":\"schema\"}");
        for (String b : bodies) {
            Response r = http.post(versions(subject), b);
            assertThat(r.status()).as(b).isEqualTo(422);
            assertThat(r.errorCode()).as(b).isEqualTo(42201);
        }
        assertThat(http.get(versions(subject)).errorCode()).isEqualTo(40401);
    }

    @Test
    void givenMalformedOrOversizeBody_whenPosted_thenErrorBodyNoStackTrace() {
        String subject = uniqueSubject("malformed");

        Response malformed = http.post(versions(subject), "{\"schema\": ");
        Response huge = http.post(versions(subject), body(schema("{\"name\":\"" + "x".repeat(70_000) + "\",\"type\":\"int\"}")));

        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.errorCode()).isEqualTo(400);
        assertThat(malformed.text()).doesNotContain("\tat ", "Exception");
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.errorCode()).isEqualTo(413);
    }

    @Test
    void givenUnknownPathsOrMethods_whenCalled_then404Or405() {
        assertThat(http.get("/nothing/here").status()).isEqualTo(404);
        assertThat(http.get("/nothing/here").errorCode()).isEqualTo(404);
        assertThat(http.delete("/schemas/ids/1").status()).isEqualTo(405);
        assertThat(http.get("/").json().isObject()).isTrue();
        assertThat(http.get("/schemas/types").json().toString()).isEqualTo("[\"AVRO\"]");
    }

    @Test
    void givenRegisteredSchema_whenLookedUp_thenSubjectIdVersionSchema() {
        String subject = uniqueSubject("lookup");
        int id = http.register(subject, V1);

        Response found = http.post("/subjects/" + encode(subject) + "?normalize=false&deleted=false", body(V1));
        Response unknownSubject = http.post("/subjects/" + encode(uniqueSubject("none")), body(V1));
        Response unknownSchema = http.post("/subjects/" + encode(subject), body(V2));

        assertThat(found.status()).isEqualTo(200);
        JsonNode json = found.json();
        assertThat(json.path("subject").asText()).isEqualTo(subject);
        assertThat(json.path("id").asInt()).isEqualTo(id);
        assertThat(json.path("version").asInt()).isEqualTo(1);
        assertThat(json.path("schema").asText()).isEqualTo(V1);
        assertThat(unknownSubject.status()).isEqualTo(404);
        assertThat(unknownSubject.errorCode()).isEqualTo(40401);
        assertThat(unknownSubject.json().path("message").asText()).contains("not found");
        assertThat(unknownSchema.status()).isEqualTo(404);
        assertThat(unknownSchema.errorCode()).isEqualTo(40403);
    }

    @Test
    void givenVersions_whenRead_thenByNumberLatestAndRawSchema() {
        String subject = uniqueSubject("versions");
        http.register(subject, V1);
        int id2 = http.register(subject, V2);

        JsonNode latest = http.get(versions(subject) + "/latest").json();
        Response raw = http.get(versions(subject) + "/1/schema");

        assertThat(latest.path("version").asInt()).isEqualTo(2);
        assertThat(latest.path("id").asInt()).isEqualTo(id2);
        assertThat(latest.path("subject").asText()).isEqualTo(subject);
        assertThat(raw.status()).isEqualTo(200);
        assertThat(raw.text()).isEqualTo(V1);
        assertThat(http.get(versions(subject) + "/-1").json().path("version").asInt()).isEqualTo(2);
        assertThat(http.get(versions(subject) + "/7").errorCode()).isEqualTo(40402);
        assertThat(http.get(versions(subject) + "/7").json().path("message").asText()).isEqualTo("Version 7 not found.");
        assertThat(http.get(versions(subject) + "/zero").status()).isEqualTo(422);
        assertThat(http.get(versions(subject) + "/0").errorCode()).isEqualTo(42202);
        assertThat(http.get(versions(uniqueSubject("none")) + "/1").errorCode()).isEqualTo(40401);
        assertThat(http.get("/subjects").json().toString()).contains(subject);
        assertThat(http.get("/subjects?subjectPrefix=" + encode(subject)).json().toString()).isEqualTo("[\"" + subject + "\"]");
    }

    @Test
    void givenSchemaId_whenFetched_thenSchemaAndRawSchema() {
        String subject = uniqueSubject("ids");
        int id = http.register(subject, V1);

        Response byId = http.get("/schemas/ids/" + id + "?subject=" + encode(subject) + "&format=resolved&fetchMaxId=true");
        Response raw = http.get("/schemas/ids/" + id + "/schema");
        Response unknown = http.get("/schemas/ids/987654");

        assertThat(byId.json().path("schema").asText()).isEqualTo(V1);
        assertThat(byId.json().path("maxId").asInt()).isGreaterThanOrEqualTo(id);
        assertThat(raw.text()).isEqualTo(V1);
        assertThat(http.get("/schemas/ids/" + id + "/subjects").json().toString()).contains(subject);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo(40403);
        assertThat(unknown.json().path("message").asText()).isEqualTo("Schema 987654 not found");
    }

    @Test
    void givenCompatibilityCheck_whenVerbose_thenMessages() {
        String subject = uniqueSubject("compat");
        http.register(subject, V1);
        String path = "/compatibility/subjects/" + encode(subject) + "/versions/latest";

        JsonNode bad = http.post(path + "?verbose=true", body(V2_NO_DEFAULT)).json();
        JsonNode badTerse = http.post(path, body(V2_NO_DEFAULT)).json();
        JsonNode good = http.post("/compatibility/subjects/" + encode(subject) + "/versions/1", body(V2)).json();
        JsonNode all = http.post("/compatibility/subjects/" + encode(subject) + "/versions", body(V2)).json();

        assertThat(bad.path("is_compatible").asBoolean(true)).isFalse();
        assertThat(bad.path("messages").toString()).contains("READER_FIELD_MISSING_DEFAULT_VALUE");
        assertThat(badTerse.path("is_compatible").asBoolean(true)).isFalse();
        assertThat(badTerse.has("messages")).isFalse();
        assertThat(good.path("is_compatible").asBoolean()).isTrue();
        assertThat(all.path("is_compatible").asBoolean()).isTrue();
        assertThat(http.post("/compatibility/subjects/" + encode(subject) + "/versions/5", body(V2)).errorCode())
                .isEqualTo(40402);
        assertThat(http.post("/compatibility/subjects/" + encode(uniqueSubject("none")) + "/versions/latest",
                body(V2)).json().path("is_compatible").asBoolean()).isTrue();
    }

    @Test
    void givenTransitiveLevel_whenCheckedAgainstLatestOrAll_thenLatestOnlyOrEveryVersion() {
        String subject = uniqueSubject("compat-transitive");
        String needsB = schema("{\"name\":\"b\",\"type\":\"int\"}");
        http.register(subject, V1);
        http.register(subject, V2);
        http.put("/config/" + encode(subject), "{\"compatibility\":\"BACKWARD_TRANSITIVE\"}");
        String path = "/compatibility/subjects/" + encode(subject) + "/versions";

        JsonNode latest = http.post(path + "/latest", body(needsB)).json();
        JsonNode all = http.post(path + "?verbose=true", body(needsB)).json();

        assertThat(latest.path("is_compatible").asBoolean()).isTrue();
        assertThat(all.path("is_compatible").asBoolean(true)).isFalse();
        assertThat(all.path("messages").toString()).contains("{oldSchemaVersion: 1}");
        assertThat(http.post(versions(subject), body(needsB)).status()).isEqualTo(409);
    }

    @Test
    void givenConfig_whenSetGloballyAndPerSubject_thenConfluentShapes() {
        String subject = uniqueSubject("config");
        String path = "/config/" + encode(subject);

        Response notConfigured = http.get(path);
        Response defaulted = http.get(path + "?defaultToGlobal=true");
        Response put = http.put(path, "{\"compatibility\":\"NONE\"}");
        Response invalid = http.put(path, "{\"compatibility\":\"SIDEWAYS\"}");

        assertThat(http.get("/config").json().path("compatibilityLevel").asText()).isEqualTo("BACKWARD");
        assertThat(notConfigured.status()).isEqualTo(404);
        assertThat(notConfigured.errorCode()).isEqualTo(40408);
        assertThat(defaulted.json().path("compatibilityLevel").asText()).isEqualTo("BACKWARD");
        assertThat(put.json().toString()).isEqualTo("{\"compatibility\":\"NONE\"}");
        assertThat(http.get(path).json().toString()).isEqualTo("{\"compatibilityLevel\":\"NONE\"}");
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.errorCode()).isEqualTo(42203);

        http.register(subject, V1);
        assertThat(http.post(versions(subject), body(V2_NO_DEFAULT)).status()).isEqualTo(200);

        assertThat(http.delete(path).json().path("compatibilityLevel").asText()).isEqualTo("NONE");
        assertThat(http.get(path).errorCode()).isEqualTo(40408);
    }

    @Test
    void givenDeletedSubject_whenRead_thenHiddenUnlessDeletedAsked() {
        String subject = uniqueSubject("delete-subject");
        int id = http.register(subject, V1);
        http.register(subject, V2);

        Response deleted = http.delete("/subjects/" + encode(subject));

        assertThat(deleted.json().toString()).isEqualTo("[1,2]");
        assertThat(http.get("/subjects").json().toString()).doesNotContain(subject);
        assertThat(http.get("/subjects?deleted=true").json().toString()).contains(subject);
        assertThat(http.get(versions(subject)).errorCode()).isEqualTo(40401);
        assertThat(http.get(versions(subject) + "?deleted=true").json().toString()).isEqualTo("[1,2]");
        assertThat(http.get(versions(subject) + "/1?deleted=true").json().path("id").asInt()).isEqualTo(id);
        assertThat(http.get("/schemas/ids/" + id).status()).isEqualTo(200);
        assertThat(http.post("/subjects/" + encode(subject), body(V1)).errorCode()).isEqualTo(40401);
        assertThat(http.post("/subjects/" + encode(subject) + "?deleted=true", body(V1)).json().path("id").asInt())
                .isEqualTo(id);
        Response again = http.delete("/subjects/" + encode(subject));
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.errorCode()).isEqualTo(40404);
        assertThat(http.delete("/subjects/" + encode(subject) + "?permanent=true").status()).isEqualTo(422);
    }

    @Test
    void givenDeletedVersion_whenRead_thenHiddenUnlessDeletedAsked() {
        String subject = uniqueSubject("delete-version");
        http.register(subject, V1);
        http.register(subject, V2);

        Response deleted = http.delete(versions(subject) + "/2");

        assertThat(deleted.json().asInt()).isEqualTo(2);
        assertThat(http.get(versions(subject)).json().toString()).isEqualTo("[1]");
        assertThat(http.get(versions(subject) + "/2").errorCode()).isEqualTo(40402);
        assertThat(http.get(versions(subject) + "/2?deleted=true").json().path("version").asInt()).isEqualTo(2);
        assertThat(http.get(versions(subject) + "/latest").json().path("version").asInt()).isEqualTo(1);
        assertThat(http.delete(versions(subject) + "/2").errorCode()).isEqualTo(40406);
        assertThat(http.delete(versions(subject) + "/latest").json().asInt()).isEqualTo(1);
        assertThat(http.get(versions(subject)).errorCode()).isEqualTo(40401);
    }

    @Test
    void givenDeletedVersion_whenSameSchemaRegisteredAgain_thenNewVersionSameId() {
        String subject = uniqueSubject("reregister");
        int id = http.register(subject, V1);
        http.delete(versions(subject) + "/1");

        int again = http.register(subject, V1);

        assertThat(again).isEqualTo(id);
        assertThat(http.get(versions(subject)).json().toString()).isEqualTo("[2]");
    }

    @Test
    void givenSubjectNamesNeedingEncoding_whenRegistered_thenRoundTrip() {
        List<String> subjects = new ArrayList<>();
        for (String name : List.of("ledger.commands-io.ledgerline.X", "with space", "a+b:c")) {
            String subject = name + "-" + UUID.randomUUID();
            subjects.add(subject);
            http.register(subject, V1);
        }
        for (String subject : subjects) {
            assertThat(http.get(versions(subject) + "/latest").json().path("subject").asText()).isEqualTo(subject);
        }
    }
}
