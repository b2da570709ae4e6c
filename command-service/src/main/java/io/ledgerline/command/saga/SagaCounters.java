package io.ledgerline.command.saga;

import io.ledgerline.saga.SagaState;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.streams.processor.TaskId;

/**
 * What the saga of this instance has done since it started, for metrics: steps re-sent after their deadline,
 * transfers that became STUCK, STUCK steps re-sent on an operator's retry, resting sagas deleted after their
 * retention, and among those the orphans (account effects for a transfer no saga knew). And the count of the moment,
 * sagas per status over the tasks this instance runs: each task's {@link SagaStores} keeps its counts in its saga
 * store (ADR 0049) and publishes a copy of them here, read when the task's processor is initialised and kept in step
 * with the store, until it closes.
 */
public final class SagaCounters {

    private static final SagaState.Status[] STATUSES = SagaState.Status.values();

    private final LongAdder resent = new LongAdder();
    private final LongAdder stuck = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final LongAdder expired = new LongAdder();
    private final LongAdder orphaned = new LongAdder();
    private final ConcurrentMap<TaskId, AtomicLongArray> statusByTask = new ConcurrentHashMap<>();

    public long resent() {
        return resent.sum();
    }

    public long stuck() {
        return stuck.sum();
    }

    public long retried() {
        return retried.sum();
    }

    public long expired() {
        return expired.sum();
    }

    public long orphaned() {
        return orphaned.sum();
    }

    /** Sagas per status over the tasks running here, every status present (0 when none). */
    public Map<SagaState.Status, Long> byStatus() {
        long[] sum = new long[STATUSES.length];
        for (AtomicLongArray task : statusByTask.values()) {
            for (int i = 0; i < sum.length; i++) {
                sum[i] += task.get(i);
            }
        }
        Map<SagaState.Status, Long> counts = new EnumMap<>(SagaState.Status.class);
        for (SagaState.Status status : STATUSES) {
            counts.put(status, sum[status.ordinal()]);
        }
        return counts;
    }

    /**
     * Publishes {@code task}'s counts by status (indexed by {@link SagaState.Status#ordinal()}), replacing what an
     * earlier incarnation of the task published; the caller keeps them current in the returned array.
     */
    AtomicLongArray publish(TaskId task, long[] byStatus) {
        AtomicLongArray counts = new AtomicLongArray(byStatus);
        statusByTask.put(task, counts);
        return counts;
    }

    /** Withdraws {@code task}'s counts, unless a later incarnation of the task has published its own since. */
    void withdraw(TaskId task, AtomicLongArray counts) {
        statusByTask.remove(task, counts);
    }

    void countResent(int commands) {
        resent.add(commands);
    }

    void countStuck() {
        stuck.increment();
    }

    void countRetried() {
        retried.increment();
    }

    void countExpired() {
        expired.increment();
    }

    void countOrphaned() {
        orphaned.increment();
    }
}
