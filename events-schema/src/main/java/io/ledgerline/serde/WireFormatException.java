package io.ledgerline.serde;

import java.util.OptionalInt;
import java.util.OptionalLong;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A record's bytes cannot be read as Confluent-wire-format Avro. This is a property of the record, not of the
 * moment: retrying will fail the same way, so the record belongs in the dead-letter topic. Transient trouble (the
 * registry cannot be reached) is reported as a plain {@link SerializationException} instead, so a processor can tell
 * "dead-letter this" from "try again".
 *
 * <p>A {@link org.apache.kafka.common.serialization.Deserializer} never sees the partition and offset, so the
 * exception carries only the topic when thrown; {@link #at(int, long)} attaches the position once the caller knows it.
 */
public final class WireFormatException extends SerializationException {

    /** Why the bytes were refused. */
    public enum Reason {
        /** The first byte is not the wire format's magic byte 0. */
        BAD_MAGIC_BYTE,
        /** The registry has no schema with the id in the header. */
        UNKNOWN_SCHEMA_ID,
        /** The record ends before its header or its Avro body does. */
        TRUNCATED,
        /** Bytes remain after the Avro body. */
        TRAILING_BYTES,
        /** A string, bytes, array or map declares a length larger than what is left of the record. */
        LENGTH_EXCEEDS_RECORD,
        /** The writer schema is not a record, or no generated class has its full name. */
        UNKNOWN_WRITER_TYPE,
        /** The generated class of the writer schema is not the type this deserializer produces. */
        NOT_ASSIGNABLE,
        /** The generated class cannot read what the writer schema wrote (schema resolution fails). */
        INCOMPATIBLE_SCHEMA,
        /** The body is not valid Avro for its writer schema (bad union or enum index, over-long varint, ...). */
        MALFORMED_DATA
    }

    private static final long serialVersionUID = 1L;

    private final Reason reason;
    private final String topic;
    private final int partition;
    private final long offset;
    private final String detail;

    public WireFormatException(Reason reason, String topic, String message, Throwable cause) {
        this(reason, topic, -1, -1L, message, cause);
    }

    private WireFormatException(Reason reason, String topic, int partition, long offset, String message,
            Throwable cause) {
        super(describe(reason, topic, partition, offset, message), cause);
        this.reason = reason;
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.detail = message;
    }

    /** The same failure, located at a partition and offset of its topic. */
    public WireFormatException at(int partition, long offset) {
        WireFormatException located =
                new WireFormatException(reason, topic, partition, offset, detail(), getCause());
        located.setStackTrace(getStackTrace());
        return located;
    }

    public Reason reason() {
        return reason;
    }

    /** The topic the record was read from, or null when the caller did not say. */
    public String topic() {
        return topic;
    }

    public OptionalInt partition() {
        return partition < 0 ? OptionalInt.empty() : OptionalInt.of(partition);
    }

    public OptionalLong offset() {
        return offset < 0 ? OptionalLong.empty() : OptionalLong.of(offset);
    }

    /** The message without the reason and location prefix. */
    public String detail() {
        return detail;
    }

    private static String describe(Reason reason, String topic, int partition, long offset, String message) {
        StringBuilder text = new StringBuilder(reason.name()).append(" in ")
                .append(topic == null ? "an unnamed topic" : topic);
        if (partition >= 0) {
            text.append('-').append(partition).append('@').append(offset);
        }
        return text.append(": ").append(message).toString();
    }
}
