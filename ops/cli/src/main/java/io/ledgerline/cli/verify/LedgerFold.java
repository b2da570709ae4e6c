package io.ledgerline.cli.verify;

import io.ledgerline.account.AccountEvent;
import io.ledgerline.message.EventEnvelope;
import io.ledgerline.transfer.TransferEvent;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ledger as {@code ledger.events} says it is, folded here independently of the query service's projections:
 * what {@code verify} compares the read models with. Like the projections it applies an aggregate's event only at
 * the aggregate's next version (a duplicate or a gap changes nothing), and a transfer step only once the transfer is
 * known to have been requested.
 *
 * <p>Memory: one {@link Account} per account (ids, customer, currency and four numbers: about 200 bytes) and one
 * {@link Transfer} per transfer (about 100 bytes); totals are derived from the accounts when asked for.
 */
final class LedgerFold {

    enum Status { OPEN, FROZEN, CLOSED }

    /** One account: its view and the version of its last money movement (its last statement line; 0: none). */
    static final class Account {
        final String customerId;
        final String currency;
        long balance;
        Status status = Status.OPEN;
        long version;
        long lastMovement;

        Account(String customerId, String currency) {
            this.customerId = customerId;
            this.currency = currency;
        }
    }

    enum TransferStatus { PENDING, COMPLETED, FAILED }

    /**
     * One transfer: its status, whether it was compensated, and the money it has taken and not yet given. Its account
     * steps may come before its request (they are on other partitions), so it exists from whichever comes first and
     * is {@link #requested} once its request arrived.
     */
    static final class Transfer {
        String currency;
        long amount;
        boolean requested;
        TransferStatus status = TransferStatus.PENDING;
        boolean compensated;
        long version;
        long inFlight;

        Transfer(String currency) {
            this.currency = currency;
        }
    }

    private final Map<String, Account> accounts = new TreeMap<>();
    private final Map<String, Transfer> transfers = new TreeMap<>();
    private final Map<String, Long> depositsMinusWithdrawals = new TreeMap<>();
    private long skipped;

    /** Applies one decoded event; returns false (and counts it) when its version is not the aggregate's next. */
    boolean apply(EventEnvelope envelope) {
        boolean applied = envelope.event() instanceof TransferEvent event
                ? applyTransfer(event, envelope.meta().version())
                : applyAccount((AccountEvent) envelope.event(), envelope.meta().version());
        if (!applied) {
            skipped++;
        }
        return applied;
    }

    private boolean applyAccount(AccountEvent event, long version) {
        Account account = accounts.get(event.accountId());
        if (event instanceof AccountEvent.AccountOpened opened) {
            if (account != null || version != 1) {
                return false;
            }
            account = new Account(opened.customerId(), opened.currency());
            account.version = version;
            accounts.put(opened.accountId(), account);
            return true;
        }
        if (account == null || version != account.version + 1) {
            return false;
        }
        account.version = version;
        long movement = movement(event);
        if (event instanceof AccountEvent.MoneyDeposited || event instanceof AccountEvent.MoneyWithdrawn) {
            depositsMinusWithdrawals.merge(account.currency, movement, Long::sum);
        } else if (event instanceof AccountEvent.AccountFrozen) {
            account.status = Status.FROZEN;
        } else if (event instanceof AccountEvent.AccountUnfrozen) {
            account.status = Status.OPEN;
        } else if (event instanceof AccountEvent.AccountClosed) {
            account.status = Status.CLOSED;
        }
        if (movement != 0) {
            account.balance = Math.addExact(account.balance, movement);
            account.lastMovement = version;
        }
        String transferId = transferIdOf(event);
        if (transferId != null) {
            String currency = account.currency;
            Transfer transfer = transfers.computeIfAbsent(transferId, id -> new Transfer(currency));
            // A transfer's money is in flight between its debit and its credit or reversal.
            transfer.inFlight -= movement;
            transfer.compensated |= event instanceof AccountEvent.TransferDebitReversed;
        }
        return true;
    }

    private boolean applyTransfer(TransferEvent event, long version) {
        Transfer transfer = transfers.computeIfAbsent(event.transferId(), id -> new Transfer(null));
        boolean request = event instanceof TransferEvent.TransferRequested;
        if (version != transfer.version + 1 || transfer.requested == request) {
            return false;
        }
        if (event instanceof TransferEvent.TransferRequested requested) {
            transfer.requested = true;
            transfer.amount = requested.amount();
            transfer.currency = requested.currency();
            transfer.version = version;
            return true;
        }
        transfer.version = version;
        if (event instanceof TransferEvent.TransferFailed failed) {
            transfer.status = TransferStatus.FAILED;
            transfer.compensated |= failed.compensated();
        } else {
            transfer.status = TransferStatus.COMPLETED;
        }
        return true;
    }

    /** What the event adds to the account's balance. */
    private static long movement(AccountEvent event) {
        if (event instanceof AccountEvent.MoneyDeposited e) {
            return e.amount();
        } else if (event instanceof AccountEvent.MoneyWithdrawn e) {
            return -e.amount();
        } else if (event instanceof AccountEvent.TransferDebited e) {
            return -e.amount();
        } else if (event instanceof AccountEvent.TransferCredited e) {
            return e.amount();
        } else if (event instanceof AccountEvent.TransferDebitReversed e) {
            return e.amount();
        }
        return 0;
    }

    /** The transfer an account event is a step of, or null. */
    private static String transferIdOf(AccountEvent event) {
        if (event instanceof AccountEvent.TransferDebited e) {
            return e.transferId();
        } else if (event instanceof AccountEvent.TransferCredited e) {
            return e.transferId();
        } else if (event instanceof AccountEvent.TransferDebitReversed e) {
            return e.transferId();
        } else if (event instanceof AccountEvent.TransferDebitDeclined e) {
            return e.transferId();
        } else if (event instanceof AccountEvent.TransferCreditDeclined e) {
            return e.transferId();
        }
        return null;
    }

    Map<String, Account> accounts() {
        return accounts;
    }

    Map<String, Transfer> transfers() {
        return transfers;
    }

    /** Events not applied: duplicates, gaps, steps of unknown transfers. */
    long skipped() {
        return skipped;
    }

    /** Per currency: the sum of the balances and the number of accounts not closed. */
    Map<String, long[]> totals() {
        Map<String, long[]> totals = new TreeMap<>();
        accounts.values().forEach(account -> {
            long[] total = totals.computeIfAbsent(account.currency, c -> new long[2]);
            total[0] += account.balance;
            total[1] += account.status == Status.CLOSED ? 0 : 1;
        });
        depositsMinusWithdrawals.keySet().forEach(currency -> totals.computeIfAbsent(currency, c -> new long[2]));
        return totals;
    }

    long depositsMinusWithdrawals(String currency) {
        return depositsMinusWithdrawals.getOrDefault(currency, 0L);
    }

    /** Money taken from accounts by transfers of the currency and not (yet) credited or given back. */
    long inFlight(String currency) {
        return transfers.values().stream().filter(t -> currency.equals(t.currency)).mapToLong(t -> t.inFlight).sum();
    }
}
