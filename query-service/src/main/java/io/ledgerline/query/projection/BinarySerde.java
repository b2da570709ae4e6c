package io.ledgerline.query.projection;

import io.ledgerline.streams.BinaryReader;
import io.ledgerline.streams.BinaryWriter;
import io.ledgerline.streams.StateCodecException;
import java.io.IOException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A read model in its store, changelog or repartition topic: a format byte, then the fields as its
 * {@link BinaryCodec} writes them. A format byte its codec does not read is refused with a {@link StateCodecException} (so the
 * record that hit it is dead-lettered, ADR 0006), never guessed at.
 */
public final class BinarySerde<T> implements Serde<T> {

    private final BinaryCodec<T> codec;

    public BinarySerde(BinaryCodec<T> codec) {
        this.codec = codec;
    }

    public byte[] encode(T value) {
        BinaryWriter out = new BinaryWriter(128);
        try {
            out.writeByte(codec.format());
            codec.write(value, out);
        } catch (IOException | RuntimeException e) {
            throw new StateCodecException("cannot encode " + value, e);
        }
        return out.toByteArray();
    }

    public T decode(byte[] data) {
        try {
            BinaryReader in = new BinaryReader(data);
            byte format = in.readByte();
            T value = format == codec.format() ? codec.read(in) : codec.readFormer(format, in);
            if (value == null) {
                throw new StateCodecException("a read model in format " + format + " where this release reads format "
                        + codec.format() + " (" + codec.getClass().getSimpleName() + ")");
            }
            if (in.available() != 0) {
                throw new StateCodecException(in.available() + " byte(s) after a read model ("
                        + codec.getClass().getSimpleName() + ")");
            }
            return value;
        } catch (IOException | IllegalArgumentException | NullPointerException | IndexOutOfBoundsException e) {
            throw new StateCodecException("cannot decode a read model of " + data.length + " bytes ("
                    + codec.getClass().getSimpleName() + ")", e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : encode(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, data) -> data == null ? null : decode(data);
    }
}
