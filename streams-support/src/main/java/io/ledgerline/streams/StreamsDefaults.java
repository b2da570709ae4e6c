package io.ledgerline.streams;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The settings every Ledgerline Kafka Streams application shares (DESIGN.md §1.3, §1.6): exactly-once v2, the
 * dead-lettering exception handlers, a short producer linger (5 ms; an application whose sends need not go before its
 * commit lingers until it instead: {@link #lingerUntilCommit}), a short producer retry backoff and a short
 * {@code poll.ms} (below). {@link #properties} adds what each application configures.
 */
public final class StreamsDefaults {

    /** Producer linger in milliseconds. */
    public static final int PRODUCER_LINGER_MS = 5;

    /**
     * How long a stream thread blocks in its consumer's poll when no record is there (Kafka's default: 100 ms). The
     * thread looks at the commit interval only between polls, so what it processed after its last commit waits
     * for the next record or the end of this poll: with the default, up to 100 ms per read-process-write hop on
     * top of a 20 ms commit interval, and a transfer makes ten such hops (ADR 0034).
     */
    public static final int POLL_MS = 5;

    /**
     * 10 ms: a stream thread's producer waits this long (then exponentially longer, up to the client's
     * {@code retry.backoff.max.ms}) before it re-sends a batch the broker refused. With transactions v2 the first
     * batches of each transaction routinely meet the previous commit's markers still being written: the broker holds
     * them in its own retry ({@code add.partitions.to.txn.retry.backoff.ms}), then answers
     * {@code CONCURRENT_TRANSACTIONS}; a later batch of the same partition that passes meanwhile is refused as
     * {@code OUT_OF_ORDER_SEQUENCE_NUMBER} until the earlier one is in. Both are re-sent after this backoff, and the
     * transaction cannot commit before they are in, so at the client's 100 ms default each such commit held
     * everything in it back by 100 ms or more: the command processor's REST p99 (ADR 0037), the saga's steps
     * (ADR 0040) and the projections' freshness (ADR 0038). A re-send keeps its sequence number, so ordering and
     * exactly-once are unchanged.
     */
    public static final Duration PRODUCER_RETRY_BACKOFF = Duration.ofMillis(10);

    /** 1 s: the linger of a producer whose batches wait for the commit ({@link #lingerUntilCommit}). */
    public static final Duration LINGER_UNTIL_COMMIT = Duration.ofSeconds(1);

    /** 128 KiB: the batch of a producer whose batches wait for the commit ({@link #lingerUntilCommit}). */
    public static final int LINGER_UNTIL_COMMIT_BATCH_BYTES = 128 * 1024;

    private StreamsDefaults() {
    }

    /** Puts the shared settings into {@code props}, replacing what was there for the same keys. */
    public static Properties apply(Properties props) {
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterDeserializationHandler.class.getName());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterProcessingHandler.class.getName());
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterProductionHandler.class.getName());
        // Covers global stores too (Kafka 5.0's default).
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), Integer.toString(PRODUCER_LINGER_MS));
        props.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG),
                Long.toString(PRODUCER_RETRY_BACKOFF.toMillis()));
        props.put(StreamsConfig.POLL_MS_CONFIG, Integer.toString(POLL_MS));
        return props;
    }

    /**
     * Makes the stream threads' producer hold its batches until the commit, which flushes them: linger
     * {@link #LINGER_UNTIL_COMMIT}, batches of {@link #LINGER_UNTIL_COMMIT_BATCH_BYTES} (large enough for one
     * partition's records of a commit interval at the intake's and the catch-up's rates, so a batch is not sent early
     * because it is full). Nothing a stream thread sends is visible to a read_committed reader before its commit, so
     * the wait delays no reader (a store read through interactive queries does not go through the producer).
     * <ul>
     *   <li>One produce request per partition per commit instead of one every 5 ms: less per-request work in the
     *       producer, its I/O thread and the broker (ADR 0045).</li>
     *   <li>Nothing of a transaction goes out while the broker still writes the previous commit's markers. A batch
     *       that did was refused with {@code CONCURRENT_TRANSACTIONS}, the batches behind it with
     *       {@code OUT_OF_ORDER_SEQUENCE_NUMBER}, each re-sent after a growing backoff that the next commit's flush
     *       waited out (ADR 0051).</li>
     *   <li>Longer than a commit cycle, not equal to the commit interval: Streams commits once more than the interval
     *       has passed since the end of the previous commit, and a transaction's first batches are created right after
     *       that end, so a linger of one interval ran out ~1 ms before nearly every commit and each transaction sent
     *       two requests per partition back to back (ADR 0052).</li>
     * </ul>
     * Not longer than 1 s: the producer refuses a linger that, with the request timeout, exceeds its delivery timeout.
     * An application's overrides, applied after this, still win.
     */
    public static Properties lingerUntilCommit(Properties props) {
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG),
                Long.toString(LINGER_UNTIL_COMMIT.toMillis()));
        props.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG),
                Integer.toString(LINGER_UNTIL_COMMIT_BATCH_BYTES));
        return props;
    }

    /**
     * The shared settings plus an application's own: its id, the cluster, the commit interval, its stream threads
     * and, when not null, its state directory. The caller adds anything else, then its overrides.
     */
    public static Properties properties(String applicationId, String bootstrapServers, Duration commitInterval,
            int streamThreads, Path stateDir) {
        Properties props = apply(new Properties());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(commitInterval.toMillis()));
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(streamThreads));
        if (stateDir != null) {
            props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        }
        return props;
    }
}
