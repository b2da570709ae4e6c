package io.ledgerline.query.statement;

/**
 * Keys of the statement store: the account id, a NUL, and the sequence number as 19 zero-padded digits, so that one
 * account's lines are contiguous and in sequence order in RocksDB and a page is one range scan. Account ids never
 * contain NUL (the command API refuses control characters), and every other character sorts after it, so no other
 * account's lines fall inside the range.
 */
public final class StatementKeys {

    private StatementKeys() {
    }

    public static String of(String accountId, long seq) {
        return accountId + '\u0000' + String.format("%019d", seq);
    }

    /** The first key after sequence {@code after} of the account. */
    public static String from(String accountId, long after) {
        return of(accountId, after + 1);
    }

    /** The last possible key of the account. */
    public static String to(String accountId) {
        return of(accountId, Long.MAX_VALUE);
    }
}
