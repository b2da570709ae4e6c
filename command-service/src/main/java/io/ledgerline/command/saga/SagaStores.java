package io.ledgerline.command.saga;

import io.ledgerline.saga.SagaState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The saga's four stores of one task, kept consistent by {@link #save}: the state per transfer, the deadline index
 * (which transfers to tick when), the count of sagas per status (the metric) and the STUCK transfers (the operator
 * listing). All four are changelogged and written in the task's transaction, so they never disagree after a crash.
 */
final class SagaStores {

    private static final byte[] PRESENT = new byte[0];

    private final KeyValueStore<String, StoredSaga> sagas;
    private final KeyValueStore<Bytes, byte[]> deadlines;
    private final KeyValueStore<String, Long> statusCounts;
    private final KeyValueStore<String, byte[]> stuck;

    SagaStores(ProcessorContext<?, ?> context) {
        sagas = context.getStateStore(SagaTopology.SAGAS_STORE);
        deadlines = context.getStateStore(SagaTopology.DEADLINES_STORE);
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
        Optional<Instant> oldDeadline = before == null ? Optional.empty() : deadlineOf(before.state());
        Optional<Instant> newDeadline = deadlineOf(after.state());
        if (!oldDeadline.equals(newDeadline)) {
            oldDeadline.ifPresent(deadline -> deadlines.delete(DeadlineKey.of(deadline, transferId)));
            newDeadline.ifPresent(deadline -> deadlines.put(DeadlineKey.of(deadline, transferId), PRESENT));
        }
        SagaState.Status oldStatus = before == null ? null : before.state().status();
        SagaState.Status newStatus = after.state().status();
        if (oldStatus != newStatus) {
            if (oldStatus != null) {
                count(oldStatus, -1);
            }
            count(newStatus, 1);
        }
        if (newStatus == SagaState.Status.STUCK) {
            stuck.put(transferId, PRESENT);
        } else if (oldStatus == SagaState.Status.STUCK) {
            stuck.delete(transferId);
        }
    }

    /** Up to {@code limit} transfers whose deadline is at or before {@code now}, oldest deadline first. */
    List<String> due(Instant now, int limit) {
        List<String> due = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> found = deadlines.range(DeadlineKey.first(), DeadlineKey.dueBy(now))) {
            while (found.hasNext() && due.size() < limit) {
                KeyValue<Bytes, byte[]> entry = found.next();
                due.add(DeadlineKey.transferId(entry.key));
            }
        }
        return due;
    }

    private void count(SagaState.Status status, long delta) {
        Long count = statusCounts.get(status.name());
        statusCounts.put(status.name(), (count == null ? 0 : count) + delta);
    }

    private static Optional<Instant> deadlineOf(SagaState state) {
        return state instanceof SagaState.Running running
                ? Optional.of(running.outstanding().deadline()) : Optional.empty();
    }
}
