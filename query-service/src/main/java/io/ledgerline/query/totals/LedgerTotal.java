package io.ledgerline.query.totals;

/**
 * The ledger's total in one currency: the sum of all account balances (deposits minus withdrawals: transfers move
 * money between accounts and sum to zero once settled) and the number of accounts not closed.
 *
 * @param version how many changes made it; increases with each
 */
public record LedgerTotal(String currency, long balance, long accounts, long version) {

    public LedgerTotal plus(TotalsDelta delta) {
        return new LedgerTotal(currency, Math.addExact(balance, delta.balance()),
                accounts + delta.accounts(), version + 1);
    }
}
