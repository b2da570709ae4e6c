package io.ledgerline.command.processing;

import io.ledgerline.command.domain.Versioned;
import io.ledgerline.streams.BinaryReader;
import io.ledgerline.streams.BinaryWriter;
import io.ledgerline.streams.StateCodecException;
import java.io.IOException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Stores an aggregate's {@link Versioned} state in its state store and changelog: a format byte, the version, then
 * the state as its family's {@link StateFormat} writes it. The format byte lets a later release read what an
 * earlier one stored (and refuse, loudly, what it does not know) instead of guessing from the bytes.
 *
 * <p>The bytes are those of {@link java.io.DataOutputStream} (big-endian, modified UTF-8), written and read through
 * arrays ({@link BinaryWriter}, {@link BinaryReader}): every command decodes one state and encodes one on the stream
 * thread, and the streams' per-call locks and buffers were 7 % of that thread (ADR 0050).
 */
final class VersionedStateSerde<S> implements Serde<Versioned<S>> {

    static final byte FORMAT_V1 = 1;

    private final StateFormat<S> format;

    VersionedStateSerde(StateFormat<S> format) {
        this.format = format;
    }

    byte[] encode(Versioned<S> versioned) {
        BinaryWriter out = new BinaryWriter(64);
        try {
            out.writeByte(FORMAT_V1);
            out.writeLong(versioned.version());
            format.write(versioned.state(), out);
        } catch (IOException e) {
            throw new StateCodecException("cannot encode aggregate state " + versioned, e);
        }
        return out.toByteArray();
    }

    Versioned<S> decode(byte[] data) {
        BinaryReader in = new BinaryReader(data);
        try {
            byte formatByte = in.readByte();
            if (formatByte != FORMAT_V1) {
                throw new StateCodecException("aggregate state in format " + formatByte
                        + "; this release reads format " + FORMAT_V1);
            }
            long version = in.readLong();
            S state = format.read(in);
            if (in.available() != 0) {
                throw new StateCodecException(in.available() + " byte(s) after an aggregate state");
            }
            return new Versioned<>(state, version);
        } catch (IOException | IllegalArgumentException e) {
            throw new StateCodecException("cannot decode aggregate state of " + data.length + " bytes", e);
        }
    }

    @Override
    public Serializer<Versioned<S>> serializer() {
        return (topic, versioned) -> versioned == null ? null : encode(versioned);
    }

    @Override
    public Deserializer<Versioned<S>> deserializer() {
        return (topic, data) -> data == null ? null : decode(data);
    }
}
