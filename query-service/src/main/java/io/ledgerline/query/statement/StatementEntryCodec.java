package io.ledgerline.query.statement;

import io.ledgerline.query.projection.BinaryCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;

/** {@link StatementEntry} in format 1. */
public final class StatementEntryCodec implements BinaryCodec<StatementEntry> {

    @Override
    public byte format() {
        return 1;
    }

    @Override
    public void write(StatementEntry entry, DataOutput out) throws IOException {
        out.writeLong(entry.seq());
        out.writeByte(entry.type().ordinal());
        out.writeLong(entry.amount());
        out.writeLong(entry.balanceAfter());
        out.writeLong(entry.at().getEpochSecond());
        out.writeInt(entry.at().getNano());
        BinaryCodec.writeNullable(out, entry.transferId());
        BinaryCodec.writeNullable(out, entry.reference());
    }

    @Override
    public StatementEntry read(DataInput in) throws IOException {
        return new StatementEntry(in.readLong(), StatementEntry.EntryType.values()[in.readByte()], in.readLong(),
                in.readLong(), Instant.ofEpochSecond(in.readLong(), in.readInt()), BinaryCodec.readNullable(in),
                BinaryCodec.readNullable(in));
    }
}
