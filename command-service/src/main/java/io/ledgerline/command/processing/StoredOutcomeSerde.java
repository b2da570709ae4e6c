package io.ledgerline.command.processing;

import io.ledgerline.avro.result.CommandResult;
import io.ledgerline.mapping.OutcomeMapper;
import io.ledgerline.streams.StateCodecException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A {@link StoredOutcome} in the dedupe store: a format byte, the 32-byte fingerprint, then the outcome as the plain
 * Avro binary of {@link CommandResult} (the public result contract, so it evolves with it; no registry involved).
 * When the stored outcome carries the result as published, its Avro binary is copied rather than encoded again: it
 * is the same bytes, written with this release's {@code CommandResult} schema.
 */
final class StoredOutcomeSerde implements Serde<StoredOutcome> {

    static final byte FORMAT_V1 = 1;

    /** The Confluent wire format's header before the Avro binary: magic byte 0, 4-byte schema id (DESIGN.md §6). */
    private static final int WIRE_HEADER = 5;

    private static final SpecificDatumWriter<CommandResult> WRITER = new SpecificDatumWriter<>(CommandResult.class);
    private static final SpecificDatumReader<CommandResult> READER = new SpecificDatumReader<>(CommandResult.class);

    byte[] encode(StoredOutcome stored) {
        byte[] published = stored.publishedResult();
        if (published != null && published.length > WIRE_HEADER && published[0] == 0) {
            byte[] bytes = new byte[1 + Fingerprint.LENGTH + published.length - WIRE_HEADER];
            bytes[0] = FORMAT_V1;
            stored.copyFingerprintTo(bytes, 1);
            System.arraycopy(published, WIRE_HEADER, bytes, 1 + Fingerprint.LENGTH, published.length - WIRE_HEADER);
            return bytes;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(160);
        bytes.write(FORMAT_V1);
        bytes.writeBytes(stored.fingerprint());
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
        try {
            WRITER.write(OutcomeMapper.toAvro(stored.outcome()), encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new StateCodecException("cannot encode " + stored, e);
        }
        return bytes.toByteArray();
    }

    StoredOutcome decode(byte[] data) {
        if (data.length < 1 + Fingerprint.LENGTH || data[0] != FORMAT_V1) {
            throw new StateCodecException("not a stored outcome in format " + FORMAT_V1 + " (" + data.length
                    + " bytes, format byte " + (data.length == 0 ? "missing" : data[0]) + ")");
        }
        byte[] fingerprint = Arrays.copyOfRange(data, 1, 1 + Fingerprint.LENGTH);
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, 1 + Fingerprint.LENGTH,
                data.length - 1 - Fingerprint.LENGTH, null);
        try {
            return new StoredOutcome(fingerprint, OutcomeMapper.fromAvro(READER.read(null, decoder)));
        } catch (IOException | RuntimeException e) {
            throw new StateCodecException("cannot decode a stored outcome of " + data.length + " bytes", e);
        }
    }

    @Override
    public Serializer<StoredOutcome> serializer() {
        return (topic, stored) -> stored == null ? null : encode(stored);
    }

    @Override
    public Deserializer<StoredOutcome> deserializer() {
        return (topic, data) -> data == null ? null : decode(data);
    }
}
