package io.ledgerline.transfer;

import io.ledgerline.account.DeclineReason;
import io.ledgerline.message.LedgerCommand;

/**
 * Commands addressed to one transfer. Callers send {@link RequestTransfer}; the saga sends the other two when the
 * accounts have answered.
 */
public sealed interface TransferCommand extends LedgerCommand {

    String transferId();

    @Override
    default String aggregateId() {
        return transferId();
    }

    record RequestTransfer(
            String transferId, String fromAccountId, String toAccountId, long amount, String currency,
            String reference) implements TransferCommand {
    }

    record CompleteTransfer(String transferId) implements TransferCommand {
    }

    record FailTransfer(String transferId, DeclineReason reason, String message, boolean compensated)
            implements TransferCommand {
    }
}
