package io.ledgerline.query.transfer;

import io.ledgerline.message.EventEnvelope;
import io.ledgerline.query.projection.ProjectionHealth;
import io.ledgerline.query.projection.StoreWrites;
import io.ledgerline.query.projection.VersionGate;
import io.ledgerline.transfer.TransferEvent;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The transfer view, keyed by transfer id: the transfer's own events (applied only at the next transfer version;
 * duplicates and gaps reported) and the account events carrying its id, re-keyed here after the account projection
 * applied them (each added once, by event id). Readers waiting for a terminal state hear of each write
 * ({@link StoreWrites}).
 */
public final class TransferProjector implements Processor<String, EventEnvelope, Void, Void> {

    public static final String STORE = "transfer-views";
    public static final String NAME = "transfer-view";

    private final ProjectionHealth health;
    private final StoreWrites writes;
    private KeyValueStore<String, TransferView> views;

    public TransferProjector(ProjectionHealth health, StoreWrites writes) {
        this.health = health;
        this.writes = writes;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        views = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, EventEnvelope> record) {
        String transferId = record.key();
        TransferView next = apply(views.get(transferId), transferId, record.value(), health);
        if (next == null) {
            return;
        }
        views.put(transferId, next);
        writes.written(STORE, transferId);
    }

    /**
     * The view after {@code envelope} (one of the transfer's own events, or an applied account event carrying its
     * id); {@code current} is null for a transfer not seen yet. Null when nothing changes: a duplicate or a gap of the
     * transfer's own events (reported to {@code health}), or a step already held. The bulk rebuild folds with this too.
     */
    public static TransferView apply(TransferView current, String transferId, EventEnvelope envelope,
            ProjectionHealth health) {
        TransferView view = current == null ? TransferView.unknown(transferId) : current;
        if (envelope.event() instanceof TransferEvent) {
            long eventVersion = envelope.meta().version();
            if (!health.admit(NAME, transferId, view.version(), eventVersion,
                    VersionGate.of(view.version(), eventVersion))) {
                return null;
            }
            return view.apply(envelope);
        }
        return view.has(envelope.meta().eventId()) ? null : view.step(envelope);
    }
}
