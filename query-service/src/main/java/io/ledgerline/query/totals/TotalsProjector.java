package io.ledgerline.query.totals;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Adds the deltas, keyed by currency, to the ledger totals. The by-currency topic has one partition, so one task
 * holds every currency and the totals are read from one place. The deltas come only from events the account
 * projection applied, summed per account task by {@link TotalsCollector}, and exactly once (the repartition topic
 * is written and read inside transactions).
 */
public final class TotalsProjector implements Processor<String, TotalsDelta, Void, Void> {

    public static final String STORE = "ledger-totals";

    private KeyValueStore<String, LedgerTotal> totals;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        totals = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, TotalsDelta> record) {
        totals.put(record.key(), LedgerTotal.plus(totals.get(record.key()), record.key(), record.value()));
    }
}
