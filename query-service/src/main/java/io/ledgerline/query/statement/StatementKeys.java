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
        if (seq < 0) {
            // Only a range bound below every line; the sign goes first, as String.format puts it.
            return accountId + '\u0000' + String.format("%019d", seq);
        }
        // Zero-padded by hand: String.format cost more than the rest of the statement line (ADR 0028).
        String digits = Long.toString(seq);
        StringBuilder key = new StringBuilder(accountId.length() + 20).append(accountId).append('\u0000');
        for (int pad = 19 - digits.length(); pad > 0; pad--) {
            key.append('0');
        }
        return key.append(digits).toString();
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
