package io.ledgerline.query.statement;

import io.ledgerline.account.AccountEvent;
import io.ledgerline.query.account.AccountChange;
import io.ledgerline.query.account.AccountView;
import java.time.Instant;
import java.util.Optional;

/**
 * One line of an account's statement: a movement of money.
 *
 * @param seq          the account version of the event: increasing, not contiguous (status changes and declines
 *                     have versions but no line)
 * @param amount       always positive; {@code type} says the direction
 * @param balanceAfter the balance after this line
 * @param transferId   set for transfer lines
 * @param reference    the depositor's or withdrawer's reference, if any
 */
public record StatementEntry(
        long seq, EntryType type, long amount, long balanceAfter, Instant at, String transferId, String reference) {

    public enum EntryType {
        DEPOSIT,
        WITHDRAWAL,
        TRANSFER_DEBIT,
        TRANSFER_CREDIT,
        TRANSFER_DEBIT_REVERSAL
    }

    /** The line {@code change} puts on the statement, if it moved money. */
    public static Optional<StatementEntry> of(AccountChange change) {
        AccountEvent event = (AccountEvent) change.event().event();
        long movement = AccountView.movement(event);
        if (movement == 0) {
            return Optional.empty();
        }
        EntryType type;
        String reference = null;
        if (event instanceof AccountEvent.MoneyDeposited e) {
            type = EntryType.DEPOSIT;
            reference = e.reference();
        } else if (event instanceof AccountEvent.MoneyWithdrawn e) {
            type = EntryType.WITHDRAWAL;
            reference = e.reference();
        } else if (event instanceof AccountEvent.TransferDebited) {
            type = EntryType.TRANSFER_DEBIT;
        } else if (event instanceof AccountEvent.TransferCredited) {
            type = EntryType.TRANSFER_CREDIT;
        } else {
            type = EntryType.TRANSFER_DEBIT_REVERSAL;
        }
        return Optional.of(new StatementEntry(change.after().version(), type, Math.abs(movement),
                change.after().balance(), change.event().meta().occurredAt(), AccountView.transferId(event),
                reference));
    }
}
