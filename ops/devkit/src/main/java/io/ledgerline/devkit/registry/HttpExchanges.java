package io.ledgerline.devkit.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.ledgerline.registry.SchemaRegistryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reading a request (path segments, query, bounded JSON body) and writing a JSON answer or a Confluent error. */
final class HttpExchanges {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    /** How much of an oversize body is read and dropped before answering 413. */
    private static final long DRAIN_LIMIT_BYTES = 16L * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpExchanges() {
    }

    /** The decoded path segments; {@code /subjects/a%2Fb/versions} is {@code [subjects, a/b, versions]}. */
    static List<String> segments(HttpExchange exchange) {
        List<String> out = new ArrayList<>();
        for (String raw : exchange.getRequestURI().getRawPath().split("/")) {
            if (!raw.isEmpty()) {
                // In a path '+' is a plus sign, not a space.
                out.add(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> out = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(name, value);
        }
        return out;
    }

    /**
     * The request body as JSON, read at most {@code maxBytes}: 413 past the limit, 415 for a content type that is
     * not JSON, 400 for malformed JSON.
     */
    static JsonNode jsonBody(HttpExchange exchange, int maxBytes) throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType != null && !isJson(contentType)) {
            throw new SchemaRegistryException(415, 415, "HTTP 415 Unsupported Media Type");
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                // Read (a bounded amount of) the rest: closing on unread bytes resets the connection, and the
                // client may then lose the 413 answer.
                drain(in, DRAIN_LIMIT_BYTES);
                exchange.getResponseHeaders().set("Connection", "close");
                throw tooLarge(maxBytes);
            }
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new SchemaRegistryException(400, 400, "The request body is empty; a JSON object is expected");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SchemaRegistryException(400, 400, "Malformed JSON request body: " + e.getOriginalMessage());
        }
    }

    static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = body instanceof RawJson raw
                ? raw.text().getBytes(StandardCharsets.UTF_8)
                : JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static void sendError(HttpExchange exchange, SchemaRegistryException e) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error_code", e.errorCode());
        body.put("message", e.getMessage());
        send(exchange, e.httpStatus(), body);
    }

    /** JSON text sent as it is (a schema, for the {@code /schema} endpoints). */
    record RawJson(String text) {
    }

    private static boolean isJson(String contentType) {
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.endsWith("+json");
    }

    private static void drain(InputStream in, long limit) throws IOException {
        long skipped = 0;
        byte[] buffer = new byte[8192];
        int n;
        while (skipped < limit && (n = in.read(buffer)) > 0) {
            skipped += n;
        }
    }

    private static SchemaRegistryException tooLarge(int maxBytes) {
        return new SchemaRegistryException(413, 413, "Request body is larger than " + maxBytes + " bytes");
    }
}
