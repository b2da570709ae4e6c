package io.ledgerline.query.account;

import io.ledgerline.query.projection.BinaryCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;

/** {@link AccountView} in format 1; also the value of the by-customer repartition topic. */
public final class AccountViewCodec implements BinaryCodec<AccountView> {

    @Override
    public byte format() {
        return 1;
    }

    @Override
    public void write(AccountView view, DataOutput out) throws IOException {
        out.writeUTF(view.accountId());
        out.writeUTF(view.customerId());
        BinaryCodec.writeNullable(out, view.holderName());
        out.writeUTF(view.currency());
        out.writeLong(view.balance());
        out.writeByte(view.status().ordinal());
        out.writeLong(view.version());
        out.writeLong(view.updatedAt().getEpochSecond());
        out.writeInt(view.updatedAt().getNano());
    }

    @Override
    public AccountView read(DataInput in) throws IOException {
        return new AccountView(in.readUTF(), in.readUTF(), BinaryCodec.readNullable(in), in.readUTF(), in.readLong(),
                AccountStatus.values()[in.readByte()], in.readLong(), Instant.ofEpochSecond(in.readLong(), in.readInt()));
    }
}
