package io.ledgerline.query.projection;

import io.ledgerline.mapping.EventMapper;
import io.ledgerline.message.EventEnvelope;
import io.ledgerline.streams.DeadLetters;
import io.ledgerline.streams.PoisonRecordException;
import io.ledgerline.streams.RecordDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes a raw {@code ledger.events} record into an event keyed by its aggregate id, or, when the bytes are not an
 * event of ours or the key is not the event's aggregate id, into a {@link Decoded.Poison} carrying the original
 * bytes and the {@code dlq-*} headers. An unreachable registry is not the record's fault: its
 * {@link org.apache.kafka.common.errors.SerializationException} passes through to fail the task and retry.
 */
public final class EventDecoder implements Processor<byte[], byte[], String, Decoded> {

    private static final Logger LOG = LoggerFactory.getLogger(EventDecoder.class);

    private final RecordDecoder<EventEnvelope> events;
    private ProcessorContext<String, Decoded> context;

    EventDecoder(Deserializer<SpecificRecord> avro) {
        this.events = events(avro);
    }

    @Override
    public void init(ProcessorContext<String, Decoded> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        try {
            EventEnvelope envelope = decode(events, source.topic(), record.key(), record.value());
            context.forward(record.withKey(envelope.event().aggregateId()).withValue(new Decoded.Event(envelope)));
        } catch (PoisonRecordException e) {
            LOG.warn("dead-lettering {}-{}@{}: {}", source.topic(), source.partition(), source.offset(),
                    DeadLetters.message(e.reason()));
            context.forward(new Record<String, Decoded>(null, new Decoded.Poison(record.key(), record.value()),
                    record.timestamp(), DeadLetters.headers(record.headers(), source.topic(), source.partition(),
                            source.offset(), e.reason())));
        }
    }

    /** The events of {@code ledger.events}: a value that is not one of ours is a {@link PoisonRecordException}. */
    public static RecordDecoder<EventEnvelope> events(Deserializer<SpecificRecord> avro) {
        return new RecordDecoder<>("an event", avro, EventMapper::fromAvro);
    }

    /**
     * The event in a raw {@code ledger.events} record; a {@link PoisonRecordException} when it is not one, or when
     * its key is not the event's aggregate id (the bulk rebuild decodes with this too, so both dead-letter the same
     * records).
     */
    public static EventEnvelope decode(RecordDecoder<EventEnvelope> events, String topic, byte[] key, byte[] value) {
        EventEnvelope envelope = events.decode(topic, value);
        String recordKey = key == null ? null : new String(key, StandardCharsets.UTF_8);
        if (!Objects.equals(recordKey, envelope.event().aggregateId())) {
            // Its aggregate's other events sit on the partition of the aggregate id: applying this one elsewhere
            // would give the aggregate two views.
            throw new PoisonRecordException("the record key " + (recordKey == null ? "is missing" : "'" + recordKey
                    + "'") + " but an event's key must be its aggregate id '" + envelope.event().aggregateId() + "'");
        }
        return envelope;
    }
}
