package io.ledgerline.command.saga;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the saga of this instance has done since it started, for metrics: steps re-sent after their deadline, and
 * transfers that became STUCK. Counts of the moment (sagas per status) come from the stores instead
 * ({@link SagaQueries}).
 */
public final class SagaCounters {

    private final LongAdder resent = new LongAdder();
    private final LongAdder stuck = new LongAdder();

    public long resent() {
        return resent.sum();
    }

    public long stuck() {
        return stuck.sum();
    }

    void countResent(int commands) {
        resent.add(commands);
    }

    void countStuck() {
        stuck.increment();
    }
}
