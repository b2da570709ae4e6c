package io.ledgerline.serde;

import io.ledgerline.registry.SchemaRegistryClient;
import io.ledgerline.registry.SchemaRegistryException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes generated Avro records in Confluent's wire format, under the subject {@code <topic>-<record full name>}
 * ({@code TopicRecordNameStrategy}), so several record types can share a topic.
 *
 * <p>With auto-registration the record's schema is registered (idempotent: the registry returns the id it already
 * has); without it the schema is looked up and must already be registered under the subject. Either way the id is
 * resolved once per (topic, schema) and kept by this serializer; after that a record costs one Avro encoding into a
 * per-thread buffer and one copy into the returned array.
 *
 * <p>Null becomes null (a tombstone). A record Avro cannot encode, and a registry that refuses or cannot be reached,
 * fail with {@link SerializationException} (the registry's {@link SchemaRegistryException} as the cause).
 */
public class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    /** Buffers larger than this are not kept for the next record of the thread. */
    private static final int RETAINED_BUFFER_LIMIT = 1 << 20;

    private static final ThreadLocal<Output> OUTPUT = ThreadLocal.withInitial(Output::new);

    private final Map<TopicSchema, Target> targets = new ConcurrentHashMap<>();
    private SchemaRegistryClient registry;
    private boolean autoRegister;
    private boolean ownsRegistry;
    private volatile Target last;

    /** For Kafka's reflective construction; {@link #configure} must follow. */
    public AvroSerializer() {
    }

    public AvroSerializer(SchemaRegistryClient registry, boolean autoRegister) {
        this.registry = registry;
        this.autoRegister = autoRegister;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (registry == null) {
            use(SerdeConfig.from(configs, isKey), true);
        }
    }

    void use(SerdeConfig config, boolean owns) {
        registry = config.registry();
        autoRegister = config.autoRegister();
        ownsRegistry = owns;
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("AvroSerializer used before configure()");
        }
        Target target = target(topic, record.getSchema());
        Output out = OUTPUT.get();
        try {
            out.start(target.id);
            target.writer.write(record, out.encoder);
            out.encoder.flush();
            byte[] bytes = out.toByteArray();
            if (out.capacity() > RETAINED_BUFFER_LIMIT) {
                OUTPUT.remove();
            }
            return bytes;
        } catch (IOException | RuntimeException e) {
            // The encoder may hold half a record in its buffer: start the thread afresh.
            OUTPUT.remove();
            throw new SerializationException("cannot encode " + record.getSchema().getFullName()
                    + " for topic " + topic + ": " + e.getMessage(), e);
        }
    }

    private Target target(String topic, Schema schema) {
        Target cached = last;
        if (cached != null && cached.schema == schema && cached.topic.equals(topic)) {
            return cached;
        }
        Target target = targets.computeIfAbsent(new TopicSchema(topic, schema), this::resolve);
        last = target;
        return target;
    }

    private Target resolve(TopicSchema key) {
        String subject = WireFormat.subject(key.topic(), key.schema().getFullName());
        int id;
        try {
            id = autoRegister
                    ? registry.register(subject, key.schema())
                    : registry.lookup(subject, key.schema())
                            .orElseThrow(() -> new SerializationException("schema of "
                                    + key.schema().getFullName() + " is not registered under subject " + subject
                                    + " and auto.register.schemas is false"))
                            .id();
        } catch (SchemaRegistryException e) {
            throw new SerializationException("schema registry failed for subject " + subject + ": "
                    + e.getMessage(), e);
        }
        SpecificData model = SpecificData.getForSchema(key.schema());
        return new Target(key.topic(), key.schema(), id, new SpecificDatumWriter<>(key.schema(), model));
    }

    @Override
    public void close() {
        if (ownsRegistry && registry != null) {
            registry.close();
        }
    }

    private record TopicSchema(String topic, Schema schema) {
    }

    /** Where records of one schema go on one topic: the schema id and the writer. */
    private record Target(String topic, Schema schema, int id, SpecificDatumWriter<Object> writer) {
    }

    /** A growable, unsynchronized byte buffer with the encoder that writes into it, one per thread. */
    private static final class Output extends OutputStream {
        private byte[] bytes = new byte[256];
        private int size;
        final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(this, null);

        void start(int schemaId) {
            size = 0;
            write(WireFormat.MAGIC_BYTE);
            write(schemaId >>> 24);
            write(schemaId >>> 16);
            write(schemaId >>> 8);
            write(schemaId);
        }

        int capacity() {
            return bytes.length;
        }

        @Override
        public void write(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, size);
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }
    }
}
