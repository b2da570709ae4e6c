package io.ledgerline.saga;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * The saga's re-send policy. After the n-th send of a step (n from 1) the saga waits
 * {@code min(maxBackoff, initialBackoff * multiplier^(n-1))}, shortened by up to {@code jitter} of itself, then
 * re-sends the same command. It gives up (STUCK) when a deadline passes after the {@code maxAttempts}-th send, or
 * once {@code stepDeadline} has passed since the step's first send, whichever comes first.
 *
 * <p>The jitter spreads the re-sends of transfers that stalled together (a broker outage) so they do not come back
 * as one burst. The decider draws no random numbers, so the jitter is a hash of transfer id, step and attempt: the
 * same inputs always give the same delay, which also makes a restored saga re-send on the same schedule.
 *
 * @param jitter the largest fraction taken off a delay, from 0 (none) up to, not including, 1
 */
public record SagaConfig(
        Duration initialBackoff, double multiplier, Duration maxBackoff, int maxAttempts, Duration stepDeadline,
        double jitter) {

    /** 15 s, doubling, at most 1 min between sends, at most 10 sends, 10 min per step, up to 20 % jitter. */
    public static final SagaConfig DEFAULTS =
            new SagaConfig(Duration.ofSeconds(15), 2.0, Duration.ofMinutes(1), 10, Duration.ofMinutes(10), 0.2);

    public SagaConfig {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(stepDeadline, "stepDeadline");
        requirePositive("initialBackoff", initialBackoff);
        requirePositive("stepDeadline", stepDeadline);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                    "maxBackoff " + maxBackoff + " must not be shorter than initialBackoff " + initialBackoff);
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be a finite number of at least 1, was " + multiplier);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be 1 or more, was " + maxAttempts);
        }
        if (!(jitter >= 0.0 && jitter < 1.0)) {
            throw new IllegalArgumentException("jitter must be at least 0 and below 1, was " + jitter);
        }
    }

    /** How long the saga waits after the {@code attempt}-th send of {@code step} before sending it again. */
    public Duration backoff(String transferId, Step step, int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be 1 or more, was " + attempt);
        }
        double maxMillis = maxBackoff.toMillis();
        // Capped before it can overflow: multiplier^(attempt-1) is infinite long before attempt runs out.
        double base = Math.min(maxMillis, initialBackoff.toMillis() * Math.pow(multiplier, attempt - 1.0));
        double cut = jitter * unitFraction(step.commandId(transferId) + "#" + attempt);
        return Duration.ofMillis(Math.max(1, Math.round(base * (1.0 - cut))));
    }

    /** A fraction in [0, 1) spread evenly over keys: FNV-1a of the UTF-8 bytes, then the SplitMix64 finaliser. */
    static double unitFraction(String key) {
        long h = 0xcbf29ce484222325L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        h = h ^ (h >>> 31);
        return (h >>> 11) * 0x1.0p-53;
    }

    private static void requirePositive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
