package io.ledgerline.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SagaConfigTest {

    private static final SagaConfig JITTERED =
            new SagaConfig(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30), 10, Duration.ofMinutes(5), 0.2);

    @Test
    void givenNoJitter_whenBackoff_thenExponentialAndCappedAtTheMaximum() {
        SagaConfig plain = new SagaConfig(Duration.ofMillis(100), 3.0, Duration.ofSeconds(2), 10,
                Duration.ofMinutes(1), 0.0);
        assertThat(plain.backoff("t-1", Step.DEBIT, 1)).isEqualTo(Duration.ofMillis(100));
        assertThat(plain.backoff("t-1", Step.DEBIT, 2)).isEqualTo(Duration.ofMillis(300));
        assertThat(plain.backoff("t-1", Step.DEBIT, 3)).isEqualTo(Duration.ofMillis(900));
        assertThat(plain.backoff("t-1", Step.DEBIT, 4)).isEqualTo(Duration.ofSeconds(2));
        assertThat(plain.backoff("t-1", Step.DEBIT, Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void givenJitter_whenBackoff_thenTheSameInputsGiveTheSameDelay() {
        for (int attempt = 1; attempt <= 10; attempt++) {
            assertThat(JITTERED.backoff("t-42", Step.CREDIT, attempt))
                    .isEqualTo(JITTERED.backoff("t-42", Step.CREDIT, attempt));
        }
    }

    @Test
    void givenJitter_whenBackoff_thenWithinTheJitterBelowTheBaseAndGrowingUntilTheCap() {
        for (int t = 0; t < 200; t++) {
            Duration previous = Duration.ZERO;
            for (int attempt = 1; attempt <= 10; attempt++) {
                long base = Math.min(30_000, 1000L << (attempt - 1));
                Duration delay = JITTERED.backoff("t-" + t, Step.DEBIT, attempt);
                assertThat(delay.toMillis()).isBetween(Math.round(base * 0.8), base);
                if (base < 30_000) {
                    // Doubling outruns a 20 % cut, so the delays strictly grow until the cap.
                    assertThat(delay).isGreaterThan(previous);
                }
                previous = delay;
            }
        }
    }

    @Test
    void givenJitter_whenBackoffOfManyTransfers_thenTheyAreSpreadOut() {
        Set<Duration> delays = new HashSet<>();
        for (int t = 0; t < 1000; t++) {
            delays.add(JITTERED.backoff("t-" + t, Step.DEBIT, 3));
        }
        // 4 s cut by up to 800 ms at millisecond resolution: 1000 transfers must not bunch on a few values.
        assertThat(delays).hasSizeGreaterThan(500);
    }

    @Test
    void unitFractionIsInTheHalfOpenUnitInterval() {
        for (int i = 0; i < 10_000; i++) {
            assertThat(SagaConfig.unitFraction("k" + i)).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
        }
    }

    @Test
    void givenInvalidLimits_whenConfigured_thenRefusedWithTheReason() {
        Duration s = Duration.ofSeconds(1);
        assertThatThrownBy(() -> new SagaConfig(Duration.ZERO, 2, s, 1, s, 0))
                .hasMessage("initialBackoff must be positive, was PT0S");
        assertThatThrownBy(() -> new SagaConfig(s, 0.5, s, 1, s, 0))
                .hasMessage("multiplier must be a finite number of at least 1, was 0.5");
        assertThatThrownBy(() -> new SagaConfig(s, Double.NaN, s, 1, s, 0))
                .hasMessage("multiplier must be a finite number of at least 1, was NaN");
        assertThatThrownBy(() -> new SagaConfig(s, 2, Duration.ofMillis(10), 1, s, 0))
                .hasMessage("maxBackoff PT0.01S must not be shorter than initialBackoff PT1S");
        assertThatThrownBy(() -> new SagaConfig(s, 2, s, 0, s, 0))
                .hasMessage("maxAttempts must be 1 or more, was 0");
        assertThatThrownBy(() -> new SagaConfig(s, 2, s, 1, Duration.ofSeconds(-1), 0))
                .hasMessage("stepDeadline must be positive, was PT-1S");
        assertThatThrownBy(() -> new SagaConfig(s, 2, s, 1, s, 1.0))
                .hasMessage("jitter must be at least 0 and below 1, was 1.0");
        assertThatThrownBy(() -> JITTERED.backoff("t-1", Step.DEBIT, 0))
                .hasMessage("attempt must be 1 or more, was 0");
    }

    @Test
    void defaultsAreValid() {
        assertThat(SagaConfig.DEFAULTS.backoff("t-1", Step.DEBIT, 1)).isBetween(
                Duration.ofSeconds(12), Duration.ofSeconds(15));
    }
}
