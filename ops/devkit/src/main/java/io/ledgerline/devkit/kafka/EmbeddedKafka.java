package io.ledgerline.devkit.kafka;

import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node KRaft Kafka broker (broker and controller in one {@link KafkaRaftServer}) running inside this
 * JVM. The data directory is formatted on the first start and reused afterwards, so topics, records and committed
 * offsets survive a restart on the same directory. Transactions work: the transaction and offsets topics use
 * replication factor 1.
 *
 * <p>One instance runs the broker once: {@code start()} returns only when the broker answers clients, and
 * {@code close()} stops it and waits until it has stopped. To restart, create a new instance on the same config.
 * Integration tests that just need a broker use {@link SharedEmbeddedKafka}.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
    /** A port picked as free can be taken by another process before the broker binds it; then pick again. */
    private static final int START_ATTEMPTS = 3;
    private static final Duration READY_POLL_INTERVAL = Duration.ofMillis(100);
    private static final Duration READY_REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private enum State { NEW, RUNNING, CLOSED }

    private final EmbeddedKafkaConfig config;
    private final Path dataDir;
    private State state = State.NEW;
    private DataDirLock dataDirLock;
    private KafkaRaftServer server;
    private int port;
    private String clusterId;

    public EmbeddedKafka(EmbeddedKafkaConfig config) {
        this.config = config;
        this.dataDir = config.dataDir().toAbsolutePath().normalize();
    }

    /**
     * Formats the data directory if needed, starts the broker and waits until it serves clients.
     *
     * @throws KafkaPortInUseException if the configured port is taken
     * @throws EmbeddedKafkaException  if the broker cannot start or does not become ready within the startup timeout
     */
    public synchronized EmbeddedKafka start() {
        if (state != State.NEW) {
            throw new IllegalStateException("This embedded Kafka broker was already started; it is " + state
                    + ". Create a new EmbeddedKafka to start again.");
        }
        long startedAt = System.nanoTime();
        long deadline = startedAt + config.startupTimeout().toNanos();
        if (config.port() != 0) {
            TcpPorts.requireFree(config.host(), config.port());
        }
        dataDirLock = DataDirLock.acquire(dataDir);
        try {
            clusterId = KafkaStorage.formatIfNeeded(dataDir);
            startServer();
        } catch (RuntimeException e) {
            releaseDataDir();
            throw e;
        }
        state = State.RUNNING;
        try {
            awaitReady(deadline);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        log.info("Kafka broker ready at {} (cluster {}, data {}) in {} ms", bootstrapServers(), clusterId, dataDir,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
        return this;
    }

    private void startServer() {
        for (int attempt = 1; ; attempt++) {
            port = config.port() == 0 ? TcpPorts.pickFree(config.host()) : config.port();
            int controllerPort = TcpPorts.pickFree(config.host());
            KafkaConfig kafkaConfig = kafkaConfig(BrokerProperties.of(config, dataDir, port, controllerPort));
            KafkaRaftServer candidate = null;
            try {
                candidate = new KafkaRaftServer(kafkaConfig, Time.SYSTEM);
                candidate.startup();
                server = candidate;
                return;
            } catch (RuntimeException e) {
                if (candidate != null) {
                    stopQuietly(candidate);
                }
                if (!isBindFailure(e)) {
                    throw new EmbeddedKafkaException("Kafka broker on " + dataDir + " failed to start: " + e.getMessage(), e);
                }
                if (config.port() != 0 && mentionsPort(e, config.port())) {
                    throw new KafkaPortInUseException(config.host(), config.port(), e);
                }
                if (attempt == START_ATTEMPTS) {
                    throw new EmbeddedKafkaException("Kafka broker on " + dataDir + " could not bind its ports after "
                            + START_ATTEMPTS + " attempts: " + e.getMessage(), e);
                }
                log.warn("A port picked for the Kafka broker was taken meanwhile ({}); trying other ports", e.getMessage());
            }
        }
    }

    private static KafkaConfig kafkaConfig(Map<String, String> properties) {
        try {
            return new KafkaConfig(properties, false);
        } catch (ConfigException e) {
            throw new EmbeddedKafkaException("Invalid Kafka broker configuration: " + e.getMessage(), e);
        }
    }

    private void awaitReady(long deadline) {
        Map<String, Object> adminConfig = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) READY_REQUEST_TIMEOUT.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READY_REQUEST_TIMEOUT.toMillis());
        Exception lastFailure = null;
        try (Admin admin = Admin.create(adminConfig)) {
            while (System.nanoTime() < deadline) {
                try {
                    Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions()
                                    .timeoutMs((int) READY_REQUEST_TIMEOUT.toMillis()))
                            .nodes().get(READY_REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    if (!nodes.isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    lastFailure = e;
                }
                Thread.sleep(READY_POLL_INTERVAL.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedKafkaException("Interrupted while waiting for the Kafka broker at " + bootstrapServers(), e);
        }
        throw new EmbeddedKafkaException("Kafka broker at " + bootstrapServers() + " did not serve clients within "
                + config.startupTimeout().toSeconds() + " s", lastFailure);
    }

    /** {@code host:port} of the client listener, for {@code bootstrap.servers}. */
    public synchronized String bootstrapServers() {
        requireRunning();
        return config.host() + ":" + port;
    }

    /** The client listener's port: the configured one, or the one picked at start when configured as 0. */
    public synchronized int port() {
        requireRunning();
        return port;
    }

    /** The cluster id kept in the data directory's {@code meta.properties}. */
    public synchronized String clusterId() {
        requireRunning();
        return clusterId;
    }

    public Path dataDir() {
        return dataDir;
    }

    public EmbeddedKafkaConfig config() {
        return config;
    }

    public synchronized boolean isRunning() {
        return state == State.RUNNING;
    }

    /** Stops the broker and waits until it has stopped; calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (state == State.RUNNING) {
            long stoppingAt = System.nanoTime();
            server.shutdown();
            server.awaitShutdown();
            log.info("Kafka broker on {} stopped in {} ms", dataDir,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppingAt));
            server = null;
            releaseDataDir();
        }
        state = State.CLOSED;
    }

    private void releaseDataDir() {
        dataDirLock.close();
        dataDirLock = null;
    }

    private void requireRunning() {
        if (state != State.RUNNING) {
            throw new IllegalStateException("The embedded Kafka broker on " + dataDir + " is " + state + ", not running");
        }
    }

    private static void stopQuietly(KafkaRaftServer failed) {
        try {
            failed.shutdown();
            failed.awaitShutdown();
        } catch (RuntimeException e) {
            log.debug("Error while stopping a Kafka broker that failed to start", e);
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException || String.valueOf(t.getMessage()).contains("failed to bind")) {
                return true;
            }
        }
        return false;
    }

    private static boolean mentionsPort(Throwable e, int port) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (String.valueOf(t.getMessage()).contains(":" + port)) {
                return true;
            }
        }
        return false;
    }
}
