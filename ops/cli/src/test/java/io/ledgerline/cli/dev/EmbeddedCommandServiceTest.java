package io.ledgerline.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dev mode's command service for real: open an account and deposit over HTTP, through Kafka and the processor. */
class EmbeddedCommandServiceTest {

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void givenDevStack_whenAccountOpenedAndFundedOverRest_thenAcceptedWithContiguousVersions() throws Exception {
        DevSettings settings = new DevSettings(dataDir, 0, 0, 2, 0);
        try (DevStack stack = DevStack.start(settings);
                EmbeddedCommandService commands = EmbeddedCommandService.start(stack, 0,
                        settings.commandStateDir())) {
            assertThat(commands.url()).as("port 0 picks a free port").doesNotEndWith(":8080");
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

    private HttpResponse<String> post(String url, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
