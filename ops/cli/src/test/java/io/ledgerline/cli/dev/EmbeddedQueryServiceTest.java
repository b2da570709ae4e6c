package io.ledgerline.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.devkit.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dev mode's query service for real: write over the command API, read your write over the query API. */
class EmbeddedQueryServiceTest {

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void givenDevStackWithBothServices_whenDepositAnswered_thenQueryWithMinVersionSeesIt() throws Exception {
        DevSettings settings = new DevSettings(dataDir, 0, 0, 2, 0);
        try (DevStack stack = DevStack.start(settings);
                EmbeddedCommandService commands = EmbeddedCommandService.start(stack, 0, 0,
                        settings.commandStateDir());
                EmbeddedQueryService queries = EmbeddedQueryService.start(stack, 0, settings.queryStateDir())) {
            assertThat(queries.url()).as("port 0 picks a free port").doesNotEndWith(":8082");
            HttpResponse<String> opened = send(HttpRequest.newBuilder(URI.create(commands.url() + "/api/accounts"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"customerId\":\"cust-q\",\"currency\":\"EUR\",\"holderName\":\"Grace Hopper\"}")));
            assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
            String accountId = opened.body().replaceAll(".*\"accountId\":\"([^\"]+)\".*", "$1");
            HttpResponse<String> deposited = send(HttpRequest.newBuilder(URI.create(commands.url() + "/api/accounts/"
                    + accountId + "/deposits")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":1250}")));
            assertThat(deposited.statusCode()).as(deposited.body()).isEqualTo(200);

            // The projections may still be starting (503): retry that until the deadline, nothing else.
            String viewUrl = queries.url() + "/api/accounts/" + accountId + "?minVersion=2&waitMs=10000";
            HttpResponse<String> view = Await.value(() -> viewUrl + " to answer other than 503", Duration.ofSeconds(60),
                    () -> Optional.of(send(HttpRequest.newBuilder(URI.create(viewUrl)).GET()))
                            .filter(answer -> answer.statusCode() != 503));

            assertThat(view.statusCode()).as(view.body()).isEqualTo(200);
            assertThat(view.body()).contains("\"balance\":1250", "\"version\":2", "\"stale\":false");
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        // The commands' answers wait for the outcome up to 25 s instead of the default 5 s: a just-started processor
        // on a loaded host can take longer for its first transaction, and the test asserts the final answer.
        return http.send(request.header("Prefer", "wait=25").timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
