package io.ledgerline.devkit.registry;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Confluent-compatible schema registry (the REST subset Ledgerline's client and Confluent's serializers use)
 * served by the JDK's HTTP server and stored on a compacted Kafka topic, {@code _schemas} by default. Ids survive
 * restarts, and several instances on one cluster agree on ids: each folds the same log (ADR 0002).
 *
 * <p>{@code start()} returns once the topic exists, the state holds the whole log and the port is bound;
 * {@code close()} stops serving and releases the Kafka clients (closing twice is harmless). One instance runs
 * once; to restart, create a new one on the same config.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final int MAX_QUEUED_REQUESTS = 256;

    private final EmbeddedSchemaRegistryConfig config;
    private KafkaRegistryStore store;
    private HttpServer server;
    private ExecutorService executor;
    private boolean started;
    private int boundPort;

    public EmbeddedSchemaRegistry(EmbeddedSchemaRegistryConfig config) {
        this.config = config;
    }

    /**
     * Creates the topic if missing, reads it, and starts serving HTTP.
     *
     * @throws IllegalStateException if already started, the topic cannot be used, or the port is taken
     */
    public synchronized EmbeddedSchemaRegistry start() {
        if (started) {
            throw new IllegalStateException("This embedded schema registry was already started");
        }
        started = true;
        long startedAt = System.nanoTime();
        try {
            store = new KafkaRegistryStore(config);
            store.start();
            server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 0);
        } catch (IOException e) {
            close();
            throw new IllegalStateException("The schema registry cannot listen on " + config.host() + ":"
                    + config.port() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        int instance = INSTANCES.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        // A bounded queue: past it the JDK server closes the connection of the request it cannot queue.
        executor = new ThreadPoolExecutor(config.httpThreads(), config.httpThreads(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(MAX_QUEUED_REQUESTS), task -> {
                    Thread t = new Thread(task, "schema-registry-" + instance + "-http-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        server.setExecutor(executor);
        server.createContext("/", new RegistryHttpHandler(store, config.maxRequestBytes()));
        server.start();
        boundPort = server.getAddress().getPort();
        log.info("Schema registry ready at {} (topic {}) in {} ms", url(), config.topic(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
        return this;
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8081}. */
    public String url() {
        return "http://" + config.host() + ":" + port();
    }

    /** The bound port (the picked one when configured with 0). */
    public synchronized int port() {
        if (boundPort == 0) {
            throw new IllegalStateException("The schema registry is not started");
        }
        return boundPort;
    }

    public EmbeddedSchemaRegistryConfig config() {
        return config;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
        if (executor != null) {
            executor.shutdown();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor = null;
        }
        if (store != null) {
            store.close();
            store = null;
        }
    }
}
