package io.ledgerline.query.projection;

import io.ledgerline.mapping.EventMapper;
import io.ledgerline.message.EventEnvelope;
import io.ledgerline.topics.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Events on a projection's repartition topic, in the same Avro wire format and under the same registry subjects as
 * on {@code ledger.events} (the topic name passed in is ignored for the subject), so re-keying needs no schema of
 * its own and works where schemas are not auto-registered.
 */
final class EventEnvelopeSerde implements Serde<EventEnvelope> {

    private final Serde<SpecificRecord> avro;

    EventEnvelopeSerde(Serde<SpecificRecord> avro) {
        this.avro = avro;
    }

    @Override
    public Serializer<EventEnvelope> serializer() {
        Serializer<SpecificRecord> inner = avro.serializer();
        return (topic, envelope) -> envelope == null ? null
                : inner.serialize(Topics.EVENTS.name(), EventMapper.toAvro(envelope));
    }

    @Override
    public Deserializer<EventEnvelope> deserializer() {
        Deserializer<SpecificRecord> inner = avro.deserializer();
        return (topic, data) -> data == null ? null : EventMapper.fromAvro(inner.deserialize(Topics.EVENTS.name(), data));
    }
}
