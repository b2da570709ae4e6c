package io.ledgerline.query.totals;

/**
 * The ledger's total in one currency: the sum of all account balances (deposits minus withdrawals: transfers move
 * money between accounts and sum to zero once settled) and the number of accounts not closed.
 *
 * @param version how many applied account events changed it
 */
public record LedgerTotal(String currency, long balance, long accounts, long version) {

    /** The total of {@code currency} after {@code delta}; {@code current} is null for a currency not seen yet. */
    public static LedgerTotal plus(LedgerTotal current, String currency, TotalsDelta delta) {
        return (current == null ? new LedgerTotal(currency, 0, 0, 0) : current).plus(delta);
    }

    public LedgerTotal plus(TotalsDelta delta) {
        return new LedgerTotal(currency, Math.addExact(balance, delta.balance()),
                Math.addExact(accounts, delta.accounts()), Math.addExact(version, delta.changes()));
    }
}
