package io.ledgerline.query.portfolio;

import io.ledgerline.query.account.AccountView;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Folds account views, re-keyed by customer id, into the customer's portfolio. The views arrive only for events the
 * account projection applied, each account's in order, so the per-account version check in
 * {@link Portfolio#with} only matters for a replayed input.
 */
public final class PortfolioProjector implements Processor<String, AccountView, Void, Void> {

    public static final String STORE = "portfolios";

    private KeyValueStore<String, Portfolio> portfolios;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        portfolios = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, AccountView> record) {
        AccountView view = record.value();
        Portfolio current = portfolios.get(view.customerId());
        Portfolio next = Portfolio.with(current, view);
        if (next != current) {
            portfolios.put(view.customerId(), next);
        }
    }
}
