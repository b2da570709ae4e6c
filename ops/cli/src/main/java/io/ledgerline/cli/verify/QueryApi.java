package io.ledgerline.cli.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The query service's REST read API as {@code verify} reads it: a GET answers the JSON body, empty for 404, and any
 * other answer or no answer within the timeout is a failure naming the URL (the check cannot be completed).
 */
public final class QueryApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration UNAVAILABLE_PAUSE = Duration.ofMillis(200);

    private final String baseUrl;
    private final Duration timeout;
    private final HttpClient http;

    public QueryApi(String baseUrl, Duration timeout) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** The path with the id as one URL-encoded path segment in place of {@code {}}. */
    static String path(String template, String id) {
        return template.replace("{}", URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20"));
    }

    /**
     * GET of the path; a server-side wait in the query is added to the timeout. A 503 (the service is starting or
     * restoring its stores) is asked again until the timeout has passed.
     */
    public Optional<JsonNode> get(String path, Duration serverWait) {
        long giveUp = System.nanoTime() + timeout.toNanos();
        HttpResponse<String> response = send(path, serverWait);
        while (response.statusCode() == 503 && System.nanoTime() - giveUp < 0) {
            try {
                Thread.sleep(UNAVAILABLE_PAUSE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted reading " + baseUrl + path, e);
            }
            response = send(path, serverWait);
        }
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("query service answered " + response.statusCode() + " to GET " + path
                    + ": " + response.body());
        }
        try {
            return Optional.of(JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new IllegalStateException("query service answered GET " + path + " with no JSON: "
                    + e.getMessage(), e);
        }
    }

    private HttpResponse<String> send(String path, Duration serverWait) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout.plus(serverWait))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("query service at " + baseUrl + " did not answer GET " + path + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading " + baseUrl + path, e);
        }
    }
}
