package io.ledgerline.command.status;

import io.ledgerline.command.processing.ProcessedOutcomes.Lookup;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.streams.state.HostInfo;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks other instances what their command processors recorded for a command id, all of them at once, over one
 * pooled HTTP client. An instance that does not answer within the timeout, or answers anything but 200 or 404,
 * makes its partitions unsearchable for this lookup: the caller gets {@link Lookup.Unavailable}, never a false
 * "unknown". No retries here: the status URL is polled, and its 503 carries {@code Retry-After}.
 */
public final class PeerOutcomes {

    /** The path every instance answers from its own processor only (it never asks further). */
    public static final String PATH = "/internal/command-outcomes/";

    // Lenient where the API is strict: a newer instance may add fields to what it answers.
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final HttpClient client;
    private final Duration timeout;

    /** @param timeout the longest wait for one instance's answer, connecting included */
    public PeerOutcomes(Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** Found if any peer has it; otherwise Unavailable if any peer could not say; otherwise Absent. */
    Lookup find(List<HostInfo> peers, String commandId) {
        List<CompletableFuture<Lookup>> asked = peers.stream().map(peer -> ask(peer, commandId)).toList();
        Lookup combined = new Lookup.Absent();
        for (CompletableFuture<Lookup> answer : asked) {
            Lookup lookup = answer.join();
            if (lookup instanceof Lookup.Found) {
                return lookup;
            }
            if (lookup instanceof Lookup.Unavailable) {
                combined = lookup;
            }
        }
        return combined;
    }

    private CompletableFuture<Lookup> ask(HostInfo peer, String commandId) {
        URI uri = URI.create("http://" + peer.host() + ":" + peer.port() + PATH
                + URLEncoder.encode(commandId, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json")
                .GET().build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> read(peer, response))
                .exceptionally(failure -> new Lookup.Unavailable("instance " + peer + " did not answer: " + failure));
    }

    private Lookup read(HostInfo peer, HttpResponse<String> response) {
        return switch (response.statusCode()) {
            case 200 -> {
                try {
                    yield new Lookup.Found(JSON.readValue(response.body(), OutcomeDocument.class).toOutcome());
                } catch (RuntimeException e) {
                    yield new Lookup.Unavailable("instance " + peer + " answered an outcome this release cannot "
                            + "read: " + e.getMessage());
                }
            }
            case 404 -> new Lookup.Absent();
            default -> new Lookup.Unavailable("instance " + peer + " answered " + response.statusCode());
        };
    }
}
