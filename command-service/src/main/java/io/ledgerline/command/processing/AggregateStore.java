package io.ledgerline.command.processing;

import io.ledgerline.command.domain.CommandHandler;
import io.ledgerline.command.domain.Handled;
import io.ledgerline.command.domain.Versioned;
import io.ledgerline.message.CommandEnvelope;
import io.ledgerline.message.LedgerCommand;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One aggregate family's handler with the state store holding its aggregates' {@link Versioned} states. Each family
 * has its own store: account ids and transfer ids share the key space, so "t-1" may name both.
 */
final class AggregateStore<S> {

    private final String storeName;
    private final CommandHandler<?, ?, S> handler;
    private KeyValueStore<String, Versioned<S>> store;

    AggregateStore(String storeName, CommandHandler<?, ?, S> handler) {
        this.storeName = storeName;
        this.handler = handler;
    }

    void init(ProcessorContext<?, ?> context) {
        store = context.getStateStore(storeName);
    }

    boolean handles(LedgerCommand command) {
        return handler.handles(command);
    }

    /** Decides the command against the stored state; nothing is written until {@link Decided#store()}. */
    Decided<S> decide(CommandEnvelope envelope) {
        String id = envelope.command().aggregateId();
        Versioned<S> stored = store.get(id);
        Versioned<S> current = stored != null ? stored : handler.initial();
        return new Decided<>(this, id, current, handler.handle(envelope, current));
    }

    /** A decision not yet written: the processor serializes its outputs first, then stores it. */
    record Decided<S>(AggregateStore<S> aggregates, String id, Versioned<S> before, Handled<S> handled) {

        void store() {
            // A refusal leaves the state as it was; only a new version is worth a changelog record.
            if (handled.state().version() != before.version()) {
                aggregates.store.put(id, handled.state());
            }
        }
    }
}
