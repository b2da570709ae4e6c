package io.ledgerline.command.processing;

import io.ledgerline.mapping.CommandMapper;
import io.ledgerline.message.CommandEnvelope;
import io.ledgerline.message.CommandMetadata;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * A stable digest of what a command asks for, without its metadata: SHA-256 over the command's Avro full name and
 * the Avro binary of the domain command re-encoded with this release's schema, with {@code commandId},
 * {@code expectedVersion} and {@code issuedAt} cleared. Re-encoding the mapped domain record (rather than hashing the
 * received bytes) makes the digest independent of the writer's schema version and of the metadata a retry changes.
 */
final class Fingerprint {

    static final int LENGTH = 32;

    private static final CommandMetadata CLEARED = new CommandMetadata("", null, Instant.EPOCH);

    private Fingerprint() {
    }

    static byte[] of(CommandEnvelope envelope) {
        SpecificRecord normalized = CommandMapper.toAvro(new CommandEnvelope(CLEARED, envelope.command()));
        MessageDigest sha256 = sha256();
        sha256.update(normalized.getSchema().getFullName().getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) 0);
        sha256.update(avroBinary(normalized));
        return sha256.digest();
    }

    private static byte[] avroBinary(SpecificRecord record) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
        try {
            new SpecificDatumWriter<SpecificRecord>(record.getSchema()).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + record.getSchema().getFullName(), e);
        }
        return bytes.toByteArray();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
