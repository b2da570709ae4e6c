package io.ledgerline.query.activity;

import io.ledgerline.account.AccountEvent;
import io.ledgerline.query.account.AccountChange;
import io.ledgerline.query.account.AccountView;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * What moved on one account on one UTC day (the day of the event's {@code occurredAt}).
 *
 * @param debits  the sum of money out (withdrawals, transfer debits)
 * @param credits the sum of money in (deposits, transfer credits, reversed transfer debits)
 * @param count   the number of movements
 */
public record DailyActivity(LocalDate day, long debits, long credits, int count) {

    public static LocalDate dayOf(AccountChange change) {
        return LocalDate.ofInstant(change.event().meta().occurredAt(), ZoneOffset.UTC);
    }

    /** The window start of {@code day} in the activity store: its first millisecond, UTC. */
    public static long windowStart(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    /** The activity of the change's day after {@code change}; {@code current} is null for a day not seen yet. */
    public static DailyActivity after(DailyActivity current, AccountChange change) {
        return (current == null ? new DailyActivity(dayOf(change), 0, 0, 0) : current).add(change);
    }

    /** This day's activity after {@code change}; unchanged when the change moved no money. */
    public DailyActivity add(AccountChange change) {
        long movement = AccountView.movement((AccountEvent) change.event().event());
        if (movement == 0) {
            return this;
        }
        return movement > 0 ? new DailyActivity(day, debits, Math.addExact(credits, movement), count + 1)
                : new DailyActivity(day, Math.addExact(debits, -movement), credits, count + 1);
    }
}
