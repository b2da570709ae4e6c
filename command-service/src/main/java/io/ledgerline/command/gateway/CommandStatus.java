package io.ledgerline.command.gateway;

import io.ledgerline.outcome.CommandOutcome;
import java.util.Objects;
import java.util.Optional;

/**
 * What this instance knows about one command.
 *
 * @param outcome the recorded outcome, or empty while the command this instance sent has none yet
 */
public record CommandStatus(String commandId, Optional<CommandOutcome> outcome) {

    public CommandStatus {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(outcome, "outcome");
    }

    static CommandStatus pending(String commandId) {
        return new CommandStatus(commandId, Optional.empty());
    }

    static CommandStatus of(CommandOutcome outcome) {
        return new CommandStatus(outcome.commandId(), Optional.of(outcome));
    }
}
