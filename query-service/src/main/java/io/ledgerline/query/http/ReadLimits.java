package io.ledgerline.query.http;

import java.time.Duration;

/**
 * The bounds of the read API's parameters, checked here so every endpoint refuses the same way (400 naming the
 * parameter).
 */
public record ReadLimits(Duration defaultWait, Duration maxWait, int pageSize, int maxPageSize, int maxActivityDays) {

    /** The wait a caller asked for in milliseconds, or the default; at most {@link #maxWait}. */
    public Duration waitOf(Long waitMs) {
        if (waitMs == null) {
            return defaultWait;
        }
        if (waitMs < 0 || waitMs > maxWait.toMillis()) {
            throw new InvalidParameterException("waitMs", "must be between 0 and " + maxWait.toMillis() + ", was "
                    + waitMs);
        }
        return Duration.ofMillis(waitMs);
    }

    public int limitOf(Integer limit) {
        if (limit == null) {
            return pageSize;
        }
        if (limit < 1 || limit > maxPageSize) {
            throw new InvalidParameterException("limit", "must be between 1 and " + maxPageSize + ", was " + limit);
        }
        return limit;
    }

    public static long atLeast(String parameter, Long value, long minimum, long fallback) {
        if (value == null) {
            return fallback;
        }
        if (value < minimum) {
            throw new InvalidParameterException(parameter, "must be at least " + minimum + ", was " + value);
        }
        return value;
    }
}
