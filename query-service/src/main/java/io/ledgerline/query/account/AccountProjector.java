package io.ledgerline.query.account;

import io.ledgerline.message.EventEnvelope;
import io.ledgerline.query.projection.ProjectionHealth;
import io.ledgerline.query.projection.StoreCopies;
import io.ledgerline.query.projection.StoreCopy;
import io.ledgerline.query.projection.StoreWrites;
import io.ledgerline.query.projection.VersionGate;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The account view: applies an account event when its version is the next one for the account, and forwards what
 * it applied ({@link AccountChange}) to the projections that derive from it (statement, daily activity, and, re-keyed,
 * portfolio, ledger totals and transfer view). Duplicates and gaps are counted by {@link ProjectionHealth}, and
 * nothing downstream sees them. Each applied view is also written to the task's in-memory copy ({@link StoreCopy},
 * opened in {@link #init} and discarded in {@link #close}, so each incarnation of the task starts with an empty one),
 * which readers of this instance's own accounts look in first (ADR 0048); then readers waiting for the account's
 * version hear of the write ({@link StoreWrites}), so a woken waiter finds it in the copy too.
 */
public final class AccountProjector implements Processor<String, EventEnvelope, String, AccountChange> {

    public static final String STORE = "account-views";
    public static final String NAME = "account-view";

    private final ProjectionHealth health;
    private final StoreWrites writes;
    private final StoreCopies copies;
    private ProcessorContext<String, AccountChange> context;
    private KeyValueStore<String, AccountView> views;
    private StoreCopy<AccountView> copy;
    private int partition;

    public AccountProjector(ProjectionHealth health, StoreWrites writes, StoreCopies copies) {
        this.health = health;
        this.writes = writes;
        this.copies = copies;
    }

    @Override
    public void init(ProcessorContext<String, AccountChange> context) {
        this.context = context;
        views = context.getStateStore(STORE);
        partition = context.taskId().partition();
        copy = copies.open(STORE, partition, AccountView::version);
    }

    @Override
    public void close() {
        copies.close(STORE, partition, copy);
        copy = null;
    }

    @Override
    public void process(Record<String, EventEnvelope> record) {
        EventEnvelope envelope = record.value();
        String accountId = envelope.event().aggregateId();
        AccountChange change = apply(views.get(accountId), envelope, health);
        if (change == null) {
            return;
        }
        views.put(accountId, change.after());
        if (copy != null) {
            copy.written(accountId, change.after());
        }
        writes.written(STORE, accountId);
        context.forward(record.withValue(change));
    }

    /**
     * What an account event does to the view {@code before} (null before the account is opened): the change, or null
     * when the version gate refuses it (a duplicate, or a gap, which {@code health} reports). The bulk rebuild folds
     * with this too.
     */
    public static AccountChange apply(AccountView before, EventEnvelope envelope, ProjectionHealth health) {
        long viewVersion = before == null ? 0 : before.version();
        long eventVersion = envelope.meta().version();
        if (!health.admit(NAME, envelope.event().aggregateId(), viewVersion, eventVersion,
                VersionGate.of(viewVersion, eventVersion))) {
            return null;
        }
        return new AccountChange(envelope, before, AccountView.evolve(before, envelope));
    }
}
