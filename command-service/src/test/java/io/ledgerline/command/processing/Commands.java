package io.ledgerline.command.processing;

import io.ledgerline.account.AccountCommand;
import io.ledgerline.message.CommandEnvelope;
import io.ledgerline.message.CommandMetadata;
import io.ledgerline.message.LedgerCommand;
import io.ledgerline.transfer.TransferCommand;
import java.time.Instant;

/** Command envelopes for processor tests. */
final class Commands {

    static final Instant ISSUED_AT = Instant.parse("2026-01-05T09:00:00Z");

    private Commands() {
    }

    static CommandEnvelope envelope(String commandId, LedgerCommand command) {
        return new CommandEnvelope(new CommandMetadata(commandId, null, ISSUED_AT), command);
    }

    static CommandEnvelope expecting(long version, String commandId, LedgerCommand command) {
        return new CommandEnvelope(new CommandMetadata(commandId, version, ISSUED_AT), command);
    }

    static CommandEnvelope with(String commandId, Long expectedVersion, Instant issuedAt, LedgerCommand command) {
        return new CommandEnvelope(new CommandMetadata(commandId, expectedVersion, issuedAt), command);
    }

    static CommandEnvelope open(String commandId, String accountId) {
        return envelope(commandId, new AccountCommand.OpenAccount(accountId, "cust-1", "EUR", "Ada Lovelace"));
    }

    static CommandEnvelope deposit(String commandId, String accountId, long amount) {
        return envelope(commandId, new AccountCommand.DepositMoney(accountId, amount, "salary"));
    }

    static CommandEnvelope withdraw(String commandId, String accountId, long amount) {
        return envelope(commandId, new AccountCommand.WithdrawMoney(accountId, amount, null));
    }

    static CommandEnvelope requestTransfer(String commandId, String transferId) {
        return envelope(commandId, new TransferCommand.RequestTransfer(transferId, "acc-a", "acc-b", 500, "EUR",
                "rent"));
    }
}
