package io.ledgerline.saga;

import io.ledgerline.message.CommandEnvelope;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the saga decided for one event or tick: the state to store and the commands to write to
 * {@code ledger.commands}, in one transaction.
 */
public record SagaResult(SagaState state, List<CommandEnvelope> commands) {

    public SagaResult {
        Objects.requireNonNull(state, "state");
        commands = List.copyOf(commands);
    }

    static SagaResult noCommands(SagaState state) {
        return new SagaResult(state, List.of());
    }

    /** When the saga must be ticked next for this transfer; empty when nothing is outstanding. */
    public Optional<Instant> nextDeadline() {
        return state instanceof SagaState.Running running
                ? Optional.of(running.outstanding().deadline()) : Optional.empty();
    }
}
