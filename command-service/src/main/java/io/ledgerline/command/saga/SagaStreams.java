package io.ledgerline.command.saga;

import io.ledgerline.saga.SagaState;
import io.ledgerline.streams.ReplaceThreadHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running transfer saga: its {@link CatchUp} watch (started first, so it takes the end offsets of
 * {@code ledger.events} before the saga reads anything), its {@link PipelineWatch} (when the processor's group is
 * configured) and the {@link SagaTopology} run with
 * {@link SagaStreamsConfig#streamsProperties()} and a {@link ReplaceThreadHandler}. The caller closes it (and owns
 * its lifecycle, e.g. Spring's).
 */
public final class SagaStreams implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SagaStreams.class);

    private final KafkaStreams streams;
    private final CatchUp catchUp;
    private final PipelineWatch watch;
    private final SagaCounters counters;
    private final Duration closeTimeout;

    private SagaStreams(KafkaStreams streams, CatchUp catchUp, PipelineWatch watch, SagaCounters counters,
            Duration closeTimeout) {
        this.streams = streams;
        this.catchUp = catchUp;
        this.watch = watch;
        this.counters = counters;
        this.closeTimeout = closeTimeout;
    }

    /** Starts the saga; {@link #close()} waits at most {@code closeTimeout} for it to stop. */
    public static SagaStreams start(SagaStreamsConfig config, Duration closeTimeout) {
        CatchUp catchUp = CatchUp.start(config);
        PipelineWatch watch = null;
        try {
            SagaCounters counters = new SagaCounters();
            Supplier<Instant> flushedUpTo = () -> Instant.MAX;
            if (config.processorGroup() != null) {
                watch = PipelineWatch.start(config, config.processorGroup());
                flushedUpTo = watch;
            }
            KafkaStreams streams = new KafkaStreams(SagaTopology.build(config, catchUp, flushedUpTo, counters),
                    config.streamsProperties());
            streams.setUncaughtExceptionHandler(new ReplaceThreadHandler());
            streams.start();
            return new SagaStreams(streams, catchUp, watch, counters, closeTimeout);
        } catch (RuntimeException e) {
            catchUp.close();
            if (watch != null) {
                watch.close();
            }
            throw e;
        }
    }

    /** The Kafka Streams instance, for its state and for interactive queries of the saga stores. */
    public KafkaStreams streams() {
        return streams;
    }

    /** Steps re-sent and transfers stuck since it started. */
    public SagaCounters counters() {
        return counters;
    }

    /**
     * Sagas per status over the tasks running here, every status present; empty while the instance is not running
     * or rebalancing (starting, stopping, failed), as interactive queries of its stores would be.
     */
    public Optional<Map<SagaState.Status, Long>> countsByStatus() {
        return streams.state().isRunningOrRebalancing() ? Optional.of(counters.byStatus()) : Optional.empty();
    }

    /** Whether it has read {@code ledger.events} up to where it stood at start, and so writes commands. */
    public boolean caughtUp() {
        return catchUp.getAsBoolean();
    }

    @Override
    public void close() {
        catchUp.close();
        if (watch != null) {
            watch.close();
        }
        // Leaving the group lets a successor take the partitions without waiting out the session timeout.
        if (!streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(closeTimeout))) {
            LOG.warn("Transfer saga did not close within {}", closeTimeout);
        }
    }
}
