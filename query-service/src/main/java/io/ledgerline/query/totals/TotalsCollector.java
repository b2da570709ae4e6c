package io.ledgerline.query.totals;

import io.ledgerline.query.account.AccountChange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Sums, in the account's task, the totals deltas of the account events applied there, per currency, and forwards
 * each currency's sum once per {@code interval} (wall clock) to the one-partition by-currency topic, instead of one
 * record per event, which the by-currency topic, its single task and its fetches paid for every event.
 * <p>
 * The sums live in a store ({@link #STORE}, changelogged), not in memory: a commit between adding a delta and
 * forwarding it then carries the delta in the store's changelog together with the input offsets, and the forward,
 * the store's reset and the offsets of a later commit go in one transaction. A crash at any point loses or repeats
 * nothing. The totals lag the account view by up to {@code interval} plus a commit.
 */
public final class TotalsCollector implements Processor<String, AccountChange, String, TotalsDelta> {

    public static final String STORE = "ledger-totals-pending";

    private final Duration interval;
    private ProcessorContext<String, TotalsDelta> context;
    private KeyValueStore<String, TotalsDelta> pending;

    public TotalsCollector(Duration interval) {
        this.interval = interval;
    }

    @Override
    public void init(ProcessorContext<String, TotalsDelta> context) {
        this.context = context;
        pending = context.getStateStore(STORE);
        context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, this::flush);
    }

    @Override
    public void process(Record<String, AccountChange> record) {
        TotalsDelta.of(record.value()).ifPresent(delta -> {
            String currency = record.value().after().currency();
            TotalsDelta sum = pending.get(currency);
            pending.put(currency, sum == null ? delta : sum.plus(delta));
        });
    }

    /** Forwards the sums stamped with the wall-clock time {@code now}: the totals are not windowed. */
    private void flush(long now) {
        List<KeyValue<String, TotalsDelta>> sums = new ArrayList<>();
        try (KeyValueIterator<String, TotalsDelta> all = pending.all()) {
            all.forEachRemaining(sums::add);
        }
        for (KeyValue<String, TotalsDelta> sum : sums) {
            context.forward(new Record<>(sum.key, sum.value, now));
            pending.delete(sum.key);
        }
    }
}
