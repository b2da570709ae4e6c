package io.ledgerline.query.http;

import io.ledgerline.registry.CircuitBreaker;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.state.HostInfo;
import org.springframework.http.HttpHeaders;

/**
 * Forwards a read to the instance that owns its key and relays the answer (status, body, {@code Content-Type},
 * {@code ETag}, {@code Retry-After}, {@code Ledgerline-Projection-Version}). One pooled, asynchronous HTTP client: no
 * servlet thread waits on a forwarded read. A connection that cannot be made is retried with doubling backoff; a
 * circuit breaker per instance stops calling one that keeps failing, so reads fail fast (or fall back to a standby)
 * while it is gone. The forwarded request carries {@link #FORWARDED}, so the receiver answers itself and never
 * forwards again, and the sender's version ({@link ReadModels#PROJECTION_VERSION}).
 */
public final class Forwarder {

    public static final String FORWARDED = "Ledgerline-Forwarded";

    private final HttpClient client;
    private final Duration timeout;
    private final int retries;
    private final Duration backoff;
    private final int breakerFailures;
    private final Duration breakerCoolDown;
    private final Map<HostInfo, CircuitBreaker> breakers = new ConcurrentHashMap<>();

    /**
     * @param timeout how long a forwarded read may take in all, including the longest wait a caller may ask for
     */
    public Forwarder(Duration timeout, int retries, Duration backoff, int breakerFailures, Duration breakerCoolDown) {
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1)).build();
        this.timeout = timeout;
        this.retries = retries;
        this.backoff = backoff;
        this.breakerFailures = breakerFailures;
        this.breakerCoolDown = breakerCoolDown;
    }

    /**
     * The owner's answer to {@code request}; fails with {@link UnavailableException} when it cannot be reached.
     * {@code version} (the application id of the version this instance serves the read from, whose routing chose
     * {@code owner}) goes along in {@link ReadModels#PROJECTION_VERSION}: the owner answers from it while it runs it,
     * so a switch applied by the instances a few ms apart does not turn the read into a 503 (ADR 0021).
     */
    public CompletableFuture<Answer> forward(HostInfo owner, HttpServletRequest request, String version) {
        String query = request.getQueryString();
        URI uri = URI.create("http://" + owner.host() + ":" + owner.port() + request.getRequestURI()
                + (query == null ? "" : "?" + query));
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout).GET().header(FORWARDED, "true")
                .header(ReadModels.PROJECTION_VERSION, version);
        for (String name : List.of(HttpHeaders.ACCEPT, HttpHeaders.IF_NONE_MATCH)) {
            String value = request.getHeader(name);
            if (value != null) {
                builder.header(name, value);
            }
        }
        return attempt(owner, builder.build(), 0);
    }

    private CompletableFuture<Answer> attempt(HostInfo owner, HttpRequest request, int attempt) {
        CircuitBreaker breaker = breakers.computeIfAbsent(owner,
                host -> new CircuitBreaker(breakerFailures, breakerCoolDown, System::nanoTime));
        if (!breaker.tryAcquire()) {
            return CompletableFuture.failedFuture(new UnavailableException("the instance owning this key ("
                    + owner.host() + ":" + owner.port() + ") is not answering"));
        }
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .handle((response, error) -> {
                    if (error == null) {
                        breaker.onSuccess();
                        return CompletableFuture.completedFuture(relay(response));
                    }
                    breaker.onFailure();
                    Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                    if (cause instanceof ConnectException && attempt < retries) {
                        long pause = backoff.toNanos() << attempt;
                        return CompletableFuture.supplyAsync(() -> attempt(owner, request, attempt + 1),
                                CompletableFuture.delayedExecutor(pause, TimeUnit.NANOSECONDS))
                                .thenCompose(next -> next);
                    }
                    return CompletableFuture.<Answer>failedFuture(new UnavailableException(
                            "the instance owning this key (" + owner.host() + ":" + owner.port()
                                    + ") did not answer: " + describe(cause), cause));
                })
                .thenCompose(next -> next);
    }

    private static String describe(Throwable error) {
        return error instanceof IOException && error.getMessage() != null ? error.getMessage()
                : error.getClass().getSimpleName();
    }

    private static Answer relay(HttpResponse<byte[]> response) {
        java.net.http.HttpHeaders headers = response.headers();
        byte[] body = response.body();
        return Answer.relayed(response.statusCode(), headers.firstValue(HttpHeaders.CONTENT_TYPE).orElse(null),
                headers.firstValue(HttpHeaders.ETAG).orElse(null),
                headers.firstValue(HttpHeaders.RETRY_AFTER).orElse(null), body.length == 0 ? null : body,
                headers.firstValue(ReadModels.PROJECTION_VERSION).orElse(null));
    }
}
