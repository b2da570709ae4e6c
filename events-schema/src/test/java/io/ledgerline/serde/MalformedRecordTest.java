package io.ledgerline.serde;

import static io.ledgerline.serde.WireFormatException.Reason.BAD_MAGIC_BYTE;
import static io.ledgerline.serde.WireFormatException.Reason.INCOMPATIBLE_SCHEMA;
import static io.ledgerline.serde.WireFormatException.Reason.LENGTH_EXCEEDS_RECORD;
import static io.ledgerline.serde.WireFormatException.Reason.MALFORMED_DATA;
import static io.ledgerline.serde.WireFormatException.Reason.NOT_ASSIGNABLE;
import static io.ledgerline.serde.WireFormatException.Reason.TRAILING_BYTES;
import static io.ledgerline.serde.WireFormatException.Reason.TRUNCATED;
import static io.ledgerline.serde.WireFormatException.Reason.UNKNOWN_SCHEMA_ID;
import static io.ledgerline.serde.WireFormatException.Reason.UNKNOWN_WRITER_TYPE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ledgerline.avro.event.MoneyDeposited;
import io.ledgerline.avro.event.MoneyWithdrawn;
import io.ledgerline.registry.SchemaRegistryException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** Every way a record's bytes can be wrong ends in one {@link WireFormatException} with the right reason. */
class MalformedRecordTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String HEADER_42 = "000000002a";
    private static final String ATTACHMENT_HEADER = "0000000032";

    private final StubRegistry registry = new StubRegistry()
            .with(42, MoneyDeposited.getClassSchema())
            .with(43, record("io.ledgerline.nowhere.Ghost", "{\"name\":\"a\",\"type\":\"string\"}"))
            .with(44, Schema.create(Schema.Type.STRING))
            .with(45, MoneyWithdrawn.getClassSchema())
            .with(46, record("io.ledgerline.avro.event.MoneyDeposited", "{\"name\":\"amount\",\"type\":\"string\"}"))
            .with(50, Attachment.SCHEMA$);
    private final AvroDeserializer<MoneyDeposited> deposits = new AvroDeserializer<>(MoneyDeposited.class, registry);
    private final AvroDeserializer<SpecificRecord> anything = new AvroDeserializer<>(SpecificRecord.class, registry);

    @Test
    void wrongMagicByte() {
        assertRefused(deposits, "01" + WireFormatGoldenTest.GOLDEN.substring(2), BAD_MAGIC_BYTE);
    }

    @Test
    void emptyRecordOrShortHeader() {
        assertRefused(deposits, "", TRUNCATED);
        assertRefused(deposits, "000000", TRUNCATED);
    }

    @Test
    void unknownSchemaId() {
        assertRefused(deposits, "0000000063" + WireFormatGoldenTest.GOLDEN.substring(10), UNKNOWN_SCHEMA_ID);
    }

    @Test
    void truncatedBody() {
        String golden = WireFormatGoldenTest.GOLDEN;
        // Cut inside the amount's varint, and right after the header.
        assertRefused(deposits, golden.substring(0, golden.indexOf("c413") + 2), TRUNCATED);
        assertRefused(deposits, HEADER_42, TRUNCATED);
        // Cut inside a string: its length prefix now claims more than is left.
        assertRefused(deposits, golden.substring(0, golden.length() - 4), LENGTH_EXCEEDS_RECORD);
    }

    @Test
    void trailingGarbage() {
        assertRefused(deposits, WireFormatGoldenTest.GOLDEN + "ff", TRAILING_BYTES);
    }

    @Test
    void aTwoGibibyteStringInATinyRecordIsRefusedWithoutAllocatingIt() {
        // eventId declares 2^31 - 9 bytes (zig-zag varint), then one byte follows.
        String record = HEADER_42 + varint(zigzag(Integer.MAX_VALUE - 8)) + "61";
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();

        WireFormatException refused = refusal(deposits, record);

        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(refused.reason()).isEqualTo(LENGTH_EXCEEDS_RECORD);
        assertThat(refused.detail()).contains("declares 2147483639 bytes but only 1 remain");
        assertThat(allocated).isLessThan(10L << 20);
    }

    @Test
    void declaredLengthsOfBytesArraysAndMapsAreCheckedToo() {
        String hugeCount = varint(zigzag(1L << 40));
        assertRefused(anything, ATTACHMENT_HEADER + hugeCount + "00", LENGTH_EXCEEDS_RECORD);
        assertRefused(anything, ATTACHMENT_HEADER + "00" + hugeCount + "0200", LENGTH_EXCEEDS_RECORD);
        assertRefused(anything, ATTACHMENT_HEADER + "00" + "00" + hugeCount + "00", LENGTH_EXCEEDS_RECORD);
        // A negative count announces a block size in bytes: that is checked as well.
        assertRefused(anything, ATTACHMENT_HEADER + "00" + "01" + varint(zigzag(1L << 40)) + "0200",
                LENGTH_EXCEEDS_RECORD);
        assertRefused(anything, ATTACHMENT_HEADER + "01" + "00", MALFORMED_DATA);
    }

    @Test
    void aWellFormedAttachmentStillReads() {
        // content 0x0102, amounts [1], totals {"a": 2}, note "n"
        SpecificRecord read = anything.deserialize("attachments",
                HEX.parseHex(ATTACHMENT_HEADER + "040102" + "020200" + "0202610400" + "026e"));

        assertThat(read).isEqualTo(new Attachment(ByteBuffer.wrap(new byte[] {1, 2}), List.of(1L),
                Map.of("a", 2L), "n"));
    }

    @Test
    void writerTypeWithoutAGeneratedClass() {
        assertRefused(anything, "000000002b" + "0261", UNKNOWN_WRITER_TYPE);
        assertRefused(anything, "000000002c" + "0261", UNKNOWN_WRITER_TYPE);
    }

    @Test
    void schemaIdOfANonAvroSchema() {
        registry.failingWith(new SchemaRegistryException(200, SchemaRegistryException.INVALID_SCHEMA,
                "schema id 42 is a PROTOBUF schema, not Avro"));

        assertRefused(deposits, WireFormatGoldenTest.GOLDEN, UNKNOWN_WRITER_TYPE);
    }

    @Test
    void writerTypeOfAnotherClassThanTheDeserializerProduces() {
        byte[] withdrawn = new AvroSerializer<MoneyWithdrawn>(registry, true).serialize(Events.TOPIC,
                Events.withdrawn());

        WireFormatException refused = catchThrowableOfType(WireFormatException.class,
                () -> deposits.deserialize(Events.TOPIC, withdrawn));

        assertThat(refused.reason()).isEqualTo(NOT_ASSIGNABLE);
        assertThat(anything.deserialize(Events.TOPIC, withdrawn)).isEqualTo(Events.withdrawn());
    }

    @Test
    void writerSchemaTheGeneratedClassCannotRead() {
        assertRefused(deposits, "000000002e" + "0261", INCOMPATIBLE_SCHEMA);
    }

    @Test
    void invalidUnionIndexAndOverlongVarint() {
        String golden = WireFormatGoldenTest.GOLDEN;
        String badBranch = golden.substring(0, golden.length() - 12) + "0a" + golden.substring(golden.length() - 10);
        assertRefused(deposits, badBranch, MALFORMED_DATA);
        assertRefused(deposits, HEADER_42 + "0261" + "ffffffffffffffffffffff01", MALFORMED_DATA);
    }

    @Test
    void theRefusalNamesTheTopicAndLaterItsPartitionAndOffset() {
        WireFormatException refused = refusal(deposits, "01");

        WireFormatException located = refused.at(3, 1_234L);

        assertThat(refused.topic()).isEqualTo(Events.TOPIC);
        assertThat(refused.partition()).isEmpty();
        assertThat(located.reason()).isEqualTo(BAD_MAGIC_BYTE);
        assertThat(located.topic()).isEqualTo(Events.TOPIC);
        assertThat(located.partition()).hasValue(3);
        assertThat(located.offset()).hasValue(1_234L);
        assertThat(located.getMessage()).startsWith("BAD_MAGIC_BYTE in ledger.events-3@1234: first byte is 1");
        assertThat(located).isInstanceOf(SerializationException.class);
    }

    @Test
    void anUnreachableRegistryIsNotTheRecordsFault() {
        registry.failingWith(new SchemaRegistryException(0, SchemaRegistryException.UNAVAILABLE, "connect refused"));

        assertThatThrownBy(() -> deposits.deserialize(Events.TOPIC, HEX.parseHex(WireFormatGoldenTest.GOLDEN)))
                .isInstanceOf(SerializationException.class)
                .isNotInstanceOf(WireFormatException.class)
                .hasRootCauseInstanceOf(SchemaRegistryException.class);
    }

    private static void assertRefused(AvroDeserializer<?> deserializer, String hex, WireFormatException.Reason reason) {
        assertThat(refusal(deserializer, hex).reason()).as(hex).isEqualTo(reason);
    }

    private static WireFormatException refusal(AvroDeserializer<?> deserializer, String hex) {
        WireFormatException refused = catchThrowableOfType(WireFormatException.class,
                () -> deserializer.deserialize(Events.TOPIC, HEX.parseHex(hex)));
        assertThat(refused).as("refusal of " + hex).isNotNull();
        assertThat(refused.topic()).isEqualTo(Events.TOPIC);
        return refused;
    }

    private static Schema record(String fullName, String fields) {
        int dot = fullName.lastIndexOf('.');
        return new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"" + fullName.substring(dot + 1)
                + "\",\"namespace\":\"" + fullName.substring(0, dot) + "\",\"fields\":[" + fields + "]}");
    }

    private static long zigzag(long value) {
        return (value << 1) ^ (value >> 63);
    }

    private static String varint(long value) {
        StringBuilder hex = new StringBuilder();
        while ((value & ~0x7FL) != 0) {
            hex.append(String.format("%02x", (value & 0x7F) | 0x80));
            value >>>= 7;
        }
        return hex.append(String.format("%02x", value)).toString();
    }
}
