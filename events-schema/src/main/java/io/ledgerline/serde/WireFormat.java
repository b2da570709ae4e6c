package io.ledgerline.serde;

/**
 * Confluent's wire format: magic byte {@code 0}, the writer schema's registry id as a 4-byte big-endian int, then
 * the Avro binary encoding of the value.
 */
final class WireFormat {

    static final byte MAGIC_BYTE = 0;
    static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    /** The subject of a record type on a topic under Confluent's {@code TopicRecordNameStrategy}. */
    static String subject(String topic, String recordFullName) {
        return topic + "-" + recordFullName;
    }
}
