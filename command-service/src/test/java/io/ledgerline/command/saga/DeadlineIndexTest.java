package io.ledgerline.command.saga;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The in-memory time index of one saga task: time order, the bound, the limit, moving and removing entries. */
class DeadlineIndexTest {

    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

    private final DeadlineIndex index = new DeadlineIndex();

    private void put(long second, String transferId) {
        index.move(transferId, Optional.empty(), Optional.of(T0.plusSeconds(second)));
    }

    @Test
    void findsWhatIsDueInTimeOrder_andNothingLater() {
        put(5, "tr-b");
        put(1, "tr-c");
        put(3, "tr-a");
        put(6, "tr-later");

        assertThat(index.due(T0.plusSeconds(5), 10)).containsExactly("tr-c", "tr-a", "tr-b");
    }

    @Test
    void aBoundInTheSameMillisecond_findsTheEntry_andOneMillisecondEarlierDoesNot() {
        put(2, "tr-1");

        assertThat(index.due(T0.plusSeconds(2).minusMillis(1), 10)).isEmpty();
        assertThat(index.due(T0.plusSeconds(2).plusNanos(999_999), 10)).containsExactly("tr-1");
    }

    @Test
    void aRoundIsCutAtTheLimit_andTheRestIsFoundByTheNext() {
        put(1, "tr-1");
        put(2, "tr-2");
        put(3, "tr-3");

        assertThat(index.due(T0.plusSeconds(10), 2)).containsExactly("tr-1", "tr-2");
        index.move("tr-1", Optional.of(T0.plusSeconds(1)), Optional.of(T0.plusSeconds(30)));
        assertThat(index.due(T0.plusSeconds(10), 2)).containsExactly("tr-2", "tr-3");
    }

    @Test
    void sameTimeForSeveralTransfers_keepsEachOnce_inIdOrder() {
        put(1, "tr-b");
        put(1, "tr-a");
        put(1, "tr-a");

        assertThat(index.due(T0.plusSeconds(1), 10)).containsExactly("tr-a", "tr-b");
        assertThat(index.size()).isEqualTo(2);
    }

    @Test
    void anEntryMovedOrRemoved_isFoundOnlyWhereItIsNow() {
        put(1, "tr-moved");
        put(2, "tr-removed");
        index.move("tr-moved", Optional.of(T0.plusSeconds(1)), Optional.of(T0.plusSeconds(20)));
        index.move("tr-removed", Optional.of(T0.plusSeconds(2)), Optional.empty());

        assertThat(index.due(T0.plusSeconds(10), 10)).isEmpty();
        assertThat(index.due(T0.plusSeconds(20), 10)).containsExactly("tr-moved");
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void anEntryBeforeTheLastBound_isStillFound() {
        // The wall clock stepped back: nothing is resumed from where an earlier round ended.
        assertThat(index.due(T0.plusSeconds(10), 10)).isEmpty();
        put(5, "tr-clock-stepped-back");

        assertThat(index.due(T0.plusSeconds(10), 10)).containsExactly("tr-clock-stepped-back");
    }
}
