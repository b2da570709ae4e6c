package io.ledgerline.query.activity;

import io.ledgerline.account.AccountEvent;
import io.ledgerline.query.account.AccountChange;
import io.ledgerline.query.account.AccountView;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Adds each money movement the account projection applied to its account's day, in a window store with one-day
 * windows: Streams drops whole days once they are older than the store's retention, at no cost per record. A
 * movement older than the retention (by stream time) is not counted: its day is gone.
 */
public final class ActivityProjector implements Processor<String, AccountChange, Void, Void> {

    public static final String STORE = "daily-activity";

    private WindowStore<String, DailyActivity> days;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        days = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, AccountChange> record) {
        AccountChange change = record.value();
        if (AccountView.movement((AccountEvent) change.event().event()) == 0) {
            return;
        }
        long start = DailyActivity.windowStart(DailyActivity.dayOf(change));
        String accountId = change.after().accountId();
        days.put(accountId, DailyActivity.after(days.fetch(accountId, start), change), start);
    }
}
