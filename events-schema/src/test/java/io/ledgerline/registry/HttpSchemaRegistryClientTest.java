package io.ledgerline.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpSchemaRegistryClientTest {

    private static final Schema SCHEMA = Schemas.V1;
    private static final String SCHEMA_JSON = "{\"schema\":" + quoted(SCHEMA.toString()) + "}";

    private final RegistryStub stub = new RegistryStub();
    private final List<Duration> backoffs = new ArrayList<>();
    private final AtomicLong nanos = new AtomicLong();

    HttpSchemaRegistryClientTest() throws IOException {
    }

    @AfterEach
    void stopStub() {
        stub.close();
    }

    @Test
    void registersWithTheRegistryContentTypeAndAnEncodedSubject() {
        stub.answer(200, "{\"id\":7}");

        int id = client(Map.of()).register("ledger.events-a b/c", SCHEMA);

        assertThat(id).isEqualTo(7);
        RegistryStub.Request request = stub.lastRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/subjects/ledger.events-a%20b%2Fc/versions");
        assertThat(request.header("Content-Type")).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(request.header("Accept")).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(request.body()).isEqualTo(SCHEMA_JSON);
    }

    @Test
    void confluentErrorBodiesBecomeTypedExceptions() {
        stub.answer(404, "{\"error_code\":40401,\"message\":\"Subject 'x' not found.\"}")
                .answer(409, "{\"error_code\":409,\"message\":\"Schema being registered is incompatible\"}")
                .answer(422, "{\"error_code\":42201,\"message\":\"Invalid schema\"}");
        HttpSchemaRegistryClient client = client(Map.of());

        SchemaRegistryException notFound = catchThrowableOfType(SchemaRegistryException.class,
                () -> client.latest("x"));
        SchemaRegistryException incompatible = catchThrowableOfType(SchemaRegistryException.class,
                () -> client.register("x", SCHEMA));
        SchemaRegistryException invalid = catchThrowableOfType(SchemaRegistryException.class,
                () -> client.register("x", SCHEMA));

        assertThat(notFound.httpStatus()).isEqualTo(404);
        assertThat(notFound.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND);
        assertThat(notFound).hasMessage("Subject 'x' not found.");
        assertThat(notFound.retriable()).isFalse();
        assertThat(incompatible.errorCode()).isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA);
        assertThat(invalid.errorCode()).isEqualTo(SchemaRegistryException.INVALID_SCHEMA);
        assertThat(stub.requestCount()).isEqualTo(3);
    }

    @Test
    void lookupOfAnUnknownSchemaIsEmpty() {
        stub.answer(404, "{\"error_code\":40403,\"message\":\"Schema not found\"}")
                .answer(404, "{\"error_code\":40401,\"message\":\"Subject not found\"}");
        HttpSchemaRegistryClient client = client(Map.of());

        assertThat(client.lookup("s", SCHEMA)).isEmpty();
        assertThat(client.lookup("s", SCHEMA)).isEmpty();
        assertThat(stub.lastRequest().path()).isEqualTo("/subjects/s");
    }

    @Test
    void speaksTheReadAndAdminEndpoints() {
        String registered = "{\"subject\":\"s\",\"id\":3,\"version\":2,\"schema\":" + quoted(SCHEMA.toString()) + "}";
        stub.answer(200, "{\"schema\":" + quoted(SCHEMA.toString()) + "}")
                .answer(200, registered)
                .answer(200, registered)
                .answer(200, registered)
                .answer(200, "[1,2]")
                .answer(200, "[\"a\",\"s\"]")
                .answer(200, "{\"is_compatible\":false,\"messages\":[\"READER_FIELD_MISSING_DEFAULT_VALUE b\"]}")
                .answer(200, "{\"compatibilityLevel\":\"BACKWARD_TRANSITIVE\"}")
                .answer(404, "{\"error_code\":40408,\"message\":\"Subject 's' does not have subject-level config\"}")
                .answer(200, "{\"compatibilityLevel\":\"FULL\"}")
                .answer(200, "{\"compatibility\":\"NONE\"}")
                .answer(200, "[1,2]")
                .answer(200, "2");
        HttpSchemaRegistryClient client = client(Map.of());

        assertThat(client.schemaById(3)).isEqualTo(SCHEMA);
        assertThat(client.version("s", 2)).isEqualTo(new RegisteredSchema("s", 3, 2, SCHEMA));
        assertThat(client.latest("s").version()).isEqualTo(2);
        assertThat(client.lookup("s", SCHEMA)).hasValue(new RegisteredSchema("s", 3, 2, SCHEMA));
        assertThat(client.versions("s")).containsExactly(1, 2);
        assertThat(client.subjects()).containsExactly("a", "s");
        CompatibilityResult result = client.testCompatibility("s", SCHEMA);
        assertThat(result.compatible()).isFalse();
        assertThat(result.messages()).containsExactly("READER_FIELD_MISSING_DEFAULT_VALUE b");
        assertThat(client.compatibility(null)).isEqualTo(CompatibilityLevel.BACKWARD_TRANSITIVE);
        assertThat(client.compatibility("s")).isEqualTo(CompatibilityLevel.FULL);
        client.setCompatibility("s", CompatibilityLevel.NONE);
        assertThat(client.deleteSubject("s")).containsExactly(1, 2);
        assertThat(client.deleteVersion("s", 2)).isEqualTo(2);

        assertThat(stub.requests()).extracting(r -> r.method() + " " + r.path()).containsExactly(
                "GET /schemas/ids/3",
                "GET /subjects/s/versions/2",
                "GET /subjects/s/versions/latest",
                "POST /subjects/s",
                "GET /subjects/s/versions",
                "GET /subjects",
                "POST /compatibility/subjects/s/versions?verbose=true",
                "GET /config",
                "GET /config/s?defaultToGlobal=true",
                "GET /config",
                "PUT /config/s",
                "DELETE /subjects/s",
                "DELETE /subjects/s/versions/2");
        assertThat(stub.requests().get(10).body()).isEqualTo("{\"compatibility\":\"NONE\"}");
    }

    @Test
    void aSubjectWithoutVersionsIsCompatibleWithAnything() {
        stub.answer(404, "{\"error_code\":40401,\"message\":\"Subject 's' not found.\"}");

        assertThat(client(Map.of()).testCompatibility("s", SCHEMA)).isEqualTo(CompatibilityResult.ok());
    }

    @Test
    void retriesServerErrorsWithGrowingJitteredBackoffThenSucceeds() {
        stub.answer(503, "{\"error_code\":50003,\"message\":\"busy\"}")
                .answer(503, "<html>busy</html>")
                .answer(200, "{\"id\":1}");

        int id = client(Map.of(SchemaRegistryClients.BACKOFF_INITIAL_MS, 100,
                SchemaRegistryClients.BACKOFF_MAX_MS, 150)).register("s", SCHEMA);

        assertThat(id).isEqualTo(1);
        assertThat(stub.requestCount()).isEqualTo(3);
        assertThat(backoffs).hasSize(2);
        assertThat(backoffs.get(0)).isBetween(Duration.ZERO, Duration.ofMillis(100));
        assertThat(backoffs.get(1)).isBetween(Duration.ZERO, Duration.ofMillis(150));
    }

    @Test
    void givesUpAfterTheConfiguredRetriesWithTheLastError() {
        for (int i = 0; i < 3; i++) {
            stub.answer(500, "{\"error_code\":50001,\"message\":\"store failed\"}");
        }

        SchemaRegistryException failure = catchThrowableOfType(SchemaRegistryException.class,
                () -> client(Map.of(SchemaRegistryClients.MAX_RETRIES, 2)).register("s", SCHEMA));

        assertThat(failure.httpStatus()).isEqualTo(500);
        assertThat(failure.errorCode()).isEqualTo(SchemaRegistryException.INTERNAL_ERROR);
        assertThat(failure.retriable()).isTrue();
        assertThat(stub.requestCount()).isEqualTo(3);
        assertThat(backoffs).hasSize(2);
    }

    @Test
    void neverRetriesAClientError() {
        stub.answer(422, "{\"error_code\":42201,\"message\":\"Invalid schema\"}");

        catchThrowableOfType(SchemaRegistryException.class, () -> client(Map.of()).register("s", SCHEMA));

        assertThat(stub.requestCount()).isEqualTo(1);
        assertThat(backoffs).isEmpty();
    }

    @Test
    void aTimedOutRequestIsRetriedAndThenReportedUnavailable() {
        stub.hang().answer(200, "{\"id\":4}");

        int id = client(Map.of(SchemaRegistryClients.REQUEST_TIMEOUT_MS, 200)).register("s", SCHEMA);

        assertThat(id).isEqualTo(4);
        assertThat(stub.requestCount()).isEqualTo(2);
        assertThat(backoffs).hasSize(1);
    }

    @Test
    void failsOverToTheNextUrlAndStaysThere() throws IOException {
        String deadUrl = "http://127.0.0.1:" + unusedPort();
        stub.answer(200, "{\"id\":5}").answer(200, "{\"id\":5}");
        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(
                RegistryClientConfig.from(deadUrl + "," + stub.url(), Map.of()), backoffs::add, nanos::get);

        assertThat(client.register("s", SCHEMA)).isEqualTo(5);
        assertThat(client.register("s", SCHEMA)).isEqualTo(5);

        assertThat(stub.requestCount()).isEqualTo(2);
        assertThat(backoffs).as("failing over within a round does not wait").isEmpty();
    }

    @Test
    void theCircuitBreakerOpensFailsFastAndHalfOpensAfterTheCoolDown() {
        HttpSchemaRegistryClient client = client(Map.of(SchemaRegistryClients.MAX_RETRIES, 0,
                SchemaRegistryClients.BREAKER_FAILURE_THRESHOLD, 3,
                SchemaRegistryClients.BREAKER_COOL_DOWN_MS, 10_000));
        for (int i = 0; i < 3; i++) {
            stub.answer(503, "");
            assertThat(catchThrowableOfType(SchemaRegistryException.class, () -> client.register("s", SCHEMA))
                    .httpStatus()).isEqualTo(503);
        }

        SchemaRegistryException open = catchThrowableOfType(SchemaRegistryException.class,
                () -> client.register("s", SCHEMA));
        assertThat(open.errorCode()).isEqualTo(SchemaRegistryException.UNAVAILABLE);
        assertThat(open).hasMessageContaining("circuit breaker is open");
        assertThat(stub.requestCount()).as("an open breaker sends nothing").isEqualTo(3);

        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        stub.answer(503, "");
        catchThrowableOfType(SchemaRegistryException.class, () -> client.register("s", SCHEMA));
        assertThat(stub.requestCount()).as("one trial call when half-open").isEqualTo(4);
        assertThat(catchThrowableOfType(SchemaRegistryException.class, () -> client.register("s", SCHEMA))
                .errorCode()).as("a failed trial opens it again").isEqualTo(SchemaRegistryException.UNAVAILABLE);
        assertThat(stub.requestCount()).isEqualTo(4);

        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        stub.answer(200, "{\"id\":9}").answer(200, "{\"id\":9}");
        assertThat(client.register("s", SCHEMA)).isEqualTo(9);
        assertThat(client.register("s", SCHEMA)).as("a successful trial closes it").isEqualTo(9);
    }

    @Test
    void sendsBasicAuthCredentials() {
        stub.answer(200, "[]");

        client(Map.of("basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "ledger:s3cret"))
                .subjects();

        assertThat(stub.lastRequest().header("Authorization")).isEqualTo(
                "Basic " + Base64.getEncoder().encodeToString("ledger:s3cret".getBytes()));
    }

    @Test
    void sendsABearerToken() {
        stub.answer(200, "[]");

        client(Map.of("bearer.auth.credentials.source", "STATIC_TOKEN", "bearer.auth.token", "tok-123")).subjects();

        assertThat(stub.lastRequest().header("Authorization")).isEqualTo("Bearer tok-123");
    }

    @Test
    void sendsNoAuthorizationUnlessConfigured() {
        stub.answer(200, "[]");

        client(Map.of()).subjects();

        assertThat(stub.lastRequest().header("Authorization")).isNull();
    }

    private HttpSchemaRegistryClient client(Map<String, ?> overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put(SchemaRegistryClients.REQUEST_TIMEOUT_MS, 2_000);
        config.putAll(overrides);
        return new HttpSchemaRegistryClient(RegistryClientConfig.from(stub.url(), config), backoffs::add, nanos::get);
    }

    private static int unusedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
