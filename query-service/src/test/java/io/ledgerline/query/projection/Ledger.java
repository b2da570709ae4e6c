package io.ledgerline.query.projection;

import io.ledgerline.account.AccountEvent;
import io.ledgerline.account.DeclineReason;
import io.ledgerline.message.EventEnvelope;
import io.ledgerline.message.EventMetadata;
import io.ledgerline.message.LedgerEvent;
import io.ledgerline.transfer.TransferEvent;
import java.time.Duration;
import java.time.Instant;

/**
 * Events as the command processor records them, for tests: each at an explicit aggregate version, occurring one
 * second after the previous one built by this instance, from {@link #START}.
 */
public final class Ledger {

    public static final Instant START = Instant.parse("2026-01-05T09:00:00Z");

    private Instant clock = START;
    private int sequence;

    public EventEnvelope at(long version, LedgerEvent event) {
        clock = clock.plus(Duration.ofSeconds(1));
        String commandId = "cmd-" + (++sequence);
        return new EventEnvelope(new EventMetadata(commandId + ":0", version, clock, commandId), event);
    }

    /** Moves this ledger's clock to {@code instant}; later events follow it. */
    public Ledger time(Instant instant) {
        clock = instant;
        return this;
    }

    public EventEnvelope opened(String account, String customer, String currency, long version) {
        return at(version, new AccountEvent.AccountOpened(account, customer, currency, "Holder of " + account));
    }

    public EventEnvelope deposited(String account, long amount, long version) {
        return at(version, new AccountEvent.MoneyDeposited(account, amount, "EUR", "ref-" + version));
    }

    public EventEnvelope withdrawn(String account, long amount, long version) {
        return at(version, new AccountEvent.MoneyWithdrawn(account, amount, "EUR", null));
    }

    public EventEnvelope frozen(String account, long version) {
        return at(version, new AccountEvent.AccountFrozen(account, "review"));
    }

    public EventEnvelope closed(String account, long version) {
        return at(version, new AccountEvent.AccountClosed(account));
    }

    public EventEnvelope requested(String transfer, String from, String to, long amount) {
        return at(1, new TransferEvent.TransferRequested(transfer, from, to, amount, "EUR", "rent"));
    }

    public EventEnvelope debited(String account, String transfer, long amount, long version) {
        return at(version, new AccountEvent.TransferDebited(account, transfer, amount, "EUR"));
    }

    public EventEnvelope debitDeclined(String account, String transfer, long amount, long version) {
        return at(version, new AccountEvent.TransferDebitDeclined(account, transfer, amount, "EUR",
                DeclineReason.INSUFFICIENT_FUNDS, "not enough money"));
    }

    public EventEnvelope credited(String account, String transfer, long amount, long version) {
        return at(version, new AccountEvent.TransferCredited(account, transfer, amount, "EUR"));
    }

    public EventEnvelope creditDeclined(String account, String transfer, long amount, long version) {
        return at(version, new AccountEvent.TransferCreditDeclined(account, transfer, amount, "EUR",
                DeclineReason.ACCOUNT_FROZEN, "frozen"));
    }

    public EventEnvelope reversed(String account, String transfer, long amount, long version) {
        return at(version, new AccountEvent.TransferDebitReversed(account, transfer, amount, "EUR"));
    }

    public EventEnvelope completed(String transfer) {
        return at(2, new TransferEvent.TransferCompleted(transfer));
    }

    public EventEnvelope failed(String transfer, DeclineReason reason, boolean compensated) {
        return at(2, new TransferEvent.TransferFailed(transfer, reason, "failed", compensated));
    }
}
