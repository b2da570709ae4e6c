package io.ledgerline.devkit.registry;

import static io.ledgerline.devkit.registry.HttpExchanges.jsonBody;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.ledgerline.devkit.registry.HttpExchanges.RawJson;
import io.ledgerline.registry.CompatibilityLevel;
import io.ledgerline.registry.CompatibilityResult;
import io.ledgerline.registry.RegisteredSchema;
import io.ledgerline.registry.RegistryErrors;
import io.ledgerline.registry.RegistryState;
import io.ledgerline.registry.SchemaRegistryException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Confluent Schema Registry REST API subset, over a {@link KafkaRegistryStore}. Every failure is answered here,
 * in one place, as Confluent's {@code {"error_code":...,"message":...}} with the matching HTTP status; an
 * unexpected one is logged with its stack trace and answered 500 / 50001 without it. Query parameters that do not
 * apply to an Avro-only registry ({@code format}, {@code normalize}, {@code subject} on id lookups, ...) are
 * accepted and ignored.
 */
final class RegistryHttpHandler implements HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(RegistryHttpHandler.class);

    private final KafkaRegistryStore store;
    private final int maxRequestBytes;

    RegistryHttpHandler(KafkaRegistryStore store, int maxRequestBytes) {
        this.store = store;
        this.maxRequestBytes = maxRequestBytes;
    }

    /** A parsed request: method, decoded path segments and query parameters. */
    private record Request(HttpExchange exchange, String method, List<String> path, Map<String, String> query) {
        String segment(int i) {
            return path.get(i);
        }

        boolean flag(String name) {
            return "true".equalsIgnoreCase(query.get(name));
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                Request request = new Request(exchange, exchange.getRequestMethod().toUpperCase(Locale.ROOT),
                        HttpExchanges.segments(exchange), HttpExchanges.query(exchange));
                HttpExchanges.send(exchange, 200, route(request));
            } catch (SchemaRegistryException e) {
                HttpExchanges.sendError(exchange, e);
            } catch (RuntimeException e) {
                log.error("Schema registry request {} {} failed", exchange.getRequestMethod(),
                        exchange.getRequestURI(), e);
                HttpExchanges.sendError(exchange, new SchemaRegistryException(500,
                        SchemaRegistryException.INTERNAL_ERROR, "Error in the backend data store"));
            }
        }
    }

    private Object route(Request r) throws IOException {
        List<String> p = r.path();
        if (p.isEmpty()) {
            return method(r, "GET", Map.of());
        }
        return switch (p.get(0)) {
            case "subjects" -> subjects(r);
            case "schemas" -> schemas(r);
            case "compatibility" -> compatibility(r);
            case "config" -> config(r);
            case "mode" -> p.size() == 1 ? method(r, "GET", Map.of("mode", "READWRITE")) : notFound();
            default -> notFound();
        };
    }

    // ---- /subjects -------------------------------------------------------------------------------------------

    private Object subjects(Request r) throws IOException {
        List<String> p = r.path();
        boolean deleted = r.flag("deleted") || r.flag("lookupDeletedSchema");
        if (p.size() == 1) {
            requireMethod(r, "GET");
            String prefix = r.query().getOrDefault("subjectPrefix", "");
            return store.read(s -> s.subjects(deleted)).stream().filter(name -> name.startsWith(prefix)).toList();
        }
        String subject = r.segment(1);
        if (p.size() == 2) {
            if (r.method().equals("DELETE")) {
                requireSoftDelete(r);
                return store.deleteSubject(subject);
            }
            requireMethod(r, "POST");
            Schema schema = schemaFromBody(r);
            return describe(store.read(s -> s.lookup(subject, schema, deleted)));
        }
        if (!p.get(2).equals("versions")) {
            return notFound();
        }
        if (p.size() == 3) {
            if (r.method().equals("POST")) {
                Schema schema = schemaFromBody(r);
                return Map.of("id", store.register(subject, schema));
            }
            requireMethod(r, "GET");
            return store.read(s -> s.versions(subject, deleted));
        }
        Optional<Integer> version = version(r.segment(3));
        if (p.size() == 4) {
            if (r.method().equals("DELETE")) {
                requireSoftDelete(r);
                return store.deleteVersion(subject, version);
            }
            requireMethod(r, "GET");
            return describe(find(subject, version, deleted));
        }
        if (p.size() == 5 && p.get(4).equals("schema")) {
            requireMethod(r, "GET");
            return new RawJson(find(subject, version, deleted).schema().toString());
        }
        if (p.size() == 5 && p.get(4).equals("referencedby")) {
            requireMethod(r, "GET");
            find(subject, version, deleted);
            return List.of();
        }
        return notFound();
    }

    private RegisteredSchema find(String subject, Optional<Integer> version, boolean deleted) {
        return store.read(s -> version.isPresent()
                ? s.version(subject, version.get(), deleted)
                : s.latest(subject, deleted));
    }

    // ---- /schemas --------------------------------------------------------------------------------------------

    private Object schemas(Request r) {
        List<String> p = r.path();
        requireMethod(r, "GET");
        if (p.size() == 2 && p.get(1).equals("types")) {
            return List.of("AVRO");
        }
        if (p.size() < 3 || p.size() > 4 || !p.get(1).equals("ids")) {
            return notFound();
        }
        int id;
        try {
            id = Integer.parseInt(p.get(2));
        } catch (NumberFormatException e) {
            return notFound();
        }
        Schema schema = store.read(s -> s.schemaById(id));
        if (p.size() == 3) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("schema", schema.toString());
            if (r.flag("fetchMaxId")) {
                body.put("maxId", store.read(RegistryState::maxId));
            }
            return body;
        }
        boolean deleted = r.flag("deleted");
        return switch (p.get(3)) {
            case "schema" -> new RawJson(schema.toString());
            case "subjects" -> store.read(s -> s.usesOf(id, deleted)).stream()
                    .map(RegisteredSchema::subject).distinct().toList();
            case "versions" -> store.read(s -> s.usesOf(id, deleted)).stream()
                    .map(use -> Map.of("subject", use.subject(), "version", use.version())).toList();
            default -> notFound();
        };
    }

    // ---- /compatibility --------------------------------------------------------------------------------------

    private Object compatibility(Request r) throws IOException {
        List<String> p = r.path();
        if (p.size() < 4 || p.size() > 5 || !p.get(1).equals("subjects") || !p.get(3).equals("versions")) {
            return notFound();
        }
        requireMethod(r, "POST");
        String subject = r.segment(2);
        // Like Confluent: a version (or "latest") is checked against that one version, and "latest" of a subject
        // with no live version is compatible; without a version, against what the subject's level asks for.
        Optional<Optional<Integer>> against = p.size() == 5 ? Optional.of(version(r.segment(4))) : Optional.empty();
        Schema schema = schemaFromBody(r);
        CompatibilityResult result = store.read(s -> {
            if (against.isEmpty()) {
                return s.checkCompatibility(subject, schema);
            }
            Optional<Integer> version = against.get();
            if (version.isPresent()) {
                return s.checkCompatibility(subject, schema, version.get());
            }
            if (s.subjects(false).contains(subject)) {
                return s.checkCompatibility(subject, schema, s.latest(subject).version());
            }
            return CompatibilityResult.ok();
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("is_compatible", result.compatible());
        if (r.flag("verbose")) {
            body.put("messages", result.messages());
        }
        return body;
    }

    // ---- /config ---------------------------------------------------------------------------------------------

    private Object config(Request r) throws IOException {
        List<String> p = r.path();
        if (p.size() > 2) {
            return notFound();
        }
        String subject = p.size() == 2 ? r.segment(1) : null;
        switch (r.method()) {
            case "GET" -> {
                CompatibilityLevel level = store.read(s -> subject == null || r.flag("defaultToGlobal")
                        ? s.compatibility(subject)
                        : s.subjectCompatibility(subject)
                                .orElseThrow(() -> RegistryErrors.subjectCompatibilityNotConfigured(subject)));
                return Map.of("compatibilityLevel", level.name());
            }
            case "PUT" -> {
                CompatibilityLevel level = level(jsonBody(r.exchange(), maxRequestBytes).path("compatibility"));
                store.setCompatibility(subject, level);
                return Map.of("compatibility", level.name());
            }
            case "DELETE" -> {
                if (subject == null) {
                    return methodNotAllowed();
                }
                return Map.of("compatibilityLevel", store.clearCompatibility(subject).name());
            }
            default -> {
                return methodNotAllowed();
            }
        }
    }

    // ---- parsing and helpers ---------------------------------------------------------------------------------

    /** The Avro schema a registration, lookup or compatibility body names; 42201 for anything else. */
    private Schema schemaFromBody(Request r) throws IOException {
        JsonNode body = jsonBody(r.exchange(), maxRequestBytes);
        if (!body.isObject()) {
            throw new SchemaRegistryException(400, 400, "The request body must be a JSON object");
        }
        String type = body.path("schemaType").asText("AVRO");
        if (!type.equalsIgnoreCase("AVRO")) {
            throw RegistryErrors.invalidSchema("schema type " + type
                    + " is not supported; this registry holds AVRO schemas only");
        }
        JsonNode references = body.path("references");
        if (references.isArray() && !references.isEmpty()) {
            throw RegistryErrors.invalidSchema("schema references are not supported by the embedded registry");
        }
        JsonNode schema = body.path("schema");
        if (!schema.isTextual()) {
            throw RegistryErrors.invalidSchema("the request has no \"schema\" string");
        }
        return RegistryState.parse(schema.asText());
    }

    /** A version path segment: empty for {@code latest} (or {@code -1}), else a positive number; 42202 otherwise. */
    private static Optional<Integer> version(String text) {
        if (text.equals("latest") || text.equals("-1")) {
            return Optional.empty();
        }
        try {
            int version = Integer.parseInt(text);
            if (version >= 1) {
                return Optional.of(version);
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw RegistryErrors.invalidVersion(text);
    }

    private static CompatibilityLevel level(JsonNode node) {
        try {
            return CompatibilityLevel.valueOf(node.asText().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw RegistryErrors.invalidCompatibilityLevel();
        }
    }

    private static Map<String, Object> describe(RegisteredSchema schema) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subject", schema.subject());
        body.put("version", schema.version());
        body.put("id", schema.id());
        body.put("schema", schema.schema().toString());
        return body;
    }

    private static void requireSoftDelete(Request r) {
        if (r.flag("permanent")) {
            throw new SchemaRegistryException(422, 42205,
                    "Permanent deletion is not supported by the embedded schema registry; soft delete only");
        }
    }

    private static Object method(Request r, String allowed, Object answer) {
        requireMethod(r, allowed);
        return answer;
    }

    private static void requireMethod(Request r, String allowed) {
        if (!r.method().equals(allowed)) {
            methodNotAllowed();
        }
    }

    private static Object notFound() {
        throw new SchemaRegistryException(404, 404, "HTTP 404 Not Found");
    }

    private static Object methodNotAllowed() {
        throw new SchemaRegistryException(405, 405, "HTTP 405 Method Not Allowed");
    }
}
