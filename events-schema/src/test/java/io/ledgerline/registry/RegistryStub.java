package io.ledgerline.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.apache.avro.Schema;

/**
 * A schema registry on a local port for client tests: it answers scripted responses in order, or, once the script is
 * used up, from an in-memory registry (register, lookup, schema by id). It records every request.
 */
final class RegistryStub implements AutoCloseable {

    record Request(String method, String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    record Response(int status, String body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Queue<Function<Request, Response>> script = new ArrayDeque<>();
    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final CountDownLatch release = new CountDownLatch(1);

    RegistryStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next request gets this answer. */
    synchronized RegistryStub answer(int status, String body) {
        script.add(request -> new Response(status, body));
        return this;
    }

    /** The next request gets no answer until the stub is closed (for timeouts). */
    synchronized RegistryStub hang() {
        script.add(request -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Response(500, "");
        });
        return this;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    int requestCount() {
        return requests.size();
    }

    Request lastRequest() {
        return requests.get(requests.size() - 1);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()),
                Map.copyOf(exchange.getRequestHeaders()), body);
        requests.add(request);
        Function<Request, Response> scripted;
        synchronized (this) {
            scripted = script.poll();
        }
        Response response = scripted != null ? scripted.apply(request) : fromRegistry(request);
        byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", HttpSchemaRegistryClient.CONTENT_TYPE);
        exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private Response fromRegistry(Request request) {
        try {
            String[] path = request.path().split("/");
            if (request.method().equals("POST") && path.length == 4 && path[1].equals("subjects")) {
                int id = registry.register(decode(path[2]), schemaOf(request));
                return new Response(200, "{\"id\":" + id + "}");
            }
            if (request.method().equals("POST") && path.length == 3 && path[1].equals("subjects")) {
                Optional<RegisteredSchema> found = registry.lookup(decode(path[2]), schemaOf(request));
                return found.map(s -> new Response(200, JSON.createObjectNode().put("subject", s.subject())
                                .put("id", s.id()).put("version", s.version()).put("schema", s.schema().toString())
                                .toString()))
                        .orElse(new Response(404, "{\"error_code\":40403,\"message\":\"Schema not found\"}"));
            }
            if (request.method().equals("GET") && path.length == 4 && path[1].equals("schemas")) {
                Schema schema = registry.schemaById(Integer.parseInt(path[3]));
                return new Response(200, JSON.createObjectNode().put("schema", schema.toString()).toString());
            }
            return new Response(404, "{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}");
        } catch (SchemaRegistryException e) {
            return new Response(e.httpStatus(), JSON.createObjectNode().put("error_code", e.errorCode())
                    .put("message", e.getMessage()).toString());
        }
    }

    private static Schema schemaOf(Request request) {
        try {
            JsonNode body = JSON.readTree(request.body());
            return new Schema.Parser().parse(body.path("schema").asText());
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
