package io.ledgerline.command.saga;

import io.ledgerline.saga.SagaState;
import java.time.Instant;
import java.util.Objects;

/**
 * What the saga store keeps per transfer: the decider's state, the correlation id of the transfer's causal chain
 * (so a re-send on a deadline, which no event caused, carries the same {@code correlation-id} as the first send),
 * and when a saga that waits for nothing may be deleted (ADR 0032).
 *
 * @param correlationId the {@code correlation-id} of the first event seen for the transfer, else the transfer id
 * @param expiresAt     for a COMPLETED, FAILED or NOT_STARTED saga: when its retention ends and it is deleted; null
 *                      for the others (and for sagas stored by a release that kept them forever)
 */
record StoredSaga(SagaState state, String correlationId, Instant expiresAt) {

    StoredSaga {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(correlationId, "correlationId");
    }

    StoredSaga(SagaState state, String correlationId) {
        this(state, correlationId, null);
    }

    /** Whether the saga waits for nothing, so a retention applies: settled, or answers without a request. */
    static boolean resting(SagaState state) {
        return state instanceof SagaState.Completed || state instanceof SagaState.Failed
                || state instanceof SagaState.NotStarted;
    }
}
