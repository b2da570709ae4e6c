package io.ledgerline.command.saga;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One task's time index in memory: when to look at each transfer next (its outstanding step's deadline, or the end
 * of a resting saga's retention), in time order. It is a function of the task's saga store, so it has no changelog
 * of its own (ADR 0049): {@link SagaStores} builds it from the store whenever the task's processor is initialised and
 * moves an entry whenever it stores a saga. Entries are whole milliseconds, as the stored times are.
 */
final class DeadlineIndex {

    private record Entry(long at, String transferId) {
    }

    private static final Comparator<Entry> TIME_ORDER =
            Comparator.comparingLong(Entry::at).thenComparing(Entry::transferId);

    private final NavigableSet<Entry> entries = new TreeSet<>(TIME_ORDER);

    /** Moves {@code transferId}'s entry from {@code before} to {@code after} (empty: none). */
    void move(String transferId, Optional<Instant> before, Optional<Instant> after) {
        if (!before.equals(after)) {
            before.ifPresent(at -> entries.remove(new Entry(at.toEpochMilli(), transferId)));
            after.ifPresent(at -> entries.add(new Entry(at.toEpochMilli(), transferId)));
        }
    }

    /** Up to {@code limit} transfers whose time is at or before {@code bound}, in time order. */
    List<String> due(Instant bound, int limit) {
        long until = bound.toEpochMilli();
        List<String> due = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.at() > until || due.size() >= limit) {
                break;
            }
            due.add(entry.transferId());
        }
        return due;
    }

    int size() {
        return entries.size();
    }
}
