package io.ledgerline.command.saga;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The tick's scan of one task's time index (the {@link SagaKeys#time} entries of the saga store), resumed where the
 * previous scan ended instead of from the lowest key.
 *
 * <p>Every saga step moves its transfer's entry (a delete and a put), so below the live entries the index holds a
 * long run of deleted keys until RocksDB compacts them away, and a scan that seeks from the lowest key steps over
 * all of them on every tick (ADR 0034 found a third to half of the saga thread there at 500 transfers/s). Nothing is
 * missed by resuming: every entry is written as the wall clock's now plus a positive delay (a step's deadline, a
 * resting saga's expiry), and a scan's bound is at most now, so a new entry is never below where the last scan
 * ended. A wall clock that steps back could break that; a full scan from the lowest key at least every
 * {@link #FULL_SCAN_INTERVAL}, and whenever the bound moves back, finds such an entry at most that much later.
 */
final class DeadlineScan {

    static final Duration FULL_SCAN_INTERVAL = Duration.ofMinutes(1);

    private final KeyValueStore<Bytes, byte[]> store;
    private Bytes from = SagaKeys.firstTime();
    private Instant lastFullScan;

    DeadlineScan(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    /** Up to {@code limit} transfers whose time is at or before {@code bound}, in time order. */
    List<String> due(Instant bound, int limit) {
        Bytes to = SagaKeys.dueBy(bound);
        if (lastFullScan == null || from.compareTo(to) > 0
                || Duration.between(lastFullScan, bound).compareTo(FULL_SCAN_INTERVAL) >= 0) {
            from = SagaKeys.firstTime();
            lastFullScan = bound;
        }
        List<String> due = new ArrayList<>();
        Bytes last = null;
        try (KeyValueIterator<Bytes, byte[]> found = store.range(from, to)) {
            while (found.hasNext() && due.size() < limit) {
                last = found.next().key;
                due.add(SagaKeys.transferIdOfTime(last));
            }
        }
        // A full round resumes at its bound; a round cut at the limit resumes at its last entry (which the tick
        // moves or deletes, and which is found again if it does not).
        from = due.size() < limit ? to : last;
        return due;
    }
}
