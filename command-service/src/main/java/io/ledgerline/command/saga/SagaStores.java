package io.ledgerline.command.saga;

import io.ledgerline.saga.SagaState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The saga state of one task, kept consistent by {@link #save} and {@link #forget}, all written in the task's
 * transaction: the saga store, which holds the state per transfer and, under keys of their own ({@link SagaKeys}),
 * the time index (when to look at a transfer next: its outstanding step's deadline, or the end of a resting saga's
 * retention) and the count of sagas per status (ADR 0049) — one changelog partition for the three; and the STUCK
 * transfers with their state (the operator listing, read across instances from its changelog).
 *
 * <p>The counts are also kept in memory, a copy of the store's count keys read when this object is made (whenever
 * the task's processor is initialised, i.e. from the committed store), and published in {@link SagaCounters} for
 * the metric. A store written by a release that kept the index and the counts in stores of their own has neither:
 * the first initialisation scans its sagas once and writes them ({@link #migrate}).
 */
final class SagaStores implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SagaStores.class);
    private static final byte[] PRESENT = new byte[0];
    private static final SagaState.Status[] STATUSES = SagaState.Status.values();

    private final SagaStateSerde serde = new SagaStateSerde();
    private final KeyValueStore<Bytes, byte[]> sagas;
    private final KeyValueStore<String, byte[]> stuck;
    private final DeadlineScan scan;
    private final SagaCounters counters;
    private final TaskId task;
    private final AtomicLongArray statusCounts;

    SagaStores(ProcessorContext<?, ?> context, SagaCounters counters) {
        sagas = context.getStateStore(SagaTopology.SAGAS_STORE);
        stuck = context.getStateStore(SagaTopology.STUCK_STORE);
        scan = new DeadlineScan(sagas);
        this.counters = counters;
        task = context.taskId();
        if (sagas.get(SagaKeys.FORMAT_MARKER) == null) {
            migrate();
        }
        long[] byStatus = new long[STATUSES.length];
        for (SagaState.Status status : STATUSES) {
            byStatus[status.ordinal()] = SagaKeys.countOf(sagas.get(SagaKeys.count(status)));
        }
        statusCounts = counters.publish(task, byStatus);
    }

    /** The stored saga of {@code transferId}, or null if none is stored. */
    StoredSaga get(String transferId) {
        byte[] value = sagas.get(SagaKeys.saga(transferId));
        return value == null ? null : serde.decode(value);
    }

    /** Stores {@code after} in place of {@code before} (null: none) and updates the indexes to match. */
    void save(String transferId, StoredSaga before, StoredSaga after) {
        sagas.put(SagaKeys.saga(transferId), serde.encode(after));
        reindex(transferId, before == null ? Optional.empty() : nextLook(before), nextLook(after));
        SagaState.Status oldStatus = before == null ? null : before.state().status();
        SagaState.Status newStatus = after.state().status();
        if (oldStatus != newStatus) {
            if (oldStatus != null) {
                count(oldStatus, -1);
            }
            count(newStatus, 1);
        }
        if (newStatus == SagaState.Status.STUCK) {
            stuck.put(transferId, serde.encode(after));
        } else if (oldStatus == SagaState.Status.STUCK) {
            stuck.delete(transferId);
        }
    }

    /** Deletes a resting saga whose retention has ended, with its index entry and its count. */
    void forget(String transferId, StoredSaga stored) {
        sagas.delete(SagaKeys.saga(transferId));
        reindex(transferId, nextLook(stored), Optional.empty());
        count(stored.state().status(), -1);
    }

    /** Up to {@code limit} transfers to look at by {@code now}, in time order. */
    List<String> due(Instant now, int limit) {
        return scan.due(now, limit);
    }

    /** Withdraws this task's counts from the metric: the task is closing here (moved, revoked or re-initialised). */
    @Override
    public void close() {
        counters.withdraw(task, statusCounts);
    }

    private void reindex(String transferId, Optional<Instant> before, Optional<Instant> after) {
        if (!before.equals(after)) {
            before.ifPresent(at -> sagas.delete(SagaKeys.time(at, transferId)));
            after.ifPresent(at -> sagas.put(SagaKeys.time(at, transferId), PRESENT));
        }
    }

    private void count(SagaState.Status status, long delta) {
        sagas.put(SagaKeys.count(status), SagaKeys.countValue(statusCounts.addAndGet(status.ordinal(), delta)));
    }

    /**
     * Writes the time index entry of every saga, the counts and the format marker, in this task's transaction (so a
     * migration cut short by a crash is rolled back with it and done again). Idempotent: it reads only the sagas.
     */
    private void migrate() {
        long started = System.nanoTime();
        long[] byStatus = new long[STATUSES.length];
        try (KeyValueIterator<Bytes, byte[]> all = sagas.range(SagaKeys.FIRST_SAGA, null)) {
            while (all.hasNext()) {
                var entry = all.next();
                StoredSaga stored = serde.decode(entry.value);
                nextLook(stored).ifPresent(at -> sagas.put(SagaKeys.time(at, SagaKeys.transferId(entry.key)),
                        PRESENT));
                byStatus[stored.state().status().ordinal()]++;
            }
        }
        long total = 0;
        for (SagaState.Status status : STATUSES) {
            sagas.put(SagaKeys.count(status), SagaKeys.countValue(byStatus[status.ordinal()]));
            total += byStatus[status.ordinal()];
        }
        sagas.put(SagaKeys.FORMAT_MARKER, PRESENT);
        LOG.info("Saga task {}: time index and status counts written into the saga store in {} ms ({} sagas)", task,
                (System.nanoTime() - started) / 1_000_000, total);
    }

    /** When the saga must be looked at next: its step's deadline while running, its expiry while resting. */
    static Optional<Instant> nextLook(StoredSaga stored) {
        return stored.state() instanceof SagaState.Running running
                ? Optional.of(running.outstanding().deadline()) : Optional.ofNullable(stored.expiresAt());
    }
}
