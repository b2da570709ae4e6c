package io.ledgerline.command.processing;

import io.ledgerline.mapping.CommandMapper;
import io.ledgerline.message.CommandEnvelope;
import io.ledgerline.message.CommandMetadata;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * A stable digest of what a command asks for, without its metadata: SHA-256 over the command's Avro full name and
 * the Avro binary of the domain command re-encoded with this release's schema, with {@code commandId},
 * {@code expectedVersion} and {@code issuedAt} cleared. Re-encoding the mapped domain record (rather than hashing the
 * received bytes) makes the digest independent of the writer's schema version and of the metadata a retry changes.
 *
 * <p>It runs once per command on the stream thread, so the digest and the encoder are kept per thread and the Avro
 * binary streams into the digest without an intermediate array; the bytes digested are the same as ever.
 */
final class Fingerprint {

    static final int LENGTH = 32;

    private static final CommandMetadata CLEARED = new CommandMetadata("", null, Instant.EPOCH);
    private static final Map<Schema, SpecificDatumWriter<SpecificRecord>> WRITERS = new ConcurrentHashMap<>();
    private static final ThreadLocal<Digester> DIGESTER = ThreadLocal.withInitial(Digester::new);

    private Fingerprint() {
    }

    static byte[] of(CommandEnvelope envelope) {
        SpecificRecord normalized = CommandMapper.toAvro(new CommandEnvelope(CLEARED, envelope.command()));
        try {
            return DIGESTER.get().digest(normalized);
        } catch (IOException e) {
            // The encoder may hold half a record: start the thread afresh.
            DIGESTER.remove();
            throw new IllegalStateException("cannot encode " + normalized.getSchema().getFullName(), e);
        } catch (RuntimeException e) {
            DIGESTER.remove();
            throw e;
        }
    }

    /** One thread's SHA-256 with an Avro encoder writing into it. */
    private static final class Digester {
        private final MessageDigest sha256 = sha256();
        private final OutputStream into = new DigestOutputStream(OutputStream.nullOutputStream(), sha256);
        private BinaryEncoder encoder;

        byte[] digest(SpecificRecord record) throws IOException {
            Schema schema = record.getSchema();
            sha256.reset();
            sha256.update(schema.getFullName().getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            encoder = EncoderFactory.get().binaryEncoder(into, encoder);
            WRITERS.computeIfAbsent(schema, SpecificDatumWriter::new).write(record, encoder);
            encoder.flush();
            return sha256.digest();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
