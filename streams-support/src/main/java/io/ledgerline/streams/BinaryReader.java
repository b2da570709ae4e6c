package io.ledgerline.streams;

import java.io.DataInput;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A {@link DataInput} over an array, reading what {@link BinaryWriter} and {@link java.io.DataOutputStream} write,
 * without {@link DataInputStream}'s stream and lock overhead. Reading past the end is an {@link EOFException}.
 */
public final class BinaryReader implements DataInput {

    private final byte[] bytes;
    private int position;

    public BinaryReader(byte[] bytes) {
        this.bytes = bytes;
    }

    public int available() {
        return bytes.length - position;
    }

    private int take(int count) throws EOFException {
        if (count > bytes.length - position) {
            throw new EOFException("needs " + count + " byte(s) at " + position + " of " + bytes.length);
        }
        int at = position;
        position += count;
        return at;
    }

    @Override
    public void readFully(byte[] b) throws IOException {
        readFully(b, 0, b.length);
    }

    @Override
    public void readFully(byte[] b, int off, int len) throws IOException {
        System.arraycopy(bytes, take(len), b, off, len);
    }

    @Override
    public int skipBytes(int n) {
        int skipped = Math.max(0, Math.min(n, available()));
        position += skipped;
        return skipped;
    }

    @Override
    public boolean readBoolean() throws IOException {
        return bytes[take(1)] != 0;
    }

    @Override
    public byte readByte() throws IOException {
        return bytes[take(1)];
    }

    @Override
    public int readUnsignedByte() throws IOException {
        return bytes[take(1)] & 0xFF;
    }

    @Override
    public short readShort() throws IOException {
        return (short) readUnsignedShort();
    }

    @Override
    public int readUnsignedShort() throws IOException {
        int at = take(2);
        return (bytes[at] & 0xFF) << 8 | bytes[at + 1] & 0xFF;
    }

    @Override
    public char readChar() throws IOException {
        return (char) readUnsignedShort();
    }

    @Override
    public int readInt() throws IOException {
        int at = take(4);
        int value = 0;
        for (int i = 0; i < 4; i++) {
            value = value << 8 | bytes[at + i] & 0xFF;
        }
        return value;
    }

    @Override
    public long readLong() throws IOException {
        int at = take(8);
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = value << 8 | bytes[at + i] & 0xFF;
        }
        return value;
    }

    @Override
    public float readFloat() throws IOException {
        return Float.intBitsToFloat(readInt());
    }

    @Override
    public double readDouble() throws IOException {
        return Double.longBitsToDouble(readLong());
    }

    /** Not used by the codecs: a line has no place in a binary format. */
    @Override
    public String readLine() {
        throw new UnsupportedOperationException("readLine");
    }

    /**
     * Modified UTF-8 after a two-byte length. ASCII (every id and currency) is copied straight into a string; anything
     * else is read by {@link DataInputStream#readUTF(DataInput)}, which also refuses malformed input.
     */
    @Override
    public String readUTF() throws IOException {
        int start = position;
        int length = readUnsignedShort();
        int at = take(length);
        for (int i = at; i < at + length; i++) {
            if (bytes[i] <= 0) {
                position = start;
                return DataInputStream.readUTF(this);
            }
        }
        return new String(bytes, at, length, StandardCharsets.ISO_8859_1);
    }
}
