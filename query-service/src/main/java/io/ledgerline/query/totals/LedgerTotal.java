package io.ledgerline.query.totals;

/**
 * The ledger's total in one currency: the sum of all account balances (deposits minus withdrawals: transfers move
 * money between accounts and sum to zero once settled) and the number of accounts not closed.
 *
 * @param version how many applied account events changed it
 */
public record LedgerTotal(String currency, long balance, long accounts, long version) {

    public LedgerTotal plus(TotalsDelta delta) {
        return new LedgerTotal(currency, Math.addExact(balance, delta.balance()),
                Math.addExact(accounts, delta.accounts()), Math.addExact(version, delta.changes()));
    }
}
