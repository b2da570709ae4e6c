package io.ledgerline.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.devkit.Await;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dev mode's command service for real: open an account and deposit over HTTP, through Kafka and the processor; a
 * transfer completed by the saga running in the same process.
 */
class EmbeddedCommandServiceTest {

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void givenDevStack_whenAccountOpenedAndFundedOverRest_thenAcceptedWithContiguousVersions() throws Exception {
        DevSettings settings = new DevSettings(dataDir, 0, 0, 2, 0);
        int peerPort = freePort();
        try (DevStack stack = DevStack.start(settings);
                EmbeddedCommandService commands = EmbeddedCommandService.start(stack, 0, peerPort,
                        settings.commandStateDir())) {
            assertThat(commands.url()).as("port 0 picks a free port").doesNotEndWith(":8080");
            assertThat(commands.internalUrl()).as("the peer endpoint on the port asked for")
                    .startsWith("http://127.0.0.1:" + peerPort + "/");
            HttpResponse<String> opened = post(commands.url() + "/api/accounts",
                    "{\"customerId\":\"cust-1\",\"currency\":\"EUR\",\"holderName\":\"Ada Lovelace\"}");
            assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
            assertThat(opened.body()).contains("\"version\":1");
            String accountId = opened.body().replaceAll(".*\"accountId\":\"([^\"]+)\".*", "$1");

            HttpResponse<String> deposited = post(commands.url() + "/api/accounts/" + accountId + "/deposits",
                    "{\"amount\":1250}");

            assertThat(deposited.statusCode()).as(deposited.body()).isEqualTo(200);
            assertThat(deposited.body()).contains("\"version\":2");
        }
    }

    @Test
    void givenDevStack_whenTransferRequestedOverRest_thenTheSagaInTheDevProcessCompletesIt() throws Exception {
        DevSettings settings = new DevSettings(dataDir, 0, 0, 2, 0);
        try (DevStack stack = DevStack.start(settings);
                EmbeddedCommandService commands = EmbeddedCommandService.start(stack, 0, 0,
                        settings.commandStateDir())) {
            String from = open(commands);
            String to = open(commands);
            assertThat(post(commands.url() + "/api/accounts/" + from + "/deposits", "{\"amount\":1000}").statusCode())
                    .isEqualTo(200);

            HttpResponse<String> requested = post(commands.url() + "/api/transfers", "{\"fromAccountId\":\"" + from
                    + "\",\"toAccountId\":\"" + to + "\",\"amount\":400,\"currency\":\"EUR\",\"reference\":\"dev\"}");
            assertThat(requested.statusCode()).as(requested.body()).isEqualTo(202);

            // Only the saga writes CompleteTransfer; its gauge counts the completed saga.
            String completed = commands.url() + "/actuator/metrics/ledgerline.saga.transfers?tag=status:COMPLETED";
            Await.until("the saga to complete the transfer (" + completed + ")", Duration.ofSeconds(60),
                    () -> get(completed).body().contains("\"value\":1.0"));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private String open(EmbeddedCommandService commands) throws Exception {
        HttpResponse<String> opened = post(commands.url() + "/api/accounts",
                "{\"customerId\":\"cust-1\",\"currency\":\"EUR\",\"holderName\":\"Ada Lovelace\"}");
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        return opened.body().replaceAll(".*\"accountId\":\"([^\"]+)\".*", "$1");
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Waits up to the service's maximum (30 s) for the outcome, not its 5 s default: the first commands after the
     * start meet a processor still warming up, which on a loaded machine outlasts 5 s and answers 202.
     */
    private HttpResponse<String> post(String url, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(40))
                        .header("Content-Type", "application/json")
                        .header("Prefer", "wait=30")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
