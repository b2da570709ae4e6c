package io.ledgerline.command.saga;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Up to when what the saga sent has come through commands, events and transfer answers (three stages), from
 * observed end and committed offsets; and when a stage counts as stalled.
 */
class PipelineWatermarkTest {

    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
    private final PipelineWatermark pipeline = new PipelineWatermark(3, Duration.ofSeconds(30));

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    /** One partition per stage: end offsets, then committed offsets, for commands, events, transfer answers. */
    private void observe(long second, long[] ends, long[] committed) {
        pipeline.observe(at(second),
                List.of(Map.of(0, ends[0]), Map.of(0, ends[1]), Map.of(0, ends[2])),
                List.of(Map.of(0, committed[0]), Map.of(0, committed[1]), Map.of(0, committed[2])));
    }

    private static long[] offsets(long commands, long events, long answers) {
        return new long[] {commands, events, answers};
    }

    @Test
    void givenNothingObserved_thenNothingIsKnownFlushed() {
        assertThat(pipeline.flushedUpTo()).isEqualTo(Instant.EPOCH);
    }

    @Test
    void givenNoBacklog_thenEachObservationIsFlushedOnceItsOutputsHadAnObservationToShowUpIn() {
        observe(0, offsets(10, 10, 10), offsets(10, 10, 10));
        // Passed every stage it could see: what it caused may only show in the next observation's ends.
        assertThat(pipeline.flushedUpTo()).isEqualTo(Instant.EPOCH);
        observe(1, offsets(10, 12, 12), offsets(10, 12, 12));
        observe(2, offsets(10, 12, 14), offsets(10, 12, 14));
        assertThat(pipeline.flushedUpTo()).isEqualTo(at(0));
        observe(3, offsets(10, 12, 14), offsets(10, 12, 14));
        assertThat(pipeline.flushedUpTo()).isEqualTo(at(1));
    }

    @Test
    void givenACommandBacklog_thenNotFlushedUntilTheProcessorAndThenTheSagaArePastIt() {
        observe(0, offsets(1_000, 0, 0), offsets(0, 0, 0));
        observe(1, offsets(1_000, 100, 100), offsets(400, 100, 100));
        observe(2, offsets(1_000, 200, 200), offsets(1_000, 200, 100));
        assertThat(pipeline.flushedUpTo()).isEqualTo(Instant.EPOCH);
        // The answers to the last commands (events 200..) must go through the saga's read of the answers too.
        observe(3, offsets(1_000, 300, 250), offsets(1_000, 250, 250));
        assertThat(pipeline.flushedUpTo()).isEqualTo(Instant.EPOCH);
        observe(4, offsets(1_000, 300, 300), offsets(1_000, 300, 250));
        assertThat(pipeline.flushedUpTo()).isEqualTo(Instant.EPOCH);
        observe(5, offsets(1_000, 300, 300), offsets(1_000, 300, 300));
        // What was there at 3 s was through the processor at 3 s, its events through the saga at 4 s, the
        // transfer answers at 5 s.
        assertThat(pipeline.flushedUpTo()).isEqualTo(at(3));
    }

    @Test
    void givenAStageWithRecordsLeftThatDoesNotMove_whenStallAfterPasses_thenNothingIsHeld() {
        observe(0, offsets(100, 0, 0), offsets(10, 0, 0));
        observe(29, offsets(100, 0, 0), offsets(10, 0, 0));
        assertThat(pipeline.flushedUpTo()).isEqualTo(Instant.EPOCH);
        observe(30, offsets(100, 0, 0), offsets(10, 0, 0));
        assertThat(pipeline.flushedUpTo()).isEqualTo(Instant.MAX);
        observe(31, offsets(100, 0, 0), offsets(11, 0, 0));
        assertThat(pipeline.flushedUpTo()).isEqualTo(Instant.EPOCH);
    }

    @Test
    void givenAnIdlePipeline_thenNeverStalledAndFlushedUpToTwoObservationsBeforeTheLatest() {
        for (int second = 0; second <= 300; second += 60) {
            observe(second, offsets(7, 7, 7), offsets(7, 7, 7));
        }
        assertThat(pipeline.flushedUpTo()).isEqualTo(at(180));
    }
}
