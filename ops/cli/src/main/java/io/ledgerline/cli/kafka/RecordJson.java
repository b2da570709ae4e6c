package io.ledgerline.cli.kafka;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerline.registry.SchemaRegistryClient;
import io.ledgerline.serde.AvroDeserializer;
import io.ledgerline.serde.WireFormatException;
import io.ledgerline.topics.LedgerHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * A raw record as JSON: where it sits, its key, the tracing headers, and its value decoded through the registry
 * ({@code type} and {@code fields}), or, when the bytes are not a record this build knows, the reason and the bytes in
 * hex. A registry that cannot be reached is an error, not an undecodable record.
 */
public final class RecordJson {

    private static final List<String> TRACING_HEADERS = List.of(LedgerHeaders.COMMAND_ID,
            LedgerHeaders.CORRELATION_ID, LedgerHeaders.CAUSATION_ID, LedgerHeaders.ACTOR);

    private final AvroDeserializer<SpecificRecord> values;

    public RecordJson(SchemaRegistryClient registry) {
        this.values = new AvroDeserializer<>(SpecificRecord.class, registry);
    }

    /** The value, or null with the reason when the bytes cannot be read as a known record. */
    public Decoded decode(String topic, byte[] value) {
        if (value == null) {
            return new Decoded(null, "tombstone (null value)");
        }
        try {
            return new Decoded(values.deserialize(topic, value), null);
        } catch (WireFormatException e) {
            return new Decoded(null, e.getMessage());
        }
    }

    /** Position, key, tracing headers, then {@code type} and {@code fields}, or {@code decodeError} and the hex. */
    public ObjectNode describe(ConsumerRecord<byte[], byte[]> record, Decoded decoded) {
        ObjectNode object = position(record);
        ObjectNode headers = object.putObject("headers");
        for (String name : TRACING_HEADERS) {
            Header header = record.headers().lastHeader(name);
            if (header != null) {
                headers.put(name, utf8(header.value()));
            }
        }
        if (decoded.value() != null) {
            object.put("type", decoded.type());
            object.set("fields", AvroJson.fields(decoded.value()));
        } else {
            object.put("decodeError", decoded.error());
            object.put("valueHex", hex(record.value()));
        }
        return object;
    }

    /** Topic, partition, offset, timestamp and key. */
    public static ObjectNode position(ConsumerRecord<byte[], byte[]> record) {
        ObjectNode object = Output.object();
        object.put("topic", record.topic());
        object.put("partition", record.partition());
        object.put("offset", record.offset());
        object.put("timestamp", Instant.ofEpochMilli(record.timestamp()).toString());
        object.put("key", utf8(record.key()));
        return object;
    }

    public static String utf8(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    public static String hex(byte[] bytes) {
        return bytes == null ? null : HexFormat.of().formatHex(bytes);
    }

    /** A decoded value, or why there is none. */
    public record Decoded(SpecificRecord value, String error) {

        /** The record's simple name ({@code MoneyDeposited}), or null when undecodable. */
        public String type() {
            return value == null ? null : value.getSchema().getName();
        }
    }
}
