package io.ledgerline.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerline.avro.event.MoneyDeposited;
import io.ledgerline.message.CommandEnvelope;
import io.ledgerline.message.EventEnvelope;
import io.ledgerline.message.LedgerCommand;
import io.ledgerline.message.LedgerEvent;
import io.ledgerline.outcome.CommandOutcome;
import io.ledgerline.outcome.OutcomeCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Domain record -> Avro record -> Avro binary -> Avro record -> domain record gives back the same value. */
class MappingRoundTripTest {

    @ParameterizedTest
    @MethodSource("io.ledgerline.mapping.Samples#commands")
    void givenCommand_whenMappedThroughAvroBinary_thenUnchanged(LedgerCommand command) throws IOException {
        for (Long expectedVersion : new Long[] {null, 3L}) {
            CommandEnvelope original = Samples.command(command, expectedVersion);

            CommandEnvelope back = CommandMapper.fromAvro(throughBinary(CommandMapper.toAvro(original)));

            assertThat(back).isEqualTo(original);
        }
    }

    @ParameterizedTest
    @MethodSource("io.ledgerline.mapping.Samples#events")
    void givenEvent_whenMappedThroughAvroBinary_thenUnchanged(LedgerEvent event) throws IOException {
        EventEnvelope original = Samples.event(event, 42);

        EventEnvelope back = EventMapper.fromAvro(throughBinary(EventMapper.toAvro(original)));

        assertThat(back).isEqualTo(original);
    }

    @Test
    void givenOutcomes_whenMappedThroughAvroBinary_thenUnchanged() throws IOException {
        for (OutcomeCode code : OutcomeCode.values()) {
            int events = code.accepted() ? 2 : 0;
            Long version = code == OutcomeCode.NOT_FOUND ? null : 7L;
            CommandOutcome original = new CommandOutcome("cmd-1", "io.ledgerline.avro.command.DepositMoney", "acc-1",
                    code, code.accepted() ? null : "refused", version, events, Samples.AT);

            CommandOutcome back = OutcomeMapper.fromAvro(throughBinary(OutcomeMapper.toAvro(original)));

            assertThat(back).isEqualTo(original);
        }
    }

    @Test
    void givenInstantWithNanos_whenMapped_thenTruncatedToMillis() {
        Instant precise = Instant.parse("2026-11-28T10:15:30.123456789Z");
        EventEnvelope original = new EventEnvelope(
                new io.ledgerline.message.EventMetadata("c:0", 1, precise, "c"), Samples.EVENTS.get(1));

        MoneyDeposited avro = (MoneyDeposited) EventMapper.toAvro(original);

        assertThat(avro.getOccurredAt()).isEqualTo(Instant.parse("2026-11-28T10:15:30.123Z"));
    }

    @Test
    void givenEventRecord_whenReadAsCommand_thenUnmappable() {
        SpecificRecord event = EventMapper.toAvro(Samples.event(Samples.EVENTS.get(0), 1));

        assertThatThrownBy(() -> CommandMapper.fromAvro(event))
                .isInstanceOf(UnmappableRecordException.class)
                .hasMessageContaining("AccountOpened is not a command");
    }

    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecord> T throughBinary(T record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<T>(record.getSchema()).write(record, encoder);
        encoder.flush();
        SpecificDatumReader<T> reader = new SpecificDatumReader<>((Class<T>) record.getClass());
        return reader.read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    }
}
