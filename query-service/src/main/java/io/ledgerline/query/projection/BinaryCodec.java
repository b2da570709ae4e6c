package io.ledgerline.query.projection;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * How one read-model type is written after its format byte ({@link BinarySerde}). Fields are written in a fixed
 * order; a codec that changes its fields takes a new format byte, and reads the former one where records in it can
 * still be met after an upgrade ({@link #readFormer}).
 */
public interface BinaryCodec<T> {

    /** The format this codec writes. */
    byte format();

    void write(T value, DataOutput out) throws IOException;

    T read(DataInput in) throws IOException;

    /** A value in an earlier format than {@link #format()}; null when this codec does not read {@code format}. */
    default T readFormer(byte format, DataInput in) throws IOException {
        return null;
    }

    static void writeNullable(DataOutput out, String text) throws IOException {
        out.writeBoolean(text != null);
        if (text != null) {
            out.writeUTF(text);
        }
    }

    static String readNullable(DataInput in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
