package io.ledgerline.command.saga;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How far a group has worked through a topic, in wall-clock time, and when it counts as stalled. */
class StageWatermarkTest {

    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
    private final StageWatermark stage = new StageWatermark(Duration.ofSeconds(30));

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void givenNoBacklog_thenFlushedUpToEachObservation() {
        stage.observe(at(0), Map.of(0, 10L, 1, 0L), Map.of(0, 10L));
        assertThat(stage.flushedUpTo()).hasValue(at(0));
        stage.observe(at(1), Map.of(0, 12L, 1, 3L), Map.of(0, 12L, 1, 3L));
        assertThat(stage.flushedUpTo()).hasValue(at(1));
        assertThat(stage.stalled()).isFalse();
    }

    @Test
    void givenABacklogDraining_thenFlushedUpToTheLastMomentWhoseRecordsAreAllConsumed() {
        stage.observe(at(0), Map.of(0, 100L), Map.of(0, 0L));
        stage.observe(at(1), Map.of(0, 200L), Map.of(0, 50L));
        assertThat(stage.flushedUpTo()).isEmpty();
        stage.observe(at(2), Map.of(0, 300L), Map.of(0, 150L));
        assertThat(stage.flushedUpTo()).hasValue(at(0));
        stage.observe(at(3), Map.of(0, 300L), Map.of(0, 300L));
        assertThat(stage.flushedUpTo()).hasValue(at(3));
        assertThat(stage.stalled()).isFalse();
    }

    @Test
    void givenAPartitionWithRecordsLeftAndNoProgress_whenStallAfterPasses_thenStalled() {
        stage.observe(at(0), Map.of(0, 100L, 1, 5L), Map.of(0, 10L, 1, 5L));
        stage.observe(at(29), Map.of(0, 100L, 1, 9L), Map.of(0, 10L, 1, 9L));
        assertThat(stage.stalled()).isFalse();
        stage.observe(at(30), Map.of(0, 100L, 1, 9L), Map.of(0, 10L, 1, 9L));
        assertThat(stage.stalled()).isTrue();
        stage.observe(at(31), Map.of(0, 100L, 1, 9L), Map.of(0, 11L, 1, 9L));
        assertThat(stage.stalled()).isFalse();
    }

    @Test
    void givenAnIdleTopic_thenNeverStalled() {
        stage.observe(at(0), Map.of(0, 7L), Map.of(0, 7L));
        stage.observe(at(300), Map.of(0, 7L), Map.of(0, 7L));
        assertThat(stage.stalled()).isFalse();
        assertThat(stage.flushedUpTo()).hasValue(at(300));
    }
}
