package io.ledgerline.query.statement;

import io.ledgerline.query.account.AccountChange;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Writes each money movement the account projection applied as a statement line. It runs in the account's task,
 * after the account projection's version check, so it sees every applied event exactly once and in order.
 */
public final class StatementProjector implements Processor<String, AccountChange, Void, Void> {

    public static final String STORE = "statements";

    private KeyValueStore<String, StatementEntry> lines;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        lines = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, AccountChange> record) {
        StatementEntry.of(record.value()).ifPresent(entry ->
                lines.put(StatementKeys.of(record.value().after().accountId(), entry.seq()), entry));
    }
}
