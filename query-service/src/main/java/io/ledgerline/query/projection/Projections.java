package io.ledgerline.query.projection;

import io.ledgerline.streams.ReplaceThreadHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running projections: the {@link ProjectionTopology} under {@link ProjectionConfig#streamsProperties()}, with a
 * {@link ReplaceThreadHandler}, the duplicate and gap counts ({@link ProjectionHealth}), whether local stores are
 * still restoring, where each store partition lives ({@link RoutingTable}), who waits for which write
 * ({@link StoreWrites}) and the copies of the account views its tasks keep ({@link StoreCopies}). The caller starts
 * and closes it.
 */
public final class Projections implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Projections.class);

    private final KafkaStreams streams;
    private final ProjectionHealth health;
    private final StoreWrites writes = new StoreWrites();
    private final StoreCopies copies;
    private final RoutingTable routes;
    private final RestoreTracker restores = new RestoreTracker();
    private final ReplaceThreadHandler threadFailures = new ReplaceThreadHandler();
    private final Duration closeTimeout;
    private final Path stateDir;
    private final String applicationId;

    private Projections(ProjectionConfig config, Duration closeTimeout) {
        this.applicationId = config.applicationId();
        this.health = new ProjectionHealth();
        this.copies = new StoreCopies(config.viewCopyEntries());
        this.closeTimeout = closeTimeout;
        Properties properties = config.streamsProperties();
        this.stateDir = Path.of(new StreamsConfig(properties).getString(StreamsConfig.STATE_DIR_CONFIG))
                .resolve(config.applicationId());
        this.streams = new KafkaStreams(ProjectionTopology.build(config, health, writes, copies), properties);
        this.routes = new RoutingTable(streams);
        streams.setStateListener(routes);
        streams.setUncaughtExceptionHandler(threadFailures);
        streams.setGlobalStateRestoreListener(restores);
    }

    public static Projections create(ProjectionConfig config, Duration closeTimeout) {
        return new Projections(config, closeTimeout);
    }

    public void start() {
        streams.start();
    }

    /** The Streams application id: which projection version these are (ADR 0021). */
    public String applicationId() {
        return applicationId;
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** Where each key's store partition lives, without taking a Kafka Streams lock while RUNNING. */
    public RoutingTable routes() {
        return routes;
    }

    public StoreWrites writes() {
        return writes;
    }

    /** The active tasks' in-memory copies of their account views, read without the store's lock (ADR 0048). */
    public StoreCopies copies() {
        return copies;
    }

    public ProjectionHealth health() {
        return health;
    }

    /** Running, and no local store restoring: this instance's stores answer with what the log holds. */
    public boolean ready() {
        return streams.state() == KafkaStreams.State.RUNNING && restores.restoring() == 0;
    }

    public int restoringStores() {
        return restores.restoring();
    }

    public long threadReplacements() {
        return threadFailures.replacements();
    }

    /**
     * Deletes this application's local state: its stores ({@link KafkaStreams#cleanUp()}), then its directory under
     * the state dir, which {@code cleanUp} leaves with a lock file and the process id. Only once closed.
     */
    public void cleanUp() {
        streams.cleanUp();
        if (Files.exists(stateDir)) {
            try (Stream<Path> paths = Files.walk(stateDir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            } catch (IOException e) {
                LOG.warn("Could not delete {}: {}", stateDir, e.toString());
            }
        }
    }

    /** Closes leaving the group, so the partitions move to another instance without waiting out the session. */
    @Override
    public void close() {
        if (!streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(closeTimeout))) {
            LOG.warn("Projections did not close within {}", closeTimeout);
        }
    }
}
