package io.ledgerline.query.totals;

import io.ledgerline.account.AccountEvent;
import io.ledgerline.query.account.AccountChange;
import io.ledgerline.query.account.AccountView;
import java.util.Optional;

/** What one applied account event changes in its currency's total; the value of the by-currency topic. */
public record TotalsDelta(long balance, int accounts) {

    /** The change {@code change} makes to the totals, if any. */
    public static Optional<TotalsDelta> of(AccountChange change) {
        AccountEvent event = (AccountEvent) change.event().event();
        int accounts = event instanceof AccountEvent.AccountOpened ? 1
                : event instanceof AccountEvent.AccountClosed ? -1 : 0;
        long balance = AccountView.movement(event);
        return balance == 0 && accounts == 0 ? Optional.empty() : Optional.of(new TotalsDelta(balance, accounts));
    }
}
