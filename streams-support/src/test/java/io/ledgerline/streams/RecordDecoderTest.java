package io.ledgerline.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerline.avro.result.CommandResult;
import io.ledgerline.serde.WireFormatException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

/** What a record decoder makes of each kind of value: a message, a poison record, or an error to retry. */
class RecordDecoderTest {

    private static final byte[] GOOD = {0, 0, 0, 0, 1, 2};
    private static final byte[] BAD_MAGIC = {7};
    private static final byte[] REGISTRY_DOWN = {0, 0, 0, 0, 2};
    private static final byte[] REFUSED_BY_MAPPER = {0, 0, 0, 0, 3};

    /** A stand-in for the wire-format deserializer: the value's bytes choose what it does. */
    private final Deserializer<SpecificRecord> avro = (topic, value) -> {
        if (value == BAD_MAGIC) {
            throw new WireFormatException(WireFormatException.Reason.BAD_MAGIC_BYTE, topic, "magic byte 7", null);
        }
        if (value == REGISTRY_DOWN) {
            throw new SerializationException("schema registry unreachable");
        }
        return value == REFUSED_BY_MAPPER ? null : new CommandResult();
    };

    private final RecordDecoder<String> decoder = new RecordDecoder<>("a greeting", avro, record -> {
        if (!(record instanceof CommandResult)) {
            throw new IllegalArgumentException("not a greeting");
        }
        return "hello";
    });

    @Test
    void givenAMessage_whenDecoded_thenItIsMapped() {
        assertThat(decoder.decode("t", GOOD)).isEqualTo("hello");
    }

    @Test
    void givenATombstone_whenDecoded_thenItIsPoisonNamingTheKind() {
        assertThatThrownBy(() -> decoder.decode("t", null)).isInstanceOf(PoisonRecordException.class)
                .hasMessage("a greeting record has no value (tombstone)");
    }

    @Test
    void givenBytesTheWireFormatRefuses_whenDecoded_thenItIsPoisonWithTheWireFormatReason() {
        assertThatThrownBy(() -> decoder.decode("t", BAD_MAGIC)).isInstanceOfSatisfying(PoisonRecordException.class,
                e -> assertThat(e.reason()).isInstanceOf(WireFormatException.class).hasMessageContaining("magic"));
    }

    @Test
    void givenARecordTheMapperRefuses_whenDecoded_thenItIsPoisonWithTheMappersReason() {
        assertThatThrownBy(() -> decoder.decode("t", REFUSED_BY_MAPPER))
                .isInstanceOfSatisfying(PoisonRecordException.class,
                        e -> assertThat(e.reason()).isInstanceOf(IllegalArgumentException.class)
                                .hasMessage("not a greeting"));
    }

    @Test
    void givenAnUnreachableRegistry_whenDecoded_thenTheErrorPassesThroughToBeRetried() {
        assertThatThrownBy(() -> decoder.decode("t", REGISTRY_DOWN)).isExactlyInstanceOf(SerializationException.class)
                .hasMessage("schema registry unreachable");
    }
}
