package io.ledgerline.command.saga;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the saga of this instance has done since it started, for metrics: steps re-sent after their deadline,
 * transfers that became STUCK, STUCK steps re-sent on an operator's retry, resting sagas deleted after their
 * retention, and among those the orphans (account effects for a transfer no saga knew). Counts of the moment (sagas
 * per status) come from the stores instead ({@link SagaQueries}).
 */
public final class SagaCounters {

    private final LongAdder resent = new LongAdder();
    private final LongAdder stuck = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final LongAdder expired = new LongAdder();
    private final LongAdder orphaned = new LongAdder();

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
