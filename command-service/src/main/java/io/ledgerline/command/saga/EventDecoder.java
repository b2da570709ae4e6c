package io.ledgerline.command.saga;

import io.ledgerline.mapping.EventMapper;
import io.ledgerline.message.EventEnvelope;
import io.ledgerline.serde.WireFormatException;
import io.ledgerline.streams.PoisonRecordException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Turns an event record's value bytes into a domain event. Bytes that are not an event fail with
 * {@link PoisonRecordException} (dead-lettered by {@code DeadLetterProcessingHandler}); an unreachable schema
 * registry is not the record's fault and its {@link org.apache.kafka.common.errors.SerializationException} passes
 * through unchanged, to be retried.
 */
final class EventDecoder {

    private final Deserializer<SpecificRecord> avro;

    EventDecoder(Deserializer<SpecificRecord> avro) {
        this.avro = avro;
    }

    EventEnvelope decode(String topic, byte[] value) {
        if (value == null) {
            throw new PoisonRecordException("an event record has no value (tombstone)");
        }
        SpecificRecord record;
        try {
            record = avro.deserialize(topic, value);
        } catch (WireFormatException e) {
            throw new PoisonRecordException(e);
        }
        try {
            return EventMapper.fromAvro(record);
        } catch (RuntimeException e) {
            // A decoded record the mapper cannot turn into an event (a command on the events topic, a bad field)
            // fails the same way every time.
            throw new PoisonRecordException(e);
        }
    }
}
