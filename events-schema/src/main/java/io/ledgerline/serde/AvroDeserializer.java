package io.ledgerline.serde;

import static io.ledgerline.serde.WireFormatException.Reason.BAD_MAGIC_BYTE;
import static io.ledgerline.serde.WireFormatException.Reason.INCOMPATIBLE_SCHEMA;
import static io.ledgerline.serde.WireFormatException.Reason.MALFORMED_DATA;
import static io.ledgerline.serde.WireFormatException.Reason.NOT_ASSIGNABLE;
import static io.ledgerline.serde.WireFormatException.Reason.TRAILING_BYTES;
import static io.ledgerline.serde.WireFormatException.Reason.TRUNCATED;
import static io.ledgerline.serde.WireFormatException.Reason.UNKNOWN_SCHEMA_ID;
import static io.ledgerline.serde.WireFormatException.Reason.UNKNOWN_WRITER_TYPE;

import io.ledgerline.registry.SchemaRegistryClient;
import io.ledgerline.registry.SchemaRegistryException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-wire-format Avro into generated classes. The writer schema is fetched by the id in the header
 * (once per id); the reader is the generated class whose full name is the writer schema's, which must be a
 * {@code T}. With {@code T = SpecificRecord} one deserializer reads a topic that carries several record types.
 *
 * <p>Bytes that cannot be read fail with {@link WireFormatException} and a {@link WireFormatException.Reason}:
 * dead-letter the record. A registry that cannot be reached fails with a plain {@link SerializationException}
 * (cause: {@link SchemaRegistryException}): try again. Null is a tombstone and becomes null.
 *
 * <p>Declared lengths are checked against the record before anything is allocated (see
 * {@link BoundedBinaryDecoder}), so a small hostile record cannot make the reader allocate gigabytes.
 */
public class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private final Map<Integer, Reading> readings = new ConcurrentHashMap<>();
    private Class<?> type;
    private SchemaRegistryClient registry;
    private boolean ownsRegistry;
    /** Finds generated classes by full name (and caches the answers). */
    private SpecificData classes;
    private volatile Reading last;

    /** For Kafka's reflective construction; {@link #configure} must follow. */
    public AvroDeserializer() {
    }

    /** Reads records whose generated classes are {@code type} (or, for a common supertype, several classes). */
    public AvroDeserializer(Class<T> type, SchemaRegistryClient registry) {
        this.type = type;
        this.registry = registry;
        this.classes = new SpecificData(classLoader());
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (registry == null) {
            use(SerdeConfig.from(configs, isKey), true);
        }
    }

    void use(SerdeConfig config, boolean owns) {
        type = config.type();
        registry = config.registry();
        classes = new SpecificData(classLoader());
        ownsRegistry = owns;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return data == null ? null : read(topic, data, 0, data.length);
    }

    @Override
    public T deserialize(String topic, Headers headers, byte[] data) {
        return deserialize(topic, data);
    }

    /** Kafka's consumer hands over a buffer; read it in place when it has an array behind it. */
    @Override
    public T deserialize(String topic, Headers headers, ByteBuffer data) {
        if (data == null) {
            return null;
        }
        if (data.hasArray()) {
            return read(topic, data.array(), data.arrayOffset() + data.position(), data.remaining());
        }
        byte[] copy = new byte[data.remaining()];
        data.duplicate().get(copy);
        return read(topic, copy, 0, copy.length);
    }

    private T read(String topic, byte[] bytes, int offset, int length) {
        if (registry == null) {
            throw new IllegalStateException("AvroDeserializer used before configure()");
        }
        if (length < 1) {
            throw new WireFormatException(TRUNCATED, topic, "empty record (tombstones are null, not empty)", null);
        }
        if (bytes[offset] != WireFormat.MAGIC_BYTE) {
            throw new WireFormatException(BAD_MAGIC_BYTE, topic, "first byte is " + bytes[offset]
                    + ", not the wire format's magic byte 0", null);
        }
        if (length < WireFormat.HEADER_SIZE) {
            throw new WireFormatException(TRUNCATED, topic, "record of " + length
                    + " byte(s) is shorter than the 5-byte header", null);
        }
        int id = (bytes[offset + 1] & 0xFF) << 24 | (bytes[offset + 2] & 0xFF) << 16
                | (bytes[offset + 3] & 0xFF) << 8 | (bytes[offset + 4] & 0xFF);
        Reading reading = reading(topic, id);
        BoundedBinaryDecoder decoder = new BoundedBinaryDecoder(bytes, offset + WireFormat.HEADER_SIZE,
                length - WireFormat.HEADER_SIZE);
        Object value;
        try {
            value = reading.reader.read(null, decoder);
        } catch (DecodeFailure e) {
            throw new WireFormatException(e.reason(), topic, e.getMessage() + " (schema id " + id + ")", null);
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | ClassCastException e) {
            throw new WireFormatException(MALFORMED_DATA, topic, "body is not valid for schema id " + id + " ("
                    + reading.writer.getFullName() + "): " + e, e);
        }
        if (decoder.remaining() != 0) {
            throw new WireFormatException(TRAILING_BYTES, topic, decoder.remaining()
                    + " byte(s) after the body of schema id " + id + " (" + reading.writer.getFullName() + ")",
                    null);
        }
        @SuppressWarnings("unchecked")
        T result = (T) value;
        return result;
    }

    private Reading reading(String topic, int id) {
        Reading cached = last;
        if (cached != null && cached.id == id) {
            return cached;
        }
        Reading reading = readings.get(id);
        if (reading == null) {
            reading = resolve(topic, id);
            readings.putIfAbsent(id, reading);
        }
        last = reading;
        return reading;
    }

    /** Fetches the writer schema and builds the resolving reader for its generated class. */
    private Reading resolve(String topic, int id) {
        Schema writer;
        try {
            writer = registry.schemaById(id);
        } catch (SchemaRegistryException e) {
            if (e.errorCode() == SchemaRegistryException.SCHEMA_NOT_FOUND) {
                throw new WireFormatException(UNKNOWN_SCHEMA_ID, topic, "the registry has no schema with id "
                        + id, e);
            }
            throw new SerializationException("cannot fetch schema id " + id + " for topic " + topic + ": "
                    + e.getMessage(), e);
        }
        if (writer.getType() != Schema.Type.RECORD) {
            throw new WireFormatException(UNKNOWN_WRITER_TYPE, topic, "schema id " + id + " is a "
                    + writer.getType() + ", not a record", null);
        }
        Class<?> readerClass = classes.getClass(writer);
        if (readerClass == null || !SpecificRecord.class.isAssignableFrom(readerClass)) {
            throw new WireFormatException(UNKNOWN_WRITER_TYPE, topic, "no generated class named "
                    + writer.getFullName() + " (schema id " + id + ")", null);
        }
        if (!type.isAssignableFrom(readerClass)) {
            throw new WireFormatException(NOT_ASSIGNABLE, topic, writer.getFullName() + " (schema id " + id
                    + ") is not a " + type.getName(), null);
        }
        SpecificData model = SpecificData.getForClass(readerClass);
        Schema reader = model.getSchema(readerClass);
        SchemaCompatibility.SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            throw new WireFormatException(INCOMPATIBLE_SCHEMA, topic, readerClass.getName()
                    + " cannot read schema id " + id + ": " + compatibility.getDescription(), null);
        }
        return new Reading(id, writer, new SpecificDatumReader<>(writer, reader, model));
    }

    private ClassLoader classLoader() {
        if (type != SpecificRecord.class && type.getClassLoader() != null) {
            return type.getClassLoader();
        }
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : AvroDeserializer.class.getClassLoader();
    }

    @Override
    public void close() {
        if (ownsRegistry && registry != null) {
            registry.close();
        }
    }

    /** How to read one writer schema id: the writer schema and a reader resolving it to the generated class. */
    private record Reading(int id, Schema writer, SpecificDatumReader<Object> reader) {
    }
}
