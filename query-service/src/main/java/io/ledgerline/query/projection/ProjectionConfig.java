package io.ledgerline.query.projection;

import io.ledgerline.streams.StreamsDefaults;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Everything the projections are configured with; {@link #streamsProperties()} turns it into Kafka Streams settings.
 *
 * @param applicationId     Streams application id, with the projection version in it ({@link #DEFAULT_APPLICATION_ID}):
 *                          a new version rebuilds every read model from offset zero beside the old one
 * @param bootstrapServers  the Kafka cluster
 * @param schemaRegistryUrl the registry (or {@code mock://scope} in tests)
 * @param registryClient    registry client settings (keys on {@code SchemaRegistryClients})
 * @param commitInterval    how often each stream thread commits (see {@link #DEFAULT_COMMIT_INTERVAL})
 * @param streamThreads     stream threads in this instance
 * @param standbyReplicas   warm copies of each store on other instances, which answer (marked stale) when the
 *                          owner is gone
 * @param stateDir          where the RocksDB stores live; null for Kafka Streams' default
 * @param activityRetention how long daily activity is kept, in record time
 * @param applicationServer this instance's {@code host:port} for the other instances (null when alone)
 * @param streamsOverrides  any other Streams, consumer or producer setting; applied last, so it wins
 * @param viewCopyEntries   keys the active tasks' in-memory copies of the account views may hold in all, read without
 *                          the store's lock (ADR 0048; {@link #DEFAULT_VIEW_COPY_ENTRIES}); 0 keeps no copies
 */
public record ProjectionConfig(
        String applicationId, String bootstrapServers, String schemaRegistryUrl, Map<String, String> registryClient,
        Duration commitInterval, int streamThreads, int standbyReplicas, Path stateDir, Duration activityRetention,
        String applicationServer, Map<String, Object> streamsOverrides, int viewCopyEntries) {

    public static final String DEFAULT_APPLICATION_ID = "ledgerline-projections-v1";
    /**
     * 100 ms, Kafka Streams' own EOS default. Unlike the command processor's, this interval is not in any caller's
     * path: interactive queries read the stores as they are written, and a read-your-writes wait polls them, so the
     * interval only bounds how much work a crash repeats and how often a transaction is paid for.
     */
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(100);
    public static final Duration DEFAULT_ACTIVITY_RETENTION = Duration.ofDays(400);
    /**
     * Records per poll of the restore consumer (Streams' default: the main consumer's 1,000). A bulk-loaded version
     * (ADR 0028) restores about one changelog record per event before it serves; the restore consumer only restores
     * and updates standbys, so larger polls cost a running version nothing.
     */
    public static final int RESTORE_MAX_POLL_RECORDS = 10_000;
    /** Bytes per partition per fetch of the restore consumer (the consumer's default: 1 MiB). */
    public static final int RESTORE_MAX_PARTITION_FETCH_BYTES = 8 * 1024 * 1024;
    /**
     * 100,000 account views, about 35 MB of heap at ~350 bytes each (ADR 0048): every account of an instance up to
     * that many is read without the store's lock; beyond it the rest are read from the store, as before.
     */
    public static final int DEFAULT_VIEW_COPY_ENTRIES = 100_000;

    public ProjectionConfig {
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(schemaRegistryUrl, "schemaRegistryUrl");
        registryClient = Map.copyOf(registryClient);
        Objects.requireNonNull(commitInterval, "commitInterval");
        Objects.requireNonNull(activityRetention, "activityRetention");
        streamsOverrides = Map.copyOf(streamsOverrides);
        if (commitInterval.isNegative()) {
            throw new IllegalArgumentException("commitInterval must not be negative, was " + commitInterval);
        }
        if (streamThreads < 1) {
            throw new IllegalArgumentException("streamThreads must be at least 1, was " + streamThreads);
        }
        if (standbyReplicas < 0) {
            throw new IllegalArgumentException("standbyReplicas must not be negative, was " + standbyReplicas);
        }
        if (viewCopyEntries < 0) {
            throw new IllegalArgumentException("viewCopyEntries must not be negative, was " + viewCopyEntries);
        }
        if (activityRetention.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException("activityRetention must be at least one day (one window), was "
                    + activityRetention);
        }
    }

    public static ProjectionConfig defaults(String bootstrapServers, String schemaRegistryUrl) {
        return new ProjectionConfig(DEFAULT_APPLICATION_ID, bootstrapServers, schemaRegistryUrl, Map.of(),
                DEFAULT_COMMIT_INTERVAL, 1, 0, null, DEFAULT_ACTIVITY_RETENTION, null, Map.of(),
                DEFAULT_VIEW_COPY_ENTRIES);
    }

    public ProjectionConfig withApplicationId(String id) {
        return with(draft -> draft.applicationId = id);
    }

    public ProjectionConfig withRegistryClient(Map<String, String> settings) {
        return with(draft -> draft.registryClient = settings);
    }

    public ProjectionConfig withCommitInterval(Duration interval) {
        return with(draft -> draft.commitInterval = interval);
    }

    public ProjectionConfig withStreamThreads(int threads) {
        return with(draft -> draft.streamThreads = threads);
    }

    public ProjectionConfig withStandbyReplicas(int replicas) {
        return with(draft -> draft.standbyReplicas = replicas);
    }

    public ProjectionConfig withStateDir(Path dir) {
        return with(draft -> draft.stateDir = dir);
    }

    public ProjectionConfig withActivityRetention(Duration retention) {
        return with(draft -> draft.activityRetention = retention);
    }

    public ProjectionConfig withApplicationServer(String hostAndPort) {
        return with(draft -> draft.applicationServer = hostAndPort);
    }

    public ProjectionConfig withStreamsOverrides(Map<String, Object> overrides) {
        return with(draft -> draft.streamsOverrides = overrides);
    }

    public ProjectionConfig withViewCopyEntries(int entries) {
        return with(draft -> draft.viewCopyEntries = entries);
    }

    /** A copy with one change, checked by the constructor like any other. */
    private ProjectionConfig with(Consumer<Draft> change) {
        Draft draft = new Draft(this);
        change.accept(draft);
        return draft.build();
    }

    /** The components as mutable fields: the one place besides the record header that lists them all. */
    private static final class Draft {
        String applicationId;
        final String bootstrapServers;
        final String schemaRegistryUrl;
        Map<String, String> registryClient;
        Duration commitInterval;
        int streamThreads;
        int standbyReplicas;
        Path stateDir;
        Duration activityRetention;
        String applicationServer;
        Map<String, Object> streamsOverrides;
        int viewCopyEntries;

        Draft(ProjectionConfig config) {
            applicationId = config.applicationId;
            bootstrapServers = config.bootstrapServers;
            schemaRegistryUrl = config.schemaRegistryUrl;
            registryClient = config.registryClient;
            commitInterval = config.commitInterval;
            streamThreads = config.streamThreads;
            standbyReplicas = config.standbyReplicas;
            stateDir = config.stateDir;
            activityRetention = config.activityRetention;
            applicationServer = config.applicationServer;
            streamsOverrides = config.streamsOverrides;
            viewCopyEntries = config.viewCopyEntries;
        }

        ProjectionConfig build() {
            return new ProjectionConfig(applicationId, bootstrapServers, schemaRegistryUrl, registryClient,
                    commitInterval, streamThreads, standbyReplicas, stateDir, activityRetention, applicationServer,
                    streamsOverrides, viewCopyEntries);
        }
    }

    /**
     * The Kafka Streams settings: {@link StreamsDefaults} (exactly-once v2, the dead-lettering exception handlers,
     * the producer retry backoff), this configuration, a producer that lingers until the commit, the restore
     * consumer's larger polls ({@link #RESTORE_MAX_POLL_RECORDS}, {@link #RESTORE_MAX_PARTITION_FETCH_BYTES}), then
     * {@link #streamsOverrides}.
     */
    public Properties streamsProperties() {
        Properties props = StreamsDefaults.properties(applicationId, bootstrapServers, commitInterval, streamThreads,
                stateDir);
        // The producer's batches wait for the commit: one produce request per partition per commit, none racing the
        // previous commit's markers (ADR 0051, 0052). The account view, statement and activity are read from the
        // stores before the commit (ADR 0011), so the wait delays no reader.
        StreamsDefaults.lingerUntilCommit(props);
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, Integer.toString(standbyReplicas));
        if (applicationServer != null) {
            props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
        }
        props.put(StreamsConfig.restoreConsumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG),
                Integer.toString(RESTORE_MAX_POLL_RECORDS));
        props.put(StreamsConfig.restoreConsumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG),
                Integer.toString(RESTORE_MAX_PARTITION_FETCH_BYTES));
        props.putAll(streamsOverrides);
        return props;
    }
}
