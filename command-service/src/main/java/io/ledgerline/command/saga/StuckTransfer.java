package io.ledgerline.command.saga;

import io.ledgerline.saga.SagaState;
import java.time.Instant;
import java.util.Optional;

/**
 * A transfer whose saga stopped in STUCK, as an operator sees it: the terms, why it stopped, the step it waited on,
 * how often that step was sent, and since when.
 *
 * @param retryable whether an operator's retry can act on it: only silence ({@code NO_ANSWER}) is retried
 */
public record StuckTransfer(
        String transferId, String fromAccountId, String toAccountId, long amount, String currency,
        SagaState.StuckCause cause, String step, int attempts, Instant since, boolean retryable) {

    /** The changelog topic of the STUCK index of the saga application {@code applicationId}. */
    public static String indexChangelog(String applicationId) {
        return applicationId + "-" + SagaTopology.STUCK_STORE + "-changelog";
    }

    /**
     * A value of the STUCK index (or its changelog): the stuck saga as stored. Empty for the empty values the index
     * held before it carried the saga (ADR 0032), and for a saga that is not STUCK.
     */
    public static Optional<StuckTransfer> fromIndexValue(byte[] value) {
        if (value == null || value.length == 0) {
            return Optional.empty();
        }
        return new SagaStateSerde().decode(value).state() instanceof SagaState.Stuck s
                ? Optional.of(of(s)) : Optional.empty();
    }

    static StuckTransfer of(SagaState.Stuck stuck) {
        var t = stuck.transfer();
        return new StuckTransfer(t.transferId(), t.fromAccountId(), t.toAccountId(), t.amount(), t.currency(),
                stuck.cause(), stuck.step().name(), stuck.attempts(), stuck.since(),
                stuck.cause() == SagaState.StuckCause.NO_ANSWER);
    }
}
