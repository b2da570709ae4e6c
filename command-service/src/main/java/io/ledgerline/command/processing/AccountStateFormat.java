package io.ledgerline.command.processing;

import io.ledgerline.account.AccountState;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** {@link AccountState} in a state store: a tag byte per variant, then its fields in declaration order. */
final class AccountStateFormat implements StateFormat<AccountState> {

    private static final byte NOT_OPENED = 0;
    private static final byte OPEN = 1;
    private static final byte CLOSED = 2;

    @Override
    public void write(AccountState state, DataOutput out) throws IOException {
        if (state instanceof AccountState.NotOpened) {
            out.writeByte(NOT_OPENED);
        } else if (state instanceof AccountState.Open open) {
            out.writeByte(OPEN);
            out.writeUTF(open.customerId());
            out.writeUTF(open.currency());
            out.writeLong(open.balance());
            out.writeBoolean(open.frozen());
        } else if (state instanceof AccountState.Closed closed) {
            out.writeByte(CLOSED);
            out.writeUTF(closed.customerId());
            out.writeUTF(closed.currency());
            out.writeLong(closed.balance());
        } else {
            throw new IllegalArgumentException("no format for account state " + state);
        }
    }

    @Override
    public AccountState read(DataInput in) throws IOException {
        byte tag = in.readByte();
        switch (tag) {
            case NOT_OPENED:
                return AccountState.notOpened();
            case OPEN:
                return new AccountState.Open(in.readUTF(), in.readUTF(), in.readLong(), in.readBoolean());
            case CLOSED:
                return new AccountState.Closed(in.readUTF(), in.readUTF(), in.readLong());
            default:
                throw new IOException("unknown account state tag " + tag);
        }
    }
}
