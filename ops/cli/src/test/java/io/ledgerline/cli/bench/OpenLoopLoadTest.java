package io.ledgerline.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OpenLoopLoadTest {

    /**
     * A server that answers one request at a time, 50 ms each (20/s), offered 100/s for 1 s: the requests queue,
     * and the last one, due at ~1 s, is answered at ~5 s. Measured from the intended start that is ~4 s; a
     * closed-loop measurement would have reported ~50 ms for every request.
     */
    @Test
    void givenSlowServer_whenOfferedMoreThanItServes_thenLatencyIncludesTheQueue() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ExecutorService oneAtATime = Executors.newSingleThreadExecutor();
        server.setExecutor(oneAtATime);
        server.createContext("/", exchange -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

            OpenLoopLoad.Outcome outcome = new OpenLoopLoad(client, 200)
                    .run(100, Duration.ofSeconds(1), n -> HttpRequest.newBuilder(uri).build(), Duration.ofSeconds(30));

            assertThat(outcome.sent()).isEqualTo(100);
            assertThat(outcome.answered()).isEqualTo(100);
            assertThat(outcome.statuses()).containsExactly(Map.entry(204, 100L));
            assertThat(outcome.latencies().getMaxValue()).isGreaterThan(TimeUnit.SECONDS.toNanos(3));
            assertThat(outcome.achievedRate()).isLessThan(30);
        } finally {
            server.stop(0);
            oneAtATime.shutdownNow();
        }
    }
}
