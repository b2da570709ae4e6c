package io.ledgerline.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Freshness}'s sender and its blocking keep-alive readers against the JDK's own HTTP server on loopback. */
class FreshnessTest {

    private final ExecutorService handlers = Executors.newFixedThreadPool(4);
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(handlers);
        server.createContext("/visible", exchange -> answer(exchange, 200, "{\"version\":3,\"stale\":false}"));
        // The marker past the first 16 KiB read: found across reads.
        server.createContext("/visible-long", exchange -> answer(exchange, 200,
                "{\"pad\":\"" + "x".repeat(16 * 1024 - 3) + "\",\"stale\":false}"));
        server.createContext("/stale", exchange -> answer(exchange, 200, "{\"version\":2,\"stale\":true}"));
        server.createContext("/missing", exchange -> answer(exchange, 404, "{\"title\":\"not found\"}"));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        handlers.shutdownNow();
    }

    /**
     * 400 events in 2 s, the first second a warm-up, every 2nd read back: the 100 reads of the measured second are
     * each counted once, as visible (a latency), stale or by their status; every event is appended once, in order.
     */
    @Test
    void givenVisibleStaleAndMissingAnswers_whenRun_thenOnlyVisibleOnesAreLatencies() throws Exception {
        AtomicLong appended = new AtomicLong();
        Freshness.Outcome outcome = new Freshness(server.getAddress(), 4, 100).run(200, 2, Duration.ofSeconds(1),
                Duration.ofSeconds(1), n -> {
                    assertThat(appended.getAndIncrement()).isEqualTo(n);
                    return switch ((int) (n / 2 % 4)) {
                        case 0 -> "/visible?n=" + n;
                        case 1 -> "/visible-long?n=" + n;
                        case 2 -> "/stale?n=" + n;
                        default -> "/missing?n=" + n;
                    };
                }, Duration.ofSeconds(10));

        assertThat(appended).hasValue(400);
        assertThat(outcome.appended()).isEqualTo(400);
        assertThat(outcome.read()).isEqualTo(100);
        assertThat(outcome.latencies().getTotalCount()).isEqualTo(50);
        assertThat(outcome.stale()).isEqualTo(25);
        assertThat(outcome.statuses()).containsExactlyInAnyOrderEntriesOf(Map.of(200, 75L, 404, 25L));
        assertThat(outcome.failures()).isZero();
        assertThat(clientPorts).as("keep-alive: each reader thread keeps its connection").hasSizeLessThanOrEqualTo(4);
    }

    /** A server that is gone: each read fails and is counted, and the run still ends. */
    @Test
    void givenNoServer_whenRun_thenEveryReadFails() throws Exception {
        InetSocketAddress gone = server.getAddress();
        server.stop(0);

        Freshness.Outcome outcome = new Freshness(gone, 2, 100).run(100, 1, Duration.ZERO, Duration.ofSeconds(1),
                n -> "/visible", Duration.ofSeconds(10));

        assertThat(outcome.read()).isEqualTo(100);
        assertThat(outcome.failures()).isEqualTo(100);
        assertThat(outcome.latencies().getTotalCount()).isZero();
    }

    private void answer(HttpExchange exchange, int status, String text) throws IOException {
        clientPorts.add(exchange.getRemoteAddress().getPort());
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
