package io.ledgerline.query.rebuild;

import io.ledgerline.query.activity.DailyActivity;
import java.time.Duration;
import java.util.Map;

/**
 * The retention arithmetic of one account task's (one input partition's) persistent window store, for the bulk
 * fold. Kafka Streams' segmented store keeps its own stream time, the latest window start put; a put into a segment
 * older than that time minus the retention is dropped, and a fetch or read of a window that starts before that time
 * minus the retention (plus one millisecond) finds nothing. Segments are {@code max(retention / 2, 1 min)} long
 * ({@code Stores.persistentWindowStore}). This keeps the same arithmetic, so a movement that comes later than the
 * retention is lost here as it is there; {@link #visible} says what a read of the store would find. The windows
 * themselves are kept with their account (by window start), so the fold finds an account and its days in one lookup.
 */
final class ActivityWindows {

    private final long retention;
    private final long segmentInterval;
    private long streamTime = -1;

    ActivityWindows(Duration retention) {
        this.retention = retention.toMillis();
        this.segmentInterval = Math.max(this.retention / 2, 60_000L);
    }

    /** The window of an account ({@code days}) starting at {@code start}, as the store's fetch answers it. */
    DailyActivity fetch(Map<Long, ProjectionFold.Stamped<DailyActivity>> days, long start) {
        if (!visible(start)) {
            return null;
        }
        ProjectionFold.Stamped<DailyActivity> day = days.get(start);
        return day == null ? null : day.value();
    }

    void put(Map<Long, ProjectionFold.Stamped<DailyActivity>> days, long start, DailyActivity activity,
            long timestamp) {
        streamTime = Math.max(streamTime, start);
        if (start / segmentInterval < (streamTime - retention) / segmentInterval) {
            return;
        }
        days.put(start, new ProjectionFold.Stamped<>(activity, timestamp));
    }

    /** Whether a read of the store finds the window starting at {@code start}. */
    boolean visible(long start) {
        return start >= streamTime - retention + 1;
    }
}
