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
 * <p>The counts are also kept in memory, a copy of the store's counts key read when this object is made (whenever
 * the task's processor is initialised, i.e. from the committed store), and published in {@link SagaCounters} for
 * the metric. A store written by a release that kept the index and the counts in stores of their own has neither:
 * {@link #migrate} indexes and counts its sagas in key order, a bounded slice per call, so no transaction grows with
 * the store. Until it is done, a saga beyond its position is indexed when saved but counted only once the migration
 * reaches it, and the counts are those of the sagas migrated so far.
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
    /** The next saga the migration indexes and counts; null once every saga of the store is. */
    private Bytes migrateFrom;

    SagaStores(ProcessorContext<?, ?> context, SagaCounters counters) {
        sagas = context.getStateStore(SagaTopology.SAGAS_STORE);
        stuck = context.getStateStore(SagaTopology.STUCK_STORE);
        scan = new DeadlineScan(sagas);
        this.counters = counters;
        task = context.taskId();
        if (sagas.get(SagaKeys.FORMAT_MARKER) == null) {
            byte[] next = sagas.get(SagaKeys.MIGRATION_NEXT);
            migrateFrom = next == null ? SagaKeys.FIRST_SAGA : Bytes.wrap(next);
        }
        statusCounts = counters.publish(task, SagaKeys.countsOf(sagas.get(SagaKeys.COUNTS)));
    }

    /** The stored saga of {@code transferId}, or null if none is stored. */
    StoredSaga get(String transferId) {
        byte[] value = sagas.get(SagaKeys.saga(transferId));
        return value == null ? null : serde.decode(value);
    }

    /** Stores {@code after} in place of {@code before} (null: none) and updates the indexes to match. */
    void save(String transferId, StoredSaga before, StoredSaga after) {
        Bytes key = SagaKeys.saga(transferId);
        sagas.put(key, serde.encode(after));
        reindex(transferId, before == null ? Optional.empty() : nextLook(before), nextLook(after));
        SagaState.Status oldStatus = before == null ? null : before.state().status();
        SagaState.Status newStatus = after.state().status();
        if (oldStatus != newStatus && counted(key)) {
            if (oldStatus != null) {
                statusCounts.addAndGet(oldStatus.ordinal(), -1);
            }
            statusCounts.addAndGet(newStatus.ordinal(), 1);
            writeCounts();
        }
        if (newStatus == SagaState.Status.STUCK) {
            stuck.put(transferId, serde.encode(after));
        } else if (oldStatus == SagaState.Status.STUCK) {
            stuck.delete(transferId);
        }
    }

    /** Deletes a resting saga whose retention has ended, with its index entry and its count. */
    void forget(String transferId, StoredSaga stored) {
        Bytes key = SagaKeys.saga(transferId);
        sagas.delete(key);
        reindex(transferId, nextLook(stored), Optional.empty());
        if (counted(key)) {
            statusCounts.addAndGet(stored.state().status().ordinal(), -1);
            writeCounts();
        }
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

    /** Writes the task's counts, all statuses in one key: one record per status change. */
    private void writeCounts() {
        long[] byStatus = new long[STATUSES.length];
        for (int i = 0; i < byStatus.length; i++) {
            byStatus[i] = statusCounts.get(i);
        }
        sagas.put(SagaKeys.COUNTS, SagaKeys.countsValue(byStatus));
    }

    /**
     * Indexes and counts up to {@code limit} more sagas of a store the former release wrote (nothing once all are),
     * writing its position, then the format marker, in the task's transaction: a migration cut short by a crash is
     * rolled back with it and resumed from the last commit.
     */
    void migrate(int limit) {
        if (migrateFrom == null) {
            return;
        }
        Bytes last = null;
        boolean more;
        long[] found = new long[STATUSES.length];
        try (KeyValueIterator<Bytes, byte[]> next = sagas.range(migrateFrom, null)) {
            for (int done = 0; done < limit && next.hasNext(); done++) {
                var entry = next.next();
                StoredSaga stored = serde.decode(entry.value);
                nextLook(stored).ifPresent(at -> sagas.put(SagaKeys.time(at, SagaKeys.transferId(entry.key)),
                        PRESENT));
                found[stored.state().status().ordinal()]++;
                last = entry.key;
            }
            more = next.hasNext();
        }
        if (last != null) {
            for (int i = 0; i < found.length; i++) {
                statusCounts.addAndGet(i, found[i]);
            }
            writeCounts();
        }
        if (more) {
            migrateFrom = SagaKeys.after(last);
            sagas.put(SagaKeys.MIGRATION_NEXT, migrateFrom.get());
        } else {
            migrateFrom = null;
            sagas.delete(SagaKeys.MIGRATION_NEXT);
            sagas.put(SagaKeys.FORMAT_MARKER, PRESENT);
            LOG.info("Saga task {}: the saga store migrated, its time index and status counts written", task);
        }
    }

    /** Whether the saga under {@code key} is in the counts: always, but during a migration only those it passed. */
    private boolean counted(Bytes key) {
        return migrateFrom == null || key.compareTo(migrateFrom) < 0;
    }

    /** When the saga must be looked at next: its step's deadline while running, its expiry while resting. */
    static Optional<Instant> nextLook(StoredSaga stored) {
        return stored.state() instanceof SagaState.Running running
                ? Optional.of(running.outstanding().deadline()) : Optional.ofNullable(stored.expiresAt());
    }
}
