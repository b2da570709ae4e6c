package io.ledgerline.command.processing;

import io.ledgerline.mapping.CommandMapper;
import io.ledgerline.mapping.UnmappableRecordException;
import io.ledgerline.message.CommandEnvelope;
import io.ledgerline.serde.WireFormatException;
import io.ledgerline.streams.PoisonRecordException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Turns a command record's value bytes into a domain command. Bytes that are not a command fail with
 * {@link PoisonRecordException}; an unreachable schema registry is not the record's fault and its
 * {@link org.apache.kafka.common.errors.SerializationException} passes through unchanged, to be retried.
 */
final class CommandDecoder {

    private final Deserializer<SpecificRecord> avro;

    CommandDecoder(Deserializer<SpecificRecord> avro) {
        this.avro = avro;
    }

    CommandEnvelope decode(String topic, byte[] value) {
        if (value == null) {
            throw new PoisonRecordException("a command record has no value (tombstone)");
        }
        SpecificRecord record;
        try {
            record = avro.deserialize(topic, value);
        } catch (WireFormatException e) {
            throw new PoisonRecordException(e);
        }
        try {
            return CommandMapper.fromAvro(record);
        } catch (UnmappableRecordException e) {
            throw new PoisonRecordException(e);
        } catch (RuntimeException e) {
            // A decoded record the mapper cannot turn into a command will fail the same way every time.
            throw new PoisonRecordException(e);
        }
    }
}
