package io.ledgerline.query.rebuild;

import io.ledgerline.query.activity.DailyActivity;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The daily activity of one account task (one input partition) as its persistent window store holds it, for the
 * bulk fold. Kafka Streams' segmented store keeps its own stream time, the latest window start put; a put into a
 * segment older than that time minus the retention is dropped, and a fetch or read of a window that starts before
 * that time minus the retention (plus one millisecond) finds nothing. Segments are {@code max(retention / 2, 1 min)}
 * long ({@code Stores.persistentWindowStore}). This keeps the same arithmetic, so a movement that comes later than the
 * retention is lost here as it is there; {@link #forEachVisible} gives what a read of the store would find.
 */
final class ActivityWindows {

    record Day(String accountId, long start) {
    }

    private final long retention;
    private final long segmentInterval;
    private final Map<Day, ProjectionFold.Stamped<DailyActivity>> days = new HashMap<>();
    private long streamTime = -1;

    ActivityWindows(Duration retention) {
        this.retention = retention.toMillis();
        this.segmentInterval = Math.max(this.retention / 2, 60_000L);
    }

    /** The window of {@code accountId} starting at {@code start}, as the store's fetch answers it. */
    DailyActivity fetch(String accountId, long start) {
        if (start < streamTime - retention + 1) {
            return null;
        }
        ProjectionFold.Stamped<DailyActivity> day = days.get(new Day(accountId, start));
        return day == null ? null : day.value();
    }

    void put(String accountId, long start, DailyActivity activity, long timestamp) {
        streamTime = Math.max(streamTime, start);
        if (start / segmentInterval < (streamTime - retention) / segmentInterval) {
            return;
        }
        days.put(new Day(accountId, start), new ProjectionFold.Stamped<>(activity, timestamp));
    }

    /** Every window a read of the store would find, with the time of its last write. */
    void forEachVisible(BiConsumer<Day, ProjectionFold.Stamped<DailyActivity>> each) {
        days.forEach((day, activity) -> {
            if (day.start() >= streamTime - retention + 1) {
                each.accept(day, activity);
            }
        });
    }
}
