package io.ledgerline.saga;

import io.ledgerline.transfer.TransferEvent.TransferRequested;
import java.util.Objects;

/** What every step of one transfer needs, as TransferRequested recorded it. */
public record TransferTerms(String transferId, String fromAccountId, String toAccountId, long amount, String currency) {

    public TransferTerms {
        Objects.requireNonNull(transferId, "transferId");
        Objects.requireNonNull(fromAccountId, "fromAccountId");
        Objects.requireNonNull(toAccountId, "toAccountId");
        Objects.requireNonNull(currency, "currency");
    }

    public static TransferTerms of(TransferRequested requested) {
        return new TransferTerms(requested.transferId(), requested.fromAccountId(), requested.toAccountId(),
                requested.amount(), requested.currency());
    }
}
