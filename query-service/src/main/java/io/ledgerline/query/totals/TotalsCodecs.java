package io.ledgerline.query.totals;

import io.ledgerline.query.projection.BinaryCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The ledger totals' store value (format 1) and their delta (format 2: summed deltas with their count, in the
 * pending-totals store and on the by-currency topic; format 1 was one event's delta, still read).
 */
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
            return 2;
        }

        @Override
        public void write(TotalsDelta delta, DataOutput out) throws IOException {
            out.writeLong(delta.balance());
            out.writeLong(delta.accounts());
            out.writeLong(delta.changes());
        }

        @Override
        public TotalsDelta read(DataInput in) throws IOException {
            return new TotalsDelta(in.readLong(), in.readLong(), in.readLong());
        }

        /** Format 1, one event's delta: still on the by-currency topic of a version written before format 2. */
        @Override
        public TotalsDelta readFormer(byte format, DataInput in) throws IOException {
            return format == 1 ? new TotalsDelta(in.readLong(), in.readInt(), 1) : null;
        }
    }
}
