package io.ledgerline.command.saga;

import io.ledgerline.saga.SagaState;
import java.time.Instant;

/**
 * A transfer whose saga stopped in STUCK, as an operator sees it: the terms, why it stopped, the step it waited on,
 * how often that step was sent, and since when.
 */
public record StuckTransfer(
        String transferId, String fromAccountId, String toAccountId, long amount, String currency,
        SagaState.StuckCause cause, String step, int attempts, Instant since) {

    static StuckTransfer of(SagaState.Stuck stuck) {
        var t = stuck.transfer();
        return new StuckTransfer(t.transferId(), t.fromAccountId(), t.toAccountId(), t.amount(), t.currency(),
                stuck.cause(), stuck.step().name(), stuck.attempts(), stuck.since());
    }
}
