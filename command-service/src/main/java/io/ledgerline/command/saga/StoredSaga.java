package io.ledgerline.command.saga;

import io.ledgerline.saga.SagaState;
import java.util.Objects;

/**
 * What the saga store keeps per transfer: the decider's state and the correlation id of the transfer's causal
 * chain, so a re-send on a deadline (which no event caused) carries the same {@code correlation-id} as the first send.
 *
 * @param correlationId the {@code correlation-id} of the first event seen for the transfer, else the transfer id
 */
record StoredSaga(SagaState state, String correlationId) {

    StoredSaga {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(correlationId, "correlationId");
    }
}
