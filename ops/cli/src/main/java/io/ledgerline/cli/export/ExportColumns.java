package io.ledgerline.cli.export;

import io.ledgerline.cli.kafka.RecordJson;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The rows of the exported files. Every file starts with where the event sits in Kafka ({@code kafka_partition},
 * {@code kafka_offset}, {@code kafka_timestamp}, {@code kafka_key}); an event type's file goes on with the fields of
 * its Avro record as this build reads it (so events written under older schema versions land in the same columns);
 * the file of records that could not be decoded goes on with the reason and the raw value.
 */
final class ExportColumns {

    static final String PARTITION = "kafka_partition";
    static final String OFFSET = "kafka_offset";
    static final String TIMESTAMP = "kafka_timestamp";
    static final String KEY = "kafka_key";
    static final String DECODE_ERROR = "decode_error";
    static final String VALUE = "value";

    /** The name of the file and record of the records that could not be decoded. */
    static final String UNDECODABLE = "undecodable";

    private ExportColumns() {
    }

    /** The position columns, then the event's own fields (same names, types, docs and defaults). */
    static Schema forEvent(Schema event) {
        List<Schema.Field> fields = new ArrayList<>(positionFields());
        for (Schema.Field field : event.getFields()) {
            if (field.name().startsWith("kafka_")) {
                throw new IllegalArgumentException(event.getFullName() + " has a field " + field.name()
                        + ", a name the export keeps for the Kafka position columns");
            }
            fields.add(new Schema.Field(field, field.schema()));
        }
        return Schema.createRecord(event.getName(), event.getDoc(), event.getNamespace(), false, fields);
    }

    /** The position columns, then why the value could not be decoded and its bytes (null for a tombstone). */
    static Schema forUndecodable() {
        List<Schema.Field> fields = new ArrayList<>(positionFields());
        fields.add(new Schema.Field(DECODE_ERROR, Schema.create(Schema.Type.STRING), "Why the value was not decoded."));
        fields.add(new Schema.Field(VALUE, nullable(Schema.create(Schema.Type.BYTES)), "The value's bytes.",
                Schema.Field.NULL_DEFAULT_VALUE));
        return Schema.createRecord(UNDECODABLE, "Records of the log that this build could not decode.",
                "io.ledgerline.export", false, fields);
    }

    /** A decoded event as a row of its type's file. */
    static GenericRecord eventRow(Schema table, ConsumerRecord<byte[], byte[]> record, IndexedRecord event) {
        GenericRecord row = positionRow(table, record);
        for (Schema.Field field : event.getSchema().getFields()) {
            row.put(field.name(), event.get(field.pos()));
        }
        return row;
    }

    /** An undecodable record as a row of the undecodable file. */
    static GenericRecord undecodableRow(Schema table, ConsumerRecord<byte[], byte[]> record, String error) {
        GenericRecord row = positionRow(table, record);
        row.put(DECODE_ERROR, error);
        row.put(VALUE, record.value() == null ? null : ByteBuffer.wrap(record.value()));
        return row;
    }

    private static GenericRecord positionRow(Schema table, ConsumerRecord<byte[], byte[]> record) {
        GenericRecord row = new GenericData.Record(table);
        row.put(PARTITION, record.partition());
        row.put(OFFSET, record.offset());
        row.put(TIMESTAMP, Instant.ofEpochMilli(record.timestamp()));
        row.put(KEY, RecordJson.utf8(record.key()));
        return row;
    }

    private static List<Schema.Field> positionFields() {
        Schema timestamp = LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
        return List.of(
                new Schema.Field(PARTITION, Schema.create(Schema.Type.INT), "Kafka partition of the record."),
                new Schema.Field(OFFSET, Schema.create(Schema.Type.LONG), "Offset of the record in its partition."),
                new Schema.Field(TIMESTAMP, timestamp, "The record's Kafka timestamp (UTC)."),
                new Schema.Field(KEY, nullable(Schema.create(Schema.Type.STRING)),
                        "The record's key as UTF-8: the aggregate id.", Schema.Field.NULL_DEFAULT_VALUE));
    }

    private static Schema nullable(Schema schema) {
        return SchemaBuilder.unionOf().nullType().and().type(schema).endUnion();
    }
}
