package io.ledgerline.query.portfolio;

import io.ledgerline.query.account.AccountStatus;
import io.ledgerline.query.account.AccountView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A customer's accounts, ordered by account id, as their views last reached this projection. */
public record Portfolio(String customerId, List<Holding> accounts) {

    /** One account of the portfolio; {@code version} is its account view's. */
    public record Holding(String accountId, String currency, long balance, AccountStatus status, long version) {
    }

    public Portfolio {
        accounts = List.copyOf(accounts);
    }

    /** The portfolio of the view's customer with {@code view} in it; {@code current} is null for a new customer. */
    public static Portfolio with(Portfolio current, AccountView view) {
        return (current == null ? new Portfolio(view.customerId(), List.of()) : current).with(view);
    }

    /**
     * This portfolio with {@code view} in it, unless the portfolio already holds that account at the same or a later
     * version (the by-customer topic keeps each account's order, so that only happens when an input is replayed).
     */
    public Portfolio with(AccountView view) {
        List<Holding> next = new ArrayList<>(accounts.size() + 1);
        for (Holding holding : accounts) {
            if (holding.accountId().equals(view.accountId())) {
                if (holding.version() >= view.version()) {
                    return this;
                }
            } else {
                next.add(holding);
            }
        }
        next.add(new Holding(view.accountId(), view.currency(), view.balance(), view.status(), view.version()));
        next.sort(Comparator.comparing(Holding::accountId));
        return new Portfolio(customerId, next);
    }

    /** The sum of the balances per currency, currencies in order. */
    public Map<String, Long> totals() {
        Map<String, Long> totals = new TreeMap<>();
        accounts.forEach(h -> totals.merge(h.currency(), h.balance(), Math::addExact));
        return totals;
    }

    /** The sum of its accounts' versions: it grows with every change to any of them, so it serves as the ETag. */
    public long version() {
        return accounts.stream().mapToLong(Holding::version).sum();
    }
}
