package io.ledgerline.query.activity;

import io.ledgerline.query.projection.BinaryCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.LocalDate;

/** {@link DailyActivity} in format 1. */
public final class DailyActivityCodec implements BinaryCodec<DailyActivity> {

    @Override
    public byte format() {
        return 1;
    }

    @Override
    public void write(DailyActivity activity, DataOutput out) throws IOException {
        out.writeLong(activity.day().toEpochDay());
        out.writeLong(activity.debits());
        out.writeLong(activity.credits());
        out.writeInt(activity.count());
    }

    @Override
    public DailyActivity read(DataInput in) throws IOException {
        return new DailyActivity(LocalDate.ofEpochDay(in.readLong()), in.readLong(), in.readLong(), in.readInt());
    }
}
