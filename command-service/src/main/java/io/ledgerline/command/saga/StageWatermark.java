package io.ledgerline.command.saga;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How far one consumer group has worked through one topic, in wall-clock time: the latest moment T such that the
 * group has committed past every record the topic held at T ({@link #flushedUpTo}). Fed by observations of the
 * topic's end offsets and the group's committed offsets, taken together (ADR 0032).
 *
 * <p>A stage is <em>stalled</em> when some partition has records left and its committed offset has not moved for
 * {@code stallAfter}: its consumer is gone or stuck, so what waits there is not merely queued, and the saga must
 * not hold its deadlines for it. Pure: time comes in with each observation.
 */
final class StageWatermark {

    /** About an hour of observations at the default poll; older ones are dropped, which only makes it hold longer. */
    static final int MAX_SNAPSHOTS = 7_200;

    private record Snapshot(Instant at, Map<Integer, Long> ends) {
    }

    private final Duration stallAfter;
    private final Deque<Snapshot> pending = new ArrayDeque<>();
    private final Map<Integer, Long> lastCommitted = new HashMap<>();
    private final Map<Integer, Instant> movedAt = new HashMap<>();
    private Instant flushed;
    private boolean stalled;

    StageWatermark(Duration stallAfter) {
        this.stallAfter = stallAfter;
    }

    /**
     * One observation at {@code at}: the topic's end offsets (read_committed) and the group's committed offsets per
     * partition (absent: none committed).
     */
    void observe(Instant at, Map<Integer, Long> ends, Map<Integer, Long> committed) {
        pending.addLast(new Snapshot(at, Map.copyOf(ends)));
        if (pending.size() > MAX_SNAPSHOTS) {
            pending.removeFirst();
        }
        while (!pending.isEmpty() && passed(pending.peekFirst().ends(), committed)) {
            flushed = pending.removeFirst().at();
        }
        boolean anyStalled = false;
        for (Map.Entry<Integer, Long> end : ends.entrySet()) {
            int partition = end.getKey();
            long position = committed.getOrDefault(partition, 0L);
            Long before = lastCommitted.put(partition, position);
            if (before == null || before != position) {
                movedAt.put(partition, at);
            }
            boolean behind = position < end.getValue();
            anyStalled |= behind && !at.isBefore(movedAt.get(partition).plus(stallAfter));
        }
        stalled = anyStalled;
    }

    /** Everything the topic held at this moment has been consumed by the group; empty before the first pass. */
    Optional<Instant> flushedUpTo() {
        return Optional.ofNullable(flushed);
    }

    boolean stalled() {
        return stalled;
    }

    private static boolean passed(Map<Integer, Long> ends, Map<Integer, Long> committed) {
        return ends.entrySet().stream().allMatch(end -> committed.getOrDefault(end.getKey(), 0L) >= end.getValue());
    }
}
