package io.ledgerline.query.totals;

import io.ledgerline.account.AccountEvent;
import io.ledgerline.query.account.AccountChange;
import io.ledgerline.query.account.AccountView;
import java.util.Optional;

/**
 * What applied account events change in their currency's total: the value of the pending-totals store and of the
 * by-currency topic. {@link TotalsCollector} sums the deltas of its task between two flushes into one.
 *
 * @param changes how many applied events the delta sums up (each counts once in {@link LedgerTotal#version()})
 */
public record TotalsDelta(long balance, long accounts, long changes) {

    /** The change {@code change} makes to the totals, if any. */
    public static Optional<TotalsDelta> of(AccountChange change) {
        AccountEvent event = (AccountEvent) change.event().event();
        int accounts = event instanceof AccountEvent.AccountOpened ? 1
                : event instanceof AccountEvent.AccountClosed ? -1 : 0;
        long balance = AccountView.movement(event);
        return balance == 0 && accounts == 0 ? Optional.empty() : Optional.of(new TotalsDelta(balance, accounts, 1));
    }

    public TotalsDelta plus(TotalsDelta other) {
        return new TotalsDelta(Math.addExact(balance, other.balance), Math.addExact(accounts, other.accounts),
                Math.addExact(changes, other.changes));
    }
}
