package io.ledgerline.command.saga;

import io.ledgerline.saga.SagaConfig;
import io.ledgerline.streams.StreamsDefaults;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Everything the transfer saga application is configured with; {@link #streamsProperties()} turns it into Kafka
 * Streams settings.
 *
 * @param applicationId     Streams application id, distinct from the command processor's: consumer group,
 *                          transactional id prefix, changelog and repartition topic prefix
 * @param bootstrapServers  the Kafka cluster
 * @param schemaRegistryUrl the registry (or {@code mock://scope} in tests)
 * @param registryClient    registry client settings (keys on {@code SchemaRegistryClients})
 * @param autoRegister      whether the saga registers the command schemas it writes
 * @param saga              the re-send policy: backoff, jitter, attempts, final deadline per step
 * @param tickInterval      how often (wall clock) each task looks for transfers whose deadline has passed
 * @param maxTicksPerRound  the most transfers one task ticks per punctuation; the rest wait for the next one
 * @param commitInterval    how often each stream thread commits its transaction: the floor of a step's latency
 * @param streamThreads     stream threads in this instance
 * @param stateDir          where the RocksDB stores live; null for Kafka Streams' default
 * @param streamsOverrides  any other Streams, consumer or producer setting; applied last, so it wins
 * @param retention         how long a settled saga (or answers whose request never came) is kept before it is
 *                          deleted: longer than a saga command can wait in {@code ledger.commands} (ADR 0032)
 * @param processorGroup    the command processor's application id, whose progress on {@code ledger.commands} the
 *                          saga watches so deadlines wait while commands are queued; null: no watch, deadlines
 *                          fire as they are
 * @param stallAfter        a watched stage with records left whose offsets have not moved for this long is taken
 *                          for gone, and deadlines no longer wait for it
 * @param watchInterval     how often the watch asks the cluster for offsets
 */
public record SagaStreamsConfig(
        String applicationId, String bootstrapServers, String schemaRegistryUrl, Map<String, String> registryClient,
        boolean autoRegister, SagaConfig saga, Duration tickInterval, int maxTicksPerRound, Duration commitInterval,
        int streamThreads, Path stateDir, Map<String, Object> streamsOverrides, Duration retention,
        String processorGroup, Duration stallAfter, Duration watchInterval) {

    public static final String DEFAULT_APPLICATION_ID = "ledgerline-transfer-saga";
    /** Well below the shortest backoff (15 s by default), so a re-send is late by at most this much. */
    public static final Duration DEFAULT_TICK_INTERVAL = Duration.ofMillis(250);
    public static final int DEFAULT_MAX_TICKS_PER_ROUND = 1_000;
    /** As the command processor's (ADR 0006): each of a transfer's five steps waits for one commit. */
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(20);
    /** {@code ledger.commands} keeps a command 7 days; a day more, so no answer to a deleted saga's step can come. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(8);
    public static final Duration DEFAULT_STALL_AFTER = Duration.ofSeconds(30);
    public static final Duration DEFAULT_WATCH_INTERVAL = Duration.ofSeconds(1);

    public SagaStreamsConfig {
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(schemaRegistryUrl, "schemaRegistryUrl");
        registryClient = Map.copyOf(registryClient);
        Objects.requireNonNull(saga, "saga");
        Objects.requireNonNull(tickInterval, "tickInterval");
        Objects.requireNonNull(commitInterval, "commitInterval");
        streamsOverrides = Map.copyOf(streamsOverrides);
        if (tickInterval.toMillis() < 1) {
            throw new IllegalArgumentException("tickInterval must be at least 1 ms, was " + tickInterval);
        }
        if (maxTicksPerRound < 1) {
            throw new IllegalArgumentException("maxTicksPerRound must be at least 1, was " + maxTicksPerRound);
        }
        if (commitInterval.isNegative()) {
            throw new IllegalArgumentException("commitInterval must not be negative, was " + commitInterval);
        }
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(stallAfter, "stallAfter");
        Objects.requireNonNull(watchInterval, "watchInterval");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive, was " + retention);
        }
        if (stallAfter.compareTo(watchInterval) <= 0 || watchInterval.toMillis() < 1) {
            throw new IllegalArgumentException("the watch interval (" + watchInterval + ") must be at least 1 ms "
                    + "and shorter than stallAfter (" + stallAfter + ")");
        }
        if (streamThreads < 1) {
            throw new IllegalArgumentException("streamThreads must be at least 1, was " + streamThreads);
        }
    }

    /** The defaults against a cluster and a registry. */
    public static SagaStreamsConfig defaults(String bootstrapServers, String schemaRegistryUrl) {
        return new SagaStreamsConfig(DEFAULT_APPLICATION_ID, bootstrapServers, schemaRegistryUrl, Map.of(), true,
                SagaConfig.DEFAULTS, DEFAULT_TICK_INTERVAL, DEFAULT_MAX_TICKS_PER_ROUND, DEFAULT_COMMIT_INTERVAL, 1,
                null, Map.of(), DEFAULT_RETENTION, null, DEFAULT_STALL_AFTER, DEFAULT_WATCH_INTERVAL);
    }

    public SagaStreamsConfig withApplicationId(String id) {
        return new SagaStreamsConfig(id, bootstrapServers, schemaRegistryUrl, registryClient, autoRegister, saga,
                tickInterval, maxTicksPerRound, commitInterval, streamThreads, stateDir, streamsOverrides,
                retention, processorGroup, stallAfter, watchInterval);
    }

    public SagaStreamsConfig withRegistryClient(Map<String, String> settings, boolean register) {
        return new SagaStreamsConfig(applicationId, bootstrapServers, schemaRegistryUrl, settings, register, saga,
                tickInterval, maxTicksPerRound, commitInterval, streamThreads, stateDir, streamsOverrides,
                retention, processorGroup, stallAfter, watchInterval);
    }

    public SagaStreamsConfig withSaga(SagaConfig policy, Duration tick) {
        return new SagaStreamsConfig(applicationId, bootstrapServers, schemaRegistryUrl, registryClient, autoRegister,
                policy, tick, maxTicksPerRound, commitInterval, streamThreads, stateDir, streamsOverrides,
                retention, processorGroup, stallAfter, watchInterval);
    }

    public SagaStreamsConfig withCommitInterval(Duration interval) {
        return new SagaStreamsConfig(applicationId, bootstrapServers, schemaRegistryUrl, registryClient, autoRegister,
                saga, tickInterval, maxTicksPerRound, interval, streamThreads, stateDir, streamsOverrides,
                retention, processorGroup, stallAfter, watchInterval);
    }

    public SagaStreamsConfig withStreamThreads(int threads) {
        return new SagaStreamsConfig(applicationId, bootstrapServers, schemaRegistryUrl, registryClient, autoRegister,
                saga, tickInterval, maxTicksPerRound, commitInterval, threads, stateDir, streamsOverrides,
                retention, processorGroup, stallAfter, watchInterval);
    }

    public SagaStreamsConfig withStateDir(Path dir) {
        return new SagaStreamsConfig(applicationId, bootstrapServers, schemaRegistryUrl, registryClient, autoRegister,
                saga, tickInterval, maxTicksPerRound, commitInterval, streamThreads, dir, streamsOverrides,
                retention, processorGroup, stallAfter, watchInterval);
    }

    public SagaStreamsConfig withStreamsOverrides(Map<String, Object> overrides) {
        return new SagaStreamsConfig(applicationId, bootstrapServers, schemaRegistryUrl, registryClient, autoRegister,
                saga, tickInterval, maxTicksPerRound, commitInterval, streamThreads, stateDir, overrides,
                retention, processorGroup, stallAfter, watchInterval);
    }

    public SagaStreamsConfig withRetention(Duration keep) {
        return new SagaStreamsConfig(applicationId, bootstrapServers, schemaRegistryUrl, registryClient, autoRegister,
                saga, tickInterval, maxTicksPerRound, commitInterval, streamThreads, stateDir, streamsOverrides,
                keep, processorGroup, stallAfter, watchInterval);
    }

    /** Deadlines wait while the processor {@code group} has commands queued, unless it stalls for {@code stall}. */
    public SagaStreamsConfig withPipelineWatch(String group, Duration stall, Duration interval) {
        return new SagaStreamsConfig(applicationId, bootstrapServers, schemaRegistryUrl, registryClient, autoRegister,
                saga, tickInterval, maxTicksPerRound, commitInterval, streamThreads, stateDir, streamsOverrides,
                retention, group, stall, interval);
    }

    /**
     * The Kafka Streams settings: {@link StreamsDefaults} (exactly-once v2, the dead-lettering exception handlers,
     * a short producer linger and retry backoff), this configuration, no task idling, then {@link #streamsOverrides}.
     */
    public Properties streamsProperties() {
        Properties props = StreamsDefaults.properties(applicationId, bootstrapServers, commitInterval, streamThreads,
                stateDir);
        // Task idling orders records across a task's input partitions (joins). The saga's task reads three
        // co-partitioned topics (ADR 0035) but needs no order across them: its decider takes answers, events and
        // instructions in any order (ADR 0008). Off, Streams also skips the diagnostic string it formats for every
        // task without buffered records on every loop (ADR 0025).
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, Long.toString(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED));
        props.putAll(streamsOverrides);
        return props;
    }
}
