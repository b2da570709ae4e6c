package io.ledgerline.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.avro.event.MoneyDeposited;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Pins the exact bytes, so a change of the wire format (or of the event's field order) cannot go unnoticed. */
class WireFormatGoldenTest {

    /** Events.deposited() under schema id 42, spelled out field by field (Avro: zig-zag varints, length-prefixed). */
    static final String GOLDEN = String.join("",
            "00", "0000002a",                     // magic byte, schema id 42 big-endian
            "0e", "636d642d313a30",               // eventId "cmd-1:0"
            "06",                                 // version 3
            "80a0bfe9d666",                       // occurredAt 1764000000000 ms
            "0a", "636d642d31",                   // commandId "cmd-1"
            "0a", "6163632d37",                   // accountId "acc-7"
            "c413",                               // amount 1250
            "06", "455552",                       // currency "EUR"
            "02", "08", "72656e74");              // reference: union branch 1 (string), "rent"

    private final StubRegistry registry = new StubRegistry().with(42, MoneyDeposited.getClassSchema());

    @Test
    void writesTheConfluentWireFormatByteForByte() {
        byte[] bytes = new AvroSerializer<MoneyDeposited>(registry, true).serialize(Events.TOPIC, Events.deposited());

        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(GOLDEN);
    }

    @Test
    void readsTheGoldenBytes() {
        MoneyDeposited read = new AvroDeserializer<>(MoneyDeposited.class, registry)
                .deserialize(Events.TOPIC, HexFormat.of().parseHex(GOLDEN));

        assertThat(read).isEqualTo(Events.deposited());
    }
}
