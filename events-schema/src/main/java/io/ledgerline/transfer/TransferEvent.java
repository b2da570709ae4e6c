package io.ledgerline.transfer;

import io.ledgerline.account.DeclineReason;
import io.ledgerline.message.LedgerEvent;

/** Facts about one transfer. */
public sealed interface TransferEvent extends LedgerEvent {

    String transferId();

    @Override
    default String aggregateId() {
        return transferId();
    }

    record TransferRequested(
            String transferId, String fromAccountId, String toAccountId, long amount, String currency,
            String reference) implements TransferEvent {
    }

    record TransferCompleted(String transferId) implements TransferEvent {
    }

    record TransferFailed(String transferId, DeclineReason reason, String message, boolean compensated)
            implements TransferEvent {
    }
}
