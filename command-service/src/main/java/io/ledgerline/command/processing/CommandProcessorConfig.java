package io.ledgerline.command.processing;

import io.ledgerline.streams.StreamsDefaults;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Everything the command processor is configured with; {@link #streamsProperties()} turns it into Kafka Streams
 * settings.
 *
 * @param applicationId     Streams application id: consumer group, transactional id prefix and changelog prefix
 * @param bootstrapServers  the Kafka cluster
 * @param schemaRegistryUrl the registry (or {@code mock://scope} in tests)
 * @param registryClient    registry client settings (keys on {@code SchemaRegistryClients})
 * @param autoRegister      whether the processor registers the event and result schemas it writes
 * @param dedupeRetention   how long a command id is remembered, in record time; repeats within it are answered
 *                          with the stored outcome and append nothing
 * @param commitInterval    how often each stream thread commits its transaction (see {@link #DEFAULT_COMMIT_INTERVAL})
 * @param streamThreads     stream threads in this instance
 * @param stateDir          where the RocksDB stores live; null for Kafka Streams' default
 * @param streamsOverrides  any other Streams, consumer or producer setting; applied last, so it wins
 */
public record CommandProcessorConfig(
        String applicationId, String bootstrapServers, String schemaRegistryUrl, Map<String, String> registryClient,
        boolean autoRegister, Duration dedupeRetention, Duration commitInterval, int streamThreads, Path stateDir,
        Map<String, Object> streamsOverrides) {

    public static final String DEFAULT_APPLICATION_ID = "ledgerline-command-processor";
    public static final Duration DEFAULT_DEDUPE_RETENTION = Duration.ofDays(7);
    /**
     * 20 ms. Results and events become visible to {@code read_committed} readers only when the transaction commits,
     * so the commit interval is the floor of command latency: half of it on average, all of it at worst. Streams'
     * own EOS default (100 ms) alone would break a p99 of 50 ms at the REST edge. Every commit costs a transaction
     * round trip, so the shorter interval costs throughput (about 30 % against 100 ms in the runs in
     * docs/adr/0006-command-processor.md); raise it with {@link #withCommitInterval} where latency matters less.
     */
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(20);

    public CommandProcessorConfig {
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(schemaRegistryUrl, "schemaRegistryUrl");
        registryClient = Map.copyOf(registryClient);
        Objects.requireNonNull(dedupeRetention, "dedupeRetention");
        Objects.requireNonNull(commitInterval, "commitInterval");
        streamsOverrides = Map.copyOf(streamsOverrides);
        if (dedupeRetention.toMillis() < 1) {
            throw new IllegalArgumentException("dedupeRetention must be at least 1 ms, was " + dedupeRetention);
        }
        if (commitInterval.isNegative()) {
            throw new IllegalArgumentException("commitInterval must not be negative, was " + commitInterval);
        }
        if (streamThreads < 1) {
            throw new IllegalArgumentException("streamThreads must be at least 1, was " + streamThreads);
        }
    }

    /** The defaults against a cluster and a registry. */
    public static CommandProcessorConfig defaults(String bootstrapServers, String schemaRegistryUrl) {
        return new CommandProcessorConfig(DEFAULT_APPLICATION_ID, bootstrapServers, schemaRegistryUrl, Map.of(), true,
                DEFAULT_DEDUPE_RETENTION, DEFAULT_COMMIT_INTERVAL, 1, null, Map.of());
    }

    public CommandProcessorConfig withApplicationId(String id) {
        return new CommandProcessorConfig(id, bootstrapServers, schemaRegistryUrl, registryClient, autoRegister,
                dedupeRetention, commitInterval, streamThreads, stateDir, streamsOverrides);
    }

    public CommandProcessorConfig withRegistryClient(Map<String, String> settings) {
        return new CommandProcessorConfig(applicationId, bootstrapServers, schemaRegistryUrl, settings, autoRegister,
                dedupeRetention, commitInterval, streamThreads, stateDir, streamsOverrides);
    }

    public CommandProcessorConfig withAutoRegister(boolean register) {
        return new CommandProcessorConfig(applicationId, bootstrapServers, schemaRegistryUrl, registryClient, register,
                dedupeRetention, commitInterval, streamThreads, stateDir, streamsOverrides);
    }

    public CommandProcessorConfig withDedupeRetention(Duration retention) {
        return new CommandProcessorConfig(applicationId, bootstrapServers, schemaRegistryUrl, registryClient,
                autoRegister, retention, commitInterval, streamThreads, stateDir, streamsOverrides);
    }

    public CommandProcessorConfig withCommitInterval(Duration interval) {
        return new CommandProcessorConfig(applicationId, bootstrapServers, schemaRegistryUrl, registryClient,
                autoRegister, dedupeRetention, interval, streamThreads, stateDir, streamsOverrides);
    }

    public CommandProcessorConfig withStreamThreads(int threads) {
        return new CommandProcessorConfig(applicationId, bootstrapServers, schemaRegistryUrl, registryClient,
                autoRegister, dedupeRetention, commitInterval, threads, stateDir, streamsOverrides);
    }

    public CommandProcessorConfig withStateDir(Path dir) {
        return new CommandProcessorConfig(applicationId, bootstrapServers, schemaRegistryUrl, registryClient,
                autoRegister, dedupeRetention, commitInterval, streamThreads, dir, streamsOverrides);
    }

    public CommandProcessorConfig withStreamsOverrides(Map<String, Object> overrides) {
        return new CommandProcessorConfig(applicationId, bootstrapServers, schemaRegistryUrl, registryClient,
                autoRegister, dedupeRetention, commitInterval, streamThreads, stateDir, overrides);
    }

    /**
     * The Kafka Streams settings: {@link StreamsDefaults} (exactly-once v2, the dead-lettering exception handlers,
     * the producer retry backoff), this configuration, no task idling, a producer that lingers until the commit, then
     * {@link #streamsOverrides}.
     */
    public Properties streamsProperties() {
        Properties props = StreamsDefaults.properties(applicationId, bootstrapServers, commitInterval, streamThreads,
                stateDir);
        // Task idling orders records across a task's input partitions (joins). Here the processor reads one topic, so
        // every task has one input partition and nothing to order; off, Streams also skips the diagnostic string it
        // formats for every task without buffered records on every loop (ADR 0025).
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, Long.toString(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED));
        // One produce request per partition per commit (ADR 0045, 0052).
        StreamsDefaults.lingerUntilCommit(props);
        props.putAll(streamsOverrides);
        return props;
    }
}
