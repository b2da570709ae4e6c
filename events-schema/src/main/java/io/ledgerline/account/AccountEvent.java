package io.ledgerline.account;

import io.ledgerline.message.LedgerEvent;

/** Facts about one account, in the order its aggregate recorded them. */
public sealed interface AccountEvent extends LedgerEvent {

    String accountId();

    @Override
    default String aggregateId() {
        return accountId();
    }

    record AccountOpened(String accountId, String customerId, String currency, String holderName)
            implements AccountEvent {
    }

    record MoneyDeposited(String accountId, long amount, String currency, String reference) implements AccountEvent {
    }

    record MoneyWithdrawn(String accountId, long amount, String currency, String reference) implements AccountEvent {
    }

    record AccountFrozen(String accountId, String reason) implements AccountEvent {
    }

    record AccountUnfrozen(String accountId, String reason) implements AccountEvent {
    }

    record AccountClosed(String accountId) implements AccountEvent {
    }

    record TransferDebited(String accountId, String transferId, long amount, String currency)
            implements AccountEvent {
    }

    record TransferDebitDeclined(
            String accountId, String transferId, long amount, String currency, DeclineReason reason, String message)
            implements AccountEvent {
    }

    record TransferCredited(String accountId, String transferId, long amount, String currency)
            implements AccountEvent {
    }

    record TransferCreditDeclined(
            String accountId, String transferId, long amount, String currency, DeclineReason reason, String message)
            implements AccountEvent {
    }

    record TransferDebitReversed(String accountId, String transferId, long amount, String currency)
            implements AccountEvent {
    }
}
