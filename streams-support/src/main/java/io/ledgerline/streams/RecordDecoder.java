package io.ledgerline.streams;

import io.ledgerline.serde.WireFormatException;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Turns a record's value bytes into a domain message: the Avro record in the Confluent wire format, then the mapper
 * from Avro to the domain. Bytes that are not such a message fail with {@link PoisonRecordException}, to be
 * dead-lettered: a tombstone, bytes the wire format refuses, a record the mapper refuses (it refuses it the same way
 * every time). An unreachable schema registry is not the record's fault: its
 * {@link org.apache.kafka.common.errors.SerializationException} passes through unchanged, to be retried.
 */
public final class RecordDecoder<T> {

    private final String kind;
    private final Deserializer<SpecificRecord> avro;
    private final Function<SpecificRecord, T> mapper;

    /** {@code kind} names the message with its article, for the tombstone's reason: "a command", "an event". */
    public RecordDecoder(String kind, Deserializer<SpecificRecord> avro, Function<SpecificRecord, T> mapper) {
        this.kind = kind;
        this.avro = avro;
        this.mapper = mapper;
    }

    public T decode(String topic, byte[] value) {
        if (value == null) {
            throw new PoisonRecordException(kind + " record has no value (tombstone)");
        }
        SpecificRecord record;
        try {
            record = avro.deserialize(topic, value);
        } catch (WireFormatException e) {
            throw new PoisonRecordException(e);
        }
        try {
            return mapper.apply(record);
        } catch (RuntimeException e) {
            throw new PoisonRecordException(e);
        }
    }
}
