package io.ledgerline.command.saga;

import io.ledgerline.saga.SagaState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The saga's four stores of one task, kept consistent by {@link #save} and {@link #forget}: the state per transfer,
 * the time index (when to look at a transfer next: its outstanding step's deadline, or the end of a resting saga's
 * retention), the count of sagas per status (the metric) and the STUCK transfers with their state (the operator
 * listing, read across instances from its changelog). All four are changelogged and written in the task's
 * transaction, so they never disagree after a crash.
 */
final class SagaStores {

    private static final byte[] PRESENT = new byte[0];

    private final SagaStateSerde serde = new SagaStateSerde();
    private final KeyValueStore<String, StoredSaga> sagas;
    private final KeyValueStore<Bytes, byte[]> deadlines;
    private final KeyValueStore<String, Long> statusCounts;
    private final KeyValueStore<String, byte[]> stuck;
    private final DeadlineScan scan;

    SagaStores(ProcessorContext<?, ?> context) {
        sagas = context.getStateStore(SagaTopology.SAGAS_STORE);
        deadlines = context.getStateStore(SagaTopology.DEADLINES_STORE);
        scan = new DeadlineScan(deadlines);
        statusCounts = context.getStateStore(SagaTopology.STATUS_COUNTS_STORE);
        stuck = context.getStateStore(SagaTopology.STUCK_STORE);
    }

    /** The stored saga of {@code transferId}, or null if none is stored. */
    StoredSaga get(String transferId) {
        return sagas.get(transferId);
    }

    /** Stores {@code after} in place of {@code before} (null: none) and updates the three indexes to match. */
    void save(String transferId, StoredSaga before, StoredSaga after) {
        sagas.put(transferId, after);
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
        sagas.delete(transferId);
        reindex(transferId, nextLook(stored), Optional.empty());
        count(stored.state().status(), -1);
    }

    /** Up to {@code limit} transfers to look at by {@code now}, in time order. */
    List<String> due(Instant now, int limit) {
        return scan.due(now, limit);
    }

    private void reindex(String transferId, Optional<Instant> before, Optional<Instant> after) {
        if (!before.equals(after)) {
            before.ifPresent(at -> deadlines.delete(DeadlineKey.of(at, transferId)));
            after.ifPresent(at -> deadlines.put(DeadlineKey.of(at, transferId), PRESENT));
        }
    }

    private void count(SagaState.Status status, long delta) {
        Long count = statusCounts.get(status.name());
        statusCounts.put(status.name(), (count == null ? 0 : count) + delta);
    }

    /** When the saga must be looked at next: its step's deadline while running, its expiry while resting. */
    static Optional<Instant> nextLook(StoredSaga stored) {
        return stored.state() instanceof SagaState.Running running
                ? Optional.of(running.outstanding().deadline()) : Optional.ofNullable(stored.expiresAt());
    }
}
