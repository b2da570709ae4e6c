package io.ledgerline.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.devkit.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SteadyWindowTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void theWindowRunsFromTheFirstSampleAtItsStartToTheLastBeforeItsEnd() {
        // 1,000 operations: a slow start (50 in the first second), 200/s in the middle, a slow drain.
        List<SteadyWindow.Sample> samples = List.of(sample(0, 0, 0), sample(1, 50, 10), sample(2, 250, 30),
                sample(3, 450, 50), sample(4, 650, 70), sample(5, 850, 90), sample(6, 950, 110), sample(7, 1000, 130));

        SteadyWindow.Window window = SteadyWindow.window(samples, 1_000, 0.1, 0.9).orElseThrow();

        // From the sample at 250 (the first at or past 100) to the one at 850 (the last at or before 900).
        assertThat(window.operations()).isEqualTo(600);
        assertThat(window.seconds()).isEqualTo(3.0);
        assertThat(window.perSecond()).isEqualTo(200.0);
        assertThat(window.cpu().processNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(60));
        assertThat(window.processCpuMicrosPerOperation()).isEqualTo(100.0);
    }

    @Test
    void noWindowWithoutTwoSamplesInsideIt() {
        List<SteadyWindow.Sample> samples = List.of(sample(0, 0, 0), sample(1, 1_000, 10));

        assertThat(SteadyWindow.window(samples, 1_000, 0.1, 0.9)).isEmpty();
        assertThat(SteadyWindow.window(List.of(), 1_000, 0.1, 0.9)).isEmpty();
    }

    @Test
    void ratesPerStretchAreTheCountsOverEachStretch() {
        List<SteadyWindow.Sample> samples = List.of(sample(0, 0, 0), sample(0.5, 40, 0), sample(1, 100, 0),
                sample(1.5, 200, 0), sample(2, 300, 0), sample(2.5, 310, 0));

        assertThat(SteadyWindow.ratesPerStretch(samples, 1.0)).containsExactly(100L, 200L);
    }

    @Test
    void theSamplerFollowsTheCountUntilItIsComplete() throws Exception {
        AtomicLong done = new AtomicLong();
        SteadyWindow.Window window;
        try (SteadyWindow steady = new SteadyWindow(100, done::get, 5)) {
            for (int i = 0; i < 10; i++) {
                long now = done.addAndGet(10);
                // Each count is sampled before the next, so the window's edges are exactly 10 and 90.
                Await.until("a sample of " + now, Duration.ofSeconds(30),
                        () -> steady.samples().stream().anyMatch(s -> s.done() == now));
            }
            window = SteadyWindow.window(steady.samples(), 100, SteadyWindow.FROM, SteadyWindow.TO).orElseThrow();
        }

        assertThat(window.operations()).isEqualTo(80);
        assertThat(window.seconds()).isPositive();
    }

    private static SteadyWindow.Sample sample(double seconds, long done, long cpuMillis) {
        long cpu = TimeUnit.MILLISECONDS.toNanos(cpuMillis);
        return new SteadyWindow.Sample((long) (seconds * SECOND), done,
                new CpuClock.Reading(cpu, 0, Map.of(), Map.of(), Map.of(), Map.of(), Map.of()));
    }
}
