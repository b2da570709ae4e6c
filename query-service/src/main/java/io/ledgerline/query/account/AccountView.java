package io.ledgerline.query.account;

import io.ledgerline.account.AccountEvent;
import io.ledgerline.message.EventEnvelope;
import io.ledgerline.streams.PoisonRecordException;
import java.time.Instant;

/**
 * The account view: one account as its events left it. {@link #evolve} is the fold; it is pure and knows nothing of
 * versions beyond stamping them (the projection decides what applies).
 *
 * @param version   the version of the last event applied: the aggregate's version
 * @param updatedAt when that event occurred
 */
public record AccountView(
        String accountId, String customerId, String holderName, String currency, long balance, AccountStatus status,
        long version, Instant updatedAt) {

    /** The view after {@code envelope}, an account event; {@code current} is null before the account is opened. */
    public static AccountView evolve(AccountView current, EventEnvelope envelope) {
        AccountEvent event = (AccountEvent) envelope.event();
        long version = envelope.meta().version();
        Instant at = envelope.meta().occurredAt();
        if (event instanceof AccountEvent.AccountOpened opened) {
            if (current != null) {
                throw new PoisonRecordException("account " + opened.accountId() + " is opened again at version "
                        + version + "; it was opened before");
            }
            return new AccountView(opened.accountId(), opened.customerId(), opened.holderName(), opened.currency(), 0,
                    AccountStatus.OPEN, version, at);
        }
        if (current == null) {
            throw new PoisonRecordException("event " + event.getClass().getSimpleName() + " of account "
                    + event.accountId() + " at version " + version + " comes before the account was opened");
        }
        long movement = movement(event);
        if (movement != 0) {
            return new AccountView(current.accountId, current.customerId, current.holderName, current.currency,
                    Math.addExact(current.balance, movement), current.status, version, at);
        }
        AccountStatus status = current.status;
        if (event instanceof AccountEvent.AccountFrozen) {
            status = AccountStatus.FROZEN;
        } else if (event instanceof AccountEvent.AccountUnfrozen) {
            status = AccountStatus.OPEN;
        } else if (event instanceof AccountEvent.AccountClosed) {
            status = AccountStatus.CLOSED;
        }
        // Declines (and zero-amount moves, which the command side refuses) change nothing but the version.
        return new AccountView(current.accountId, current.customerId, current.holderName, current.currency,
                current.balance, status, version, at);
    }

    /** The signed change an event makes to the balance: credits positive, debits negative, anything else 0. */
    public static long movement(AccountEvent event) {
        if (event instanceof AccountEvent.MoneyDeposited e) {
            return e.amount();
        }
        if (event instanceof AccountEvent.TransferCredited e) {
            return e.amount();
        }
        if (event instanceof AccountEvent.TransferDebitReversed e) {
            return e.amount();
        }
        if (event instanceof AccountEvent.MoneyWithdrawn e) {
            return -e.amount();
        }
        if (event instanceof AccountEvent.TransferDebited e) {
            return -e.amount();
        }
        return 0;
    }

    /** The transfer an account event belongs to, or null for the account's own events. */
    public static String transferId(AccountEvent event) {
        if (event instanceof AccountEvent.TransferDebited e) {
            return e.transferId();
        }
        if (event instanceof AccountEvent.TransferDebitDeclined e) {
            return e.transferId();
        }
        if (event instanceof AccountEvent.TransferCredited e) {
            return e.transferId();
        }
        if (event instanceof AccountEvent.TransferCreditDeclined e) {
            return e.transferId();
        }
        if (event instanceof AccountEvent.TransferDebitReversed e) {
            return e.transferId();
        }
        return null;
    }
}
