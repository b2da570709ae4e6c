package io.ledgerline.account;

import io.ledgerline.message.LedgerCommand;

/**
 * Commands addressed to one account. Amounts are positive minor units of the account's currency. The three
 * {@code *Transfer*} commands are issued only by the transfer saga; a rule that refuses one of them is answered with
 * a declined event (so the saga can react) rather than a rejection.
 */
public sealed interface AccountCommand extends LedgerCommand {

    String accountId();

    @Override
    default String aggregateId() {
        return accountId();
    }

    record OpenAccount(String accountId, String customerId, String currency, String holderName)
            implements AccountCommand {
    }

    record DepositMoney(String accountId, long amount, String reference) implements AccountCommand {
    }

    record WithdrawMoney(String accountId, long amount, String reference) implements AccountCommand {
    }

    record FreezeAccount(String accountId, String reason) implements AccountCommand {
    }

    record UnfreezeAccount(String accountId, String reason) implements AccountCommand {
    }

    record CloseAccount(String accountId) implements AccountCommand {
    }

    record DebitForTransfer(String accountId, String transferId, long amount, String currency)
            implements AccountCommand {
    }

    record CreditForTransfer(String accountId, String transferId, long amount, String currency)
            implements AccountCommand {
    }

    record ReverseTransferDebit(String accountId, String transferId, long amount, String currency)
            implements AccountCommand {
    }
}
