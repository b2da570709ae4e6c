package io.ledgerline.command.saga;

import io.ledgerline.saga.SagaState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The saga state of one task, kept consistent by {@link #save} and {@link #forget}: two stores — the state per
 * transfer, and the STUCK transfers with their state (the operator listing, read across instances from its
 * changelog) — both changelogged and written in the task's transaction; and two indexes in memory that are functions
 * of the saga store (ADR 0049) — the time index (when to look at a transfer next: its outstanding step's deadline, or
 * the end of a resting saga's retention) and the count of sagas per status (the metric, published in
 * {@link SagaCounters}).
 *
 * <p>The indexes are built from one scan of the saga store when this object is made, i.e. whenever the task's
 * processor is initialised: after the store is restored, and again for every incarnation of the task (Streams closes
 * and re-initialises a task whose exactly-once transaction was aborted, after rolling its stores back to the last
 * commit), so they always start from the committed store. They are not written in the transaction, so they cost it no
 * changelog partition.
 */
final class SagaStores implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SagaStores.class);

    private final SagaStateSerde serde = new SagaStateSerde();
    private final KeyValueStore<String, StoredSaga> sagas;
    private final KeyValueStore<String, byte[]> stuck;
    private final DeadlineIndex deadlines = new DeadlineIndex();
    private final SagaCounters counters;
    private final TaskId task;
    private final AtomicLongArray statusCounts;

    SagaStores(ProcessorContext<?, ?> context, SagaCounters counters) {
        sagas = context.getStateStore(SagaTopology.SAGAS_STORE);
        stuck = context.getStateStore(SagaTopology.STUCK_STORE);
        this.counters = counters;
        task = context.taskId();
        long started = System.nanoTime();
        long[] byStatus = new long[SagaState.Status.values().length];
        try (KeyValueIterator<String, StoredSaga> all = sagas.all()) {
            while (all.hasNext()) {
                var entry = all.next();
                deadlines.move(entry.key, Optional.empty(), nextLook(entry.value));
                byStatus[entry.value.state().status().ordinal()]++;
            }
        }
        statusCounts = counters.publish(task, byStatus);
        LOG.info("Saga task {}: time index and status counts built from the saga store in {} ms ({} entries)", task,
                (System.nanoTime() - started) / 1_000_000, deadlines.size());
    }

    /** The stored saga of {@code transferId}, or null if none is stored. */
    StoredSaga get(String transferId) {
        return sagas.get(transferId);
    }

    /** Stores {@code after} in place of {@code before} (null: none) and updates the indexes to match. */
    void save(String transferId, StoredSaga before, StoredSaga after) {
        sagas.put(transferId, after);
        deadlines.move(transferId, before == null ? Optional.empty() : nextLook(before), nextLook(after));
        SagaState.Status oldStatus = before == null ? null : before.state().status();
        SagaState.Status newStatus = after.state().status();
        if (oldStatus != newStatus) {
            if (oldStatus != null) {
                statusCounts.decrementAndGet(oldStatus.ordinal());
            }
            statusCounts.incrementAndGet(newStatus.ordinal());
        }
        if (newStatus == SagaState.Status.STUCK) {
            stuck.put(transferId, serde.encode(after));
        } else if (oldStatus == SagaState.Status.STUCK) {
            stuck.delete(transferId);
        }
    }

    /** Deletes a resting saga whose retention has ended, with its index entry and its count. */
    void forget(String transferId, StoredSaga stored) {
        sagas.delete(transferId);
        deadlines.move(transferId, nextLook(stored), Optional.empty());
        statusCounts.decrementAndGet(stored.state().status().ordinal());
    }

    /** Up to {@code limit} transfers to look at by {@code now}, in time order. */
    List<String> due(Instant now, int limit) {
        return deadlines.due(now, limit);
    }

    /** Withdraws this task's counts from the metric: the task is closing here (moved, revoked or re-initialised). */
    @Override
    public void close() {
        counters.withdraw(task, statusCounts);
    }

    /** When the saga must be looked at next: its step's deadline while running, its expiry while resting. */
    static Optional<Instant> nextLook(StoredSaga stored) {
        return stored.state() instanceof SagaState.Running running
                ? Optional.of(running.outstanding().deadline()) : Optional.ofNullable(stored.expiresAt());
    }
}
