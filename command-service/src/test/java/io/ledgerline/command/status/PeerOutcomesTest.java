package io.ledgerline.command.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ledgerline.command.processing.ProcessedOutcomes.Lookup;
import io.ledgerline.outcome.CommandOutcome;
import io.ledgerline.outcome.OutcomeCode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Asking other instances: what each kind of answer (or silence) makes of a lookup. Peers are JDK HTTP servers. */
class PeerOutcomesTest {

    private static final Duration TIMEOUT = Duration.ofMillis(500);

    private final List<HttpServer> servers = new ArrayList<>();
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);
    private final PeerOutcomes peers = new PeerOutcomes(TIMEOUT);
    private final String commandId = "cmd-" + UUID.randomUUID();

    @AfterEach
    void stopPeers() {
        release.countDown();
        servers.forEach(server -> server.stop(0));
        handlers.shutdownNow();
    }

    @Test
    void givenOnePeerWithTheOutcome_whenAsked_thenFound() throws IOException {
        CommandOutcome outcome = new CommandOutcome(commandId, "io.ledgerline.avro.command.DepositMoney", "acc-1",
                OutcomeCode.ACCEPTED, null, 4L, 1, Instant.parse("2026-11-28T18:00:00.123Z"));
        String body = JsonMapper.builder().build().writeValueAsString(OutcomeDocument.of(outcome));

        Lookup lookup = peers.find(List.of(peer(404, "{}"), peer(200, body)), commandId);

        assertThat(lookup).isEqualTo(new Lookup.Found(outcome));
    }

    @Test
    void givenEveryPeerWithout_whenAsked_thenAbsent() throws IOException {
        assertThat(peers.find(List.of(peer(404, "{}"), peer(404, "{}")), commandId)).isEqualTo(new Lookup.Absent());
    }

    @Test
    void givenNoPeers_whenAsked_thenAbsent() {
        assertThat(peers.find(List.of(), commandId)).isEqualTo(new Lookup.Absent());
    }

    @Test
    void givenAPeerThatIsDown_whenTheOthersLackIt_thenUnavailableNotAbsent() throws IOException {
        Lookup lookup = peers.find(List.of(peer(404, "{}"), new HostInfo("127.0.0.1", closedPort())), commandId);

        assertThat(lookup).isInstanceOf(Lookup.Unavailable.class);
    }

    @Test
    void givenAPeerThatDoesNotAnswerInTime_whenTheOthersLackIt_thenUnavailable() throws IOException {
        Lookup lookup = peers.find(List.of(peer(404, "{}"), silentPeer()), commandId);

        assertThat(lookup).isInstanceOf(Lookup.Unavailable.class);
    }

    @Test
    void givenAPeerAnsweringAnError_whenTheOthersLackIt_thenUnavailable() throws IOException {
        assertThat(peers.find(List.of(peer(503, "{}")), commandId)).isInstanceOf(Lookup.Unavailable.class);
    }

    @Test
    void givenAnOutcomeCodeThisReleaseDoesNotKnow_whenAsked_thenUnavailable() throws IOException {
        String body = "{\"commandId\":\"" + commandId + "\",\"commandType\":\"x\",\"aggregateId\":\"acc-1\","
                + "\"code\":\"FROM_THE_FUTURE\",\"version\":1,\"eventCount\":0,\"processedAt\":\"2026-11-28T18:00:00Z\"}";

        assertThat(peers.find(List.of(peer(200, body)), commandId)).isInstanceOf(Lookup.Unavailable.class);
    }

    private HostInfo peer(int status, String body) throws IOException {
        return serve(exchange -> {
            assertThat(exchange.getRequestURI().getPath()).isEqualTo(PeerOutcomes.PATH + commandId);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
    }

    /** Accepts the request and answers only when the test ends, long after the lookup's timeout. */
    private HostInfo silentPeer() throws IOException {
        return serve(exchange -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
    }

    private HostInfo serve(ExchangeHandler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", handler::handle);
        server.setExecutor(handlers);
        server.start();
        servers.add(server);
        return new HostInfo("127.0.0.1", server.getAddress().getPort());
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @FunctionalInterface
    private interface ExchangeHandler {
        void handle(HttpExchange exchange) throws IOException;
    }
}
