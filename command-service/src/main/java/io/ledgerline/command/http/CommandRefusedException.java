package io.ledgerline.command.http;

import io.ledgerline.outcome.CommandOutcome;

/** The processor refused the command; the outcome's code decides the HTTP status. */
final class CommandRefusedException extends RuntimeException {

    private final transient CommandOutcome outcome;

    CommandRefusedException(CommandOutcome outcome) {
        super(outcome.message());
        this.outcome = outcome;
    }

    CommandOutcome outcome() {
        return outcome;
    }
}
