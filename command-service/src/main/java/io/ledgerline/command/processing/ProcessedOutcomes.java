package io.ledgerline.command.processing;

import io.ledgerline.outcome.CommandOutcome;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The outcomes this instance's command processor has recorded, read from its dedupe store
 * ({@link CommandProcessorTopology#OUTCOMES_STORE}) by interactive query, and the other instances of the same
 * processor that hold the rest of them.
 *
 * <p>The store is partitioned by aggregate id, not by command id, so the instance holding a command's outcome cannot
 * be computed from the id: a lookup that misses here must ask every other instance ({@link #otherInstances()}).
 * A miss is only definitive while the processor is {@code RUNNING}: during a rebalance or a restore the store may
 * lack partitions, and the answer is {@link Lookup.Unavailable}.
 *
 * <p>Consistency: the store is written inside the processing transaction, so a lookup can see an outcome up to one
 * commit interval before its transaction commits. Should that transaction abort, the command is processed again from
 * the same state and in the same order, and gets the same outcome (only {@code processedAt} differs).
 */
public final class ProcessedOutcomes {

    /** What one instance's stores say about a command id. */
    public sealed interface Lookup {

        record Found(CommandOutcome outcome) implements Lookup {
        }

        /** None of the partitions this instance holds has it. */
        record Absent() implements Lookup {
        }

        /** Some partitions could not be searched (rebalance, restore, an unreachable instance). */
        record Unavailable(String reason) implements Lookup {
        }
    }

    private final KafkaStreams streams;
    private final Optional<HostInfo> self;

    /** @param self this instance's {@code application.server}; empty when it advertises none (then it asks no peers) */
    public ProcessedOutcomes(KafkaStreams streams, Optional<HostInfo> self) {
        this.streams = Objects.requireNonNull(streams, "streams");
        this.self = Objects.requireNonNull(self, "self");
    }

    /** Looks {@code commandId} up in the partitions this instance processes. */
    public Lookup find(String commandId) {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING) {
            return new Lookup.Unavailable("the command processor is " + state);
        }
        if (streams.metadataForLocalThreads().stream().allMatch(thread -> thread.activeTasks().isEmpty())) {
            return new Lookup.Absent();
        }
        try {
            ReadOnlyWindowStore<String, StoredOutcome> store = streams.store(StoreQueryParameters.fromNameAndType(
                    CommandProcessorTopology.OUTCOMES_STORE, QueryableStoreTypes.windowStore()));
            try (WindowStoreIterator<StoredOutcome> found = store.backwardFetch(commandId, Instant.EPOCH,
                    Instant.ofEpochMilli(Long.MAX_VALUE))) {
                return found.hasNext() ? new Lookup.Found(found.next().value.outcome()) : new Lookup.Absent();
            }
        } catch (InvalidStateStoreException e) {
            return new Lookup.Unavailable("the dedupe store cannot be queried: " + e.getMessage());
        }
    }

    /** The other instances of this processor (their {@code application.server}), which hold the other partitions. */
    public List<HostInfo> otherInstances() {
        if (self.isEmpty()) {
            return List.of();
        }
        return streams.streamsMetadataForStore(CommandProcessorTopology.OUTCOMES_STORE).stream()
                .map(StreamsMetadata::hostInfo)
                .filter(host -> !host.equals(self.get()) && !host.equals(HostInfo.unavailable()))
                .distinct()
                .toList();
    }
}
