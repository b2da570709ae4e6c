package io.ledgerline.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * {@link SchemaRegistryClient} over the Confluent Schema Registry REST API ({@code
 * application/vnd.schemaregistry.v1+json}), for Confluent Schema Registry, Karapace, Redpanda, Apicurio's
 * compatibility API and Ledgerline's embedded registry. No caching here: wrap it in
 * {@link CachingSchemaRegistryClient} (which {@link SchemaRegistryClients#create} does).
 *
 * <p>Failure handling, per call:
 * <ul>
 *   <li>a 4xx answer is final: its Confluent error body becomes a {@link SchemaRegistryException} at once;
 *   <li>a 5xx answer or an I/O failure (including a timeout) moves on to the next base URL; after a round through
 *       all of them the call waits (exponential backoff with full jitter: a random time up to
 *       {@code min(maxBackoff, initialBackoff * 2^round)}) and tries another round, at most {@code maxRetries} times;
 *   <li>every 5xx or I/O failure counts against one circuit breaker: after {@code breakerFailureThreshold}
 *       consecutive ones, calls fail at once with {@link SchemaRegistryException#UNAVAILABLE} until the cool-down
 *       has passed and a trial call succeeds.
 * </ul>
 * The base URL that answered last is tried first by the next call.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final int SUBJECT_LEVEL_NOT_CONFIGURED = 40408;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Waits between retry rounds; replaced in tests so they need not sleep. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final RegistryClientConfig config;
    private final HttpClient http;
    private final CircuitBreaker breaker;
    private final Sleeper sleeper;
    private final AtomicInteger preferredUrl = new AtomicInteger();

    public HttpSchemaRegistryClient(RegistryClientConfig config) {
        this(config, duration -> Thread.sleep(duration.toMillis()), System::nanoTime);
    }

    HttpSchemaRegistryClient(RegistryClientConfig config, Sleeper sleeper, LongSupplier nanoTime) {
        this.config = config;
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                // Plain HTTP/1.1: no h2c upgrade attempt, which some registries' proxies mishandle.
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.breaker = new CircuitBreaker(config.breakerFailureThreshold(), config.breakerCoolDown(), nanoTime);
        this.sleeper = sleeper;
    }

    @Override
    public int register(String subject, Schema schema) {
        return call("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema)).path("id").asInt();
    }

    @Override
    public Optional<RegisteredSchema> lookup(String subject, Schema schema) {
        try {
            return Optional.of(registered(call("POST", "/subjects/" + encode(subject), schemaBody(schema))));
        } catch (SchemaRegistryException e) {
            if (e.schemaAbsent()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Schema schemaById(int id) {
        JsonNode answer = call("GET", "/schemas/ids/" + id, null);
        String type = answer.path("schemaType").asText("AVRO");
        if (!"AVRO".equals(type)) {
            throw new SchemaRegistryException(200, SchemaRegistryException.INVALID_SCHEMA,
                    "schema id " + id + " is a " + type + " schema, not Avro");
        }
        return parse(answer.path("schema").asText());
    }

    @Override
    public RegisteredSchema version(String subject, int version) {
        return registered(call("GET", "/subjects/" + encode(subject) + "/versions/" + version, null));
    }

    @Override
    public RegisteredSchema latest(String subject) {
        return registered(call("GET", "/subjects/" + encode(subject) + "/versions/latest", null));
    }

    @Override
    public List<Integer> versions(String subject) {
        return ints(call("GET", "/subjects/" + encode(subject) + "/versions", null));
    }

    @Override
    public List<String> subjects() {
        List<String> subjects = new ArrayList<>();
        call("GET", "/subjects", null).forEach(subject -> subjects.add(subject.asText()));
        return List.copyOf(subjects);
    }

    /**
     * Checks against every version the subject's level asks for (all of them for the transitive levels), as a
     * registration would: Confluent's {@code POST /compatibility/subjects/{s}/versions} without a version. A subject
     * with no live version accepts any schema: there is nothing to be incompatible with.
     */
    @Override
    public CompatibilityResult testCompatibility(String subject, Schema schema) {
        JsonNode answer;
        try {
            answer = call("POST", "/compatibility/subjects/" + encode(subject) + "/versions?verbose=true",
                    schemaBody(schema));
        } catch (SchemaRegistryException e) {
            if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND
                    || e.errorCode() == SchemaRegistryException.VERSION_NOT_FOUND) {
                return CompatibilityResult.ok();
            }
            throw e;
        }
        List<String> messages = new ArrayList<>();
        answer.path("messages").forEach(message -> messages.add(message.asText()));
        return new CompatibilityResult(answer.path("is_compatible").asBoolean(false), messages);
    }

    /** A subject without a level of its own has the global one. */
    @Override
    public CompatibilityLevel compatibility(String subject) {
        JsonNode answer;
        if (subject == null) {
            answer = call("GET", "/config", null);
        } else {
            try {
                answer = call("GET", "/config/" + encode(subject) + "?defaultToGlobal=true", null);
            } catch (SchemaRegistryException e) {
                if (e.errorCode() != SUBJECT_LEVEL_NOT_CONFIGURED
                        && e.errorCode() != SchemaRegistryException.SUBJECT_NOT_FOUND) {
                    throw e;
                }
                answer = call("GET", "/config", null);
            }
        }
        String level = answer.path("compatibilityLevel").asText(answer.path("compatibility").asText());
        try {
            return CompatibilityLevel.valueOf(level);
        } catch (IllegalArgumentException e) {
            throw new SchemaRegistryException(200, SchemaRegistryException.INVALID_COMPATIBILITY_LEVEL,
                    "the registry answered an unknown compatibility level '" + level + "'");
        }
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        ObjectNode body = JSON.createObjectNode().put("compatibility", level.name());
        call("PUT", subject == null ? "/config" : "/config/" + encode(subject), body);
    }

    @Override
    public List<Integer> deleteSubject(String subject) {
        return ints(call("DELETE", "/subjects/" + encode(subject), null));
    }

    @Override
    public int deleteVersion(String subject, int version) {
        return call("DELETE", "/subjects/" + encode(subject) + "/versions/" + version, null).asInt();
    }

    /** {@link HttpClient} of Java 17 holds no resources that need closing. */
    @Override
    public void close() {
    }

    private JsonNode call(String method, String path, JsonNode body) {
        List<URI> urls = config.baseUrls();
        int first = preferredUrl.get();
        SchemaRegistryException failure = null;
        for (int round = 0; round <= config.maxRetries(); round++) {
            if (round > 0) {
                backOff(round, failure);
            }
            for (int i = 0; i < urls.size(); i++) {
                int index = (first + i) % urls.size();
                if (!breaker.tryAcquire()) {
                    throw new SchemaRegistryException(0, SchemaRegistryException.UNAVAILABLE,
                            "schema registry circuit breaker is open after repeated failures"
                                    + (failure == null ? "" : "; last: " + failure.getMessage()), failure);
                }
                HttpResponse<byte[]> response;
                try {
                    response = http.send(request(urls.get(index), method, path, body),
                            HttpResponse.BodyHandlers.ofByteArray());
                } catch (IOException e) {
                    breaker.onFailure();
                    failure = new SchemaRegistryException(0, SchemaRegistryException.UNAVAILABLE,
                            method + " " + urls.get(index) + path + " failed: " + e, e);
                    continue;
                } catch (InterruptedException e) {
                    breaker.release();
                    Thread.currentThread().interrupt();
                    throw new SchemaRegistryException(0, SchemaRegistryException.UNAVAILABLE,
                            "interrupted during " + method + " " + path, e);
                }
                int status = response.statusCode();
                if (status >= 500) {
                    breaker.onFailure();
                    failure = error(method, path, response);
                    continue;
                }
                breaker.onSuccess();
                preferredUrl.set(index);
                if (status >= 200 && status < 300) {
                    return json(method, path, response);
                }
                throw error(method, path, response);
            }
        }
        throw failure;
    }

    private void backOff(int round, SchemaRegistryException failure) {
        long ceiling = Math.min(config.maxBackoff().toMillis(),
                config.initialBackoff().toMillis() << Math.min(round - 1, 30));
        try {
            sleeper.sleep(Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(0, SchemaRegistryException.UNAVAILABLE,
                    "interrupted while waiting to retry: " + failure.getMessage(), e);
        }
    }

    private HttpRequest request(URI base, String method, String path, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(config.requestTimeout())
                .header("Accept", CONTENT_TYPE);
        config.authorization().ifPresent(value -> request.header("Authorization", value));
        if (body == null) {
            return request.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a request body", e);
        }
        return request.header("Content-Type", CONTENT_TYPE)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
    }

    private static JsonNode json(String method, String path, HttpResponse<byte[]> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new SchemaRegistryException(response.statusCode(), SchemaRegistryException.INTERNAL_ERROR,
                    method + " " + path + " answered something that is not JSON", e);
        }
    }

    /** A Confluent error body ({@code {"error_code":40401,"message":"..."}}), or the bare status. */
    private static SchemaRegistryException error(String method, String path, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        try {
            JsonNode body = JSON.readTree(response.body());
            if (body != null && body.has("error_code")) {
                return new SchemaRegistryException(status, body.path("error_code").asInt(status),
                        body.path("message").asText("HTTP " + status));
            }
        } catch (IOException e) {
            // Not a Confluent error body (a proxy's HTML page, say): report the status and the start of the text.
        }
        String text = new String(response.body(), StandardCharsets.UTF_8);
        return new SchemaRegistryException(status, status, method + " " + path + " answered HTTP " + status
                + (text.isBlank() ? "" : ": " + text.substring(0, Math.min(200, text.length()))));
    }

    private static ObjectNode schemaBody(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString());
    }

    private static RegisteredSchema registered(JsonNode answer) {
        return new RegisteredSchema(answer.path("subject").asText(), answer.path("id").asInt(),
                answer.path("version").asInt(), parse(answer.path("schema").asText()));
    }

    private static Schema parse(String text) {
        try {
            return new Schema.Parser().parse(text);
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException(200, SchemaRegistryException.INVALID_SCHEMA,
                    "the registry returned a schema Avro cannot parse: " + e.getMessage(), e);
        }
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asInt()));
        return List.copyOf(values);
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
