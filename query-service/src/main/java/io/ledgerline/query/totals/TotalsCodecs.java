package io.ledgerline.query.totals;

import io.ledgerline.query.projection.BinaryCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** The ledger totals' store value and repartition value, both in format 1. */
public final class TotalsCodecs {

    private TotalsCodecs() {
    }

    public static final class Total implements BinaryCodec<LedgerTotal> {

        @Override
        public byte format() {
            return 1;
        }

        @Override
        public void write(LedgerTotal total, DataOutput out) throws IOException {
            out.writeUTF(total.currency());
            out.writeLong(total.balance());
            out.writeLong(total.accounts());
            out.writeLong(total.version());
        }

        @Override
        public LedgerTotal read(DataInput in) throws IOException {
            return new LedgerTotal(in.readUTF(), in.readLong(), in.readLong(), in.readLong());
        }
    }

    public static final class Delta implements BinaryCodec<TotalsDelta> {

        @Override
        public byte format() {
            return 1;
        }

        @Override
        public void write(TotalsDelta delta, DataOutput out) throws IOException {
            out.writeLong(delta.balance());
            out.writeInt(delta.accounts());
        }

        @Override
        public TotalsDelta read(DataInput in) throws IOException {
            return new TotalsDelta(in.readLong(), in.readInt());
        }
    }
}
