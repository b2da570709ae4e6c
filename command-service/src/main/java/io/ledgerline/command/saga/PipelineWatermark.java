package io.ledgerline.command.saga;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Up to when everything written to the first of a chain of stages has come out of the last one, in wall-clock time
 * (ADR 0032). A stage is one topic as one consumer group reads it, and what a stage writes lands in the next stage's
 * topic: for the saga, its commands in {@code ledger.commands} (read by the command processor), whose answers land in
 * {@code ledger.events} and, for the accounts' answers, {@code ledger.transfer-answers} (ADR 0035), both read by the
 * saga; chained as two stages, which only makes it hold a little longer than needed.
 *
 * <p>Each observation takes every stage's end offsets (read_committed) and then its group's committed offsets. What
 * was in the first topic at observation T has gone through when its group has committed past those ends; what it
 * caused is then in the next topic at the next observation (exactly-once: the outputs and the committed offsets of a
 * consumer commit together), and so on to the last stage. {@link #flushedUpTo} is the latest T that got all the way.
 *
 * <p>A stage is <em>stalled</em> when some partition has records left and its committed offset has not moved for
 * {@code stallAfter}: its consumer is gone or stuck, nothing there is merely queued, and {@link #flushedUpTo} says
 * {@link Instant#MAX} (hold nothing). Pure: time comes in with each observation.
 */
final class PipelineWatermark {

    /** About two hours of observations at the default interval; dropping older ones only makes it hold longer. */
    static final int MAX_PENDING = 7_200;

    /** What was in the first topic at {@code at}, now waiting in {@code stage} to pass {@code target} (null: next). */
    private static final class Batch {
        final Instant at;
        int stage;
        Map<Integer, Long> target;

        Batch(Instant at) {
            this.at = at;
        }
    }

    private final int stages;
    private final Duration stallAfter;
    private final Deque<Batch> pending = new ArrayDeque<>();
    private final List<Map<Integer, Long>> lastCommitted = new ArrayList<>();
    private final List<Map<Integer, Instant>> movedAt = new ArrayList<>();
    private Instant flushed = Instant.EPOCH;
    private boolean stalled;

    PipelineWatermark(int stages, Duration stallAfter) {
        if (stages < 1) {
            throw new IllegalArgumentException("a pipeline has at least one stage, not " + stages);
        }
        this.stages = stages;
        this.stallAfter = stallAfter;
        for (int i = 0; i < stages; i++) {
            lastCommitted.add(new HashMap<>());
            movedAt.add(new HashMap<>());
        }
    }

    /**
     * One observation at {@code at}: per stage (in pipeline order) its topic's end offsets, read first, and its
     * group's committed offsets per partition (absent: none committed), read after.
     */
    void observe(Instant at, List<Map<Integer, Long>> ends, List<Map<Integer, Long>> committed) {
        if (ends.size() != stages || committed.size() != stages) {
            throw new IllegalArgumentException("expected " + stages + " stages");
        }
        boolean anyStalled = false;
        for (int s = 0; s < stages; s++) {
            anyStalled |= stalled(s, at, ends.get(s), committed.get(s));
        }
        stalled = anyStalled;
        pending.addLast(new Batch(at));
        if (pending.size() > MAX_PENDING) {
            pending.removeFirst();
        }
        for (Iterator<Batch> it = pending.iterator(); it.hasNext(); ) {
            Batch batch = it.next();
            if (batch.target == null) {
                batch.target = ends.get(batch.stage);
            }
            if (passed(batch.target, committed.get(batch.stage))) {
                batch.stage++;
                // Its outputs are in the next topic by the next observation's ends, not surely by this one's.
                batch.target = null;
                if (batch.stage == stages) {
                    flushed = batch.at.isAfter(flushed) ? batch.at : flushed;
                    it.remove();
                }
            }
        }
    }

    /** Everything in the first topic at this moment has come out of the last stage; MAX while a stage is stalled. */
    Instant flushedUpTo() {
        return stalled ? Instant.MAX : flushed;
    }

    private boolean stalled(int stage, Instant at, Map<Integer, Long> ends, Map<Integer, Long> committed) {
        boolean any = false;
        for (Map.Entry<Integer, Long> end : ends.entrySet()) {
            int partition = end.getKey();
            long position = committed.getOrDefault(partition, 0L);
            Long before = lastCommitted.get(stage).put(partition, position);
            if (before == null || before != position) {
                movedAt.get(stage).put(partition, at);
            }
            any |= position < end.getValue()
                    && !at.isBefore(movedAt.get(stage).get(partition).plus(stallAfter));
        }
        return any;
    }

    private static boolean passed(Map<Integer, Long> ends, Map<Integer, Long> committed) {
        return ends.entrySet().stream().allMatch(end -> committed.getOrDefault(end.getKey(), 0L) >= end.getValue());
    }
}
