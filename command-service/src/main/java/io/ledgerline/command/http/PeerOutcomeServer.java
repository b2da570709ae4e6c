package io.ledgerline.command.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ledgerline.command.processing.ProcessedOutcomes;
import io.ledgerline.command.processing.ProcessedOutcomes.Lookup;
import io.ledgerline.command.status.OutcomeDocument;
import io.ledgerline.command.status.PeerOutcomes;
import io.ledgerline.web.ProblemType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The instance-to-instance half of the status lookup, on a port of its own (ADR 0030): {@code GET
 * /internal/command-outcomes/{id}} answers what this instance's command processor recorded, and nothing else, so
 * two instances cannot ask each other in circles. {@link PeerOutcomes} on the other instances asks it. The public
 * API port does not serve it at all (404 there, like any unknown path).
 *
 * <p>It is bound before the processor starts, so the port it got (also when configured 0) is what the processor
 * advertises as {@code application.server}; it serves once the processor's store exists ({@link #serve}).
 * Answers: 200 with the outcome, 404 {@code unknown-command}, 503 {@code unavailable} while some partitions cannot
 * be searched, 400 for a malformed id, 405 for anything but GET, 404 for any other path. One worker thread: each
 * answer is one local store lookup; a backlog beyond {@value #QUEUE} requests is answered on the accepting thread.
 */
public final class PeerOutcomeServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PeerOutcomeServer.class);
    private static final int QUEUE = 64;
    private static final Pattern COMMAND_ID = Pattern.compile(CommandHeaders.COMMAND_ID_PATTERN);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final ThreadPoolExecutor worker;

    private PeerOutcomeServer(HttpServer server) {
        this.server = server;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE),
                runnable -> {
                    Thread thread = new Thread(runnable, "peer-outcomes-http");
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        server.setExecutor(worker);
    }

    /** Binds {@code address} (port 0: any free port) without serving yet. */
    public static PeerOutcomeServer bind(InetSocketAddress address) {
        try {
            return new PeerOutcomeServer(HttpServer.create(address, 0));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the internal outcome endpoint to " + address, e);
        }
    }

    /** The bound address, with the port the system chose if 0 was asked for. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Starts answering from {@code outcomes}. */
    public void serve(ProcessedOutcomes outcomes) {
        Objects.requireNonNull(outcomes, "outcomes");
        server.createContext("/", exchange -> {
            try (exchange) {
                answer(exchange, outcomes);
            } catch (RuntimeException e) {
                log.warn("internal outcome endpoint failed on {}", exchange.getRequestURI(), e);
            }
        });
        server.start();
    }

    private static void answer(HttpExchange exchange, ProcessedOutcomes outcomes) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        if (!path.startsWith(PeerOutcomes.PATH)) {
            problem(exchange, ProblemType.NO_SUCH_ENDPOINT, "no endpoint " + path);
            return;
        }
        if (!"GET".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "GET");
            problem(exchange, ProblemType.METHOD_NOT_ALLOWED, exchange.getRequestMethod() + " is not supported here");
            return;
        }
        String commandId = URLDecoder.decode(path.substring(PeerOutcomes.PATH.length()), StandardCharsets.UTF_8);
        if (!COMMAND_ID.matcher(commandId).matches()) {
            problem(exchange, ProblemType.VALIDATION, "not a command id");
            return;
        }
        Lookup lookup = outcomes.find(commandId);
        if (lookup instanceof Lookup.Found found) {
            send(exchange, 200, "application/json", JSON.writeValueAsBytes(OutcomeDocument.of(found.outcome())));
        } else if (lookup instanceof Lookup.Unavailable unavailable) {
            exchange.getResponseHeaders().set("Retry-After", "1");
            problem(exchange, ProblemType.UNAVAILABLE, unavailable.reason());
        } else {
            problem(exchange, CommandProblemTypes.UNKNOWN_COMMAND, "no outcome recorded here for " + commandId);
        }
    }

    private static void problem(HttpExchange exchange, ProblemType type, String detail) throws IOException {
        int status = type.status().value();
        send(exchange, status, "application/problem+json", JSON.writeValueAsBytes(Map.of("type",
                type.type().toString(), "title", type.title(), "status", status, "detail", detail)));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Stops at once: a peer that loses its answer retries at the status URL's 503. */
    @Override
    public void close() {
        server.stop(0);
        worker.shutdownNow();
    }
}
