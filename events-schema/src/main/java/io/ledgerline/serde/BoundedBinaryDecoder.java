package io.ledgerline.serde;

import static io.ledgerline.serde.WireFormatException.Reason.LENGTH_EXCEEDS_RECORD;
import static io.ledgerline.serde.WireFormatException.Reason.MALFORMED_DATA;
import static io.ledgerline.serde.WireFormatException.Reason.TRUNCATED;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * Avro binary decoding of one record held in an array, which checks every declared length against the bytes that
 * are left before anything is allocated.
 *
 * <p>Why not Avro's own {@code BinaryDecoder}: in Avro 1.12.1 its {@code readString} sizes a buffer from the declared
 * length before it reads, so a 20-byte record that declares a 2 GiB string allocates 2 GiB (or fails with
 * {@link OutOfMemoryError}) before the end of input is noticed. Here a string, bytes or fixed value longer than
 * the rest of the record, and an array or map block with more items than bytes left, fail at once.
 *
 * <p>Consequence of the block check: an array whose items encode to zero bytes (nulls, empty records) cannot
 * declare more items than there are bytes left in the record. Ledgerline's contract has no such arrays.
 */
final class BoundedBinaryDecoder extends Decoder {

    private final byte[] buf;
    private final int limit;
    private int pos;

    BoundedBinaryDecoder(byte[] buf, int offset, int length) {
        this.buf = buf;
        this.pos = offset;
        this.limit = offset + length;
    }

    /** Bytes not read yet. */
    int remaining() {
        return limit - pos;
    }

    @Override
    public void readNull() {
    }

    @Override
    public boolean readBoolean() {
        require(1);
        byte b = buf[pos++];
        if (b == 1) {
            return true;
        }
        if (b == 0) {
            return false;
        }
        throw new DecodeFailure(MALFORMED_DATA, "boolean byte " + b + " is neither 0 nor 1");
    }

    @Override
    public int readInt() {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (pos >= limit) {
                throw truncated(1);
            }
            int b = buf[pos++];
            value |= (b & 0x7F) << shift;
            if (b >= 0) {
                return (value >>> 1) ^ -(value & 1);
            }
        }
        throw new DecodeFailure(MALFORMED_DATA, "int varint longer than 5 bytes");
    }

    @Override
    public long readLong() {
        long value = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (pos >= limit) {
                throw truncated(1);
            }
            long b = buf[pos++];
            value |= (b & 0x7F) << shift;
            if (b >= 0) {
                return (value >>> 1) ^ -(value & 1);
            }
        }
        throw new DecodeFailure(MALFORMED_DATA, "long varint longer than 10 bytes");
    }

    @Override
    public float readFloat() {
        require(4);
        int bits = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8 | (buf[pos + 2] & 0xFF) << 16
                | (buf[pos + 3] & 0xFF) << 24;
        pos += 4;
        return Float.intBitsToFloat(bits);
    }

    @Override
    public double readDouble() {
        require(8);
        long bits = 0;
        for (int i = 7; i >= 0; i--) {
            bits = bits << 8 | (buf[pos + i] & 0xFF);
        }
        pos += 8;
        return Double.longBitsToDouble(bits);
    }

    @Override
    public Utf8 readString(Utf8 old) {
        int length = readLength("string");
        Utf8 result = old != null ? old : new Utf8();
        result.setByteLength(length);
        System.arraycopy(buf, pos, result.getBytes(), 0, length);
        pos += length;
        return result;
    }

    @Override
    public String readString() {
        int length = readLength("string");
        String result = new String(buf, pos, length, StandardCharsets.UTF_8);
        pos += length;
        return result;
    }

    @Override
    public void skipString() {
        pos += readLength("string");
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) {
        int length = readLength("bytes");
        ByteBuffer result;
        if (old != null && old.capacity() >= length) {
            result = old;
            result.clear();
        } else {
            result = ByteBuffer.allocate(length);
        }
        result.put(buf, pos, length).flip();
        pos += length;
        return result;
    }

    @Override
    public void skipBytes() {
        pos += readLength("bytes");
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) {
        require(length);
        System.arraycopy(buf, pos, bytes, start, length);
        pos += length;
    }

    @Override
    public void skipFixed(int length) {
        require(length);
        pos += length;
    }

    @Override
    public int readEnum() {
        return readInt();
    }

    @Override
    public long readArrayStart() {
        return readBlockCount("array");
    }

    @Override
    public long arrayNext() {
        return readBlockCount("array");
    }

    @Override
    public long skipArray() {
        return skipSizedBlocks("array");
    }

    @Override
    public long readMapStart() {
        return readBlockCount("map");
    }

    @Override
    public long mapNext() {
        return readBlockCount("map");
    }

    @Override
    public long skipMap() {
        return skipSizedBlocks("map");
    }

    @Override
    public int readIndex() {
        return readInt();
    }

    /** The item count of the next block; a negative count is followed by the block's size in bytes. */
    private long readBlockCount(String what) {
        long count = readLong();
        if (count < 0) {
            readBlockSize(what);
            count = -count;
        }
        checkCount(count, what);
        return count;
    }

    /** Skips blocks that declare their size; returns the item count of the first block that does not (0 at end). */
    private long skipSizedBlocks(String what) {
        long count = readLong();
        while (count < 0) {
            checkCount(-count, what);
            pos += readBlockSize(what);
            count = readLong();
        }
        checkCount(count, what);
        return count;
    }

    private int readBlockSize(String what) {
        long size = readLong();
        if (size < 0) {
            throw new DecodeFailure(MALFORMED_DATA, what + " block declares a negative size " + size);
        }
        return checkLength(size, what + " block");
    }

    private void checkCount(long count, String what) {
        if (count < 0) {
            throw new DecodeFailure(MALFORMED_DATA, what + " block declares an invalid count " + count);
        }
        if (count > remaining()) {
            throw new DecodeFailure(LENGTH_EXCEEDS_RECORD, what + " block declares " + count
                    + " items but only " + remaining() + " bytes remain");
        }
    }

    private int readLength(String what) {
        long length = readLong();
        if (length < 0) {
            throw new DecodeFailure(MALFORMED_DATA, what + " declares a negative length " + length);
        }
        return checkLength(length, what);
    }

    private int checkLength(long length, String what) {
        if (length > remaining()) {
            throw new DecodeFailure(LENGTH_EXCEEDS_RECORD, what + " declares " + length + " bytes but only "
                    + remaining() + " remain");
        }
        return (int) length;
    }

    private void require(int length) {
        if (length > remaining()) {
            throw truncated(length);
        }
    }

    private DecodeFailure truncated(int wanted) {
        return new DecodeFailure(TRUNCATED, "record ends " + (wanted - remaining())
                + " byte(s) early at offset " + pos);
    }
}
