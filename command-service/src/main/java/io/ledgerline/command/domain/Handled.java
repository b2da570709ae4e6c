package io.ledgerline.command.domain;

import io.ledgerline.message.EventEnvelope;
import io.ledgerline.outcome.CommandOutcome;
import java.util.List;
import java.util.Objects;

/**
 * Everything the processor writes for one command, in one transaction: the state to store, the events to append
 * (empty when refused) and the one outcome to publish.
 */
public record Handled<S>(Versioned<S> state, List<EventEnvelope> events, CommandOutcome outcome) {

    public Handled {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(outcome, "outcome");
        events = List.copyOf(events);
        if (events.size() != outcome.eventCount()) {
            throw new IllegalArgumentException(
                    "outcome counts " + outcome.eventCount() + " events but " + events.size() + " are appended");
        }
    }
}
