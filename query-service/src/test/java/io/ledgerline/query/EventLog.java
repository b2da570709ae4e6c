package io.ledgerline.query;

import io.ledgerline.mapping.EventMapper;
import io.ledgerline.message.EventEnvelope;
import io.ledgerline.registry.InMemorySchemaRegistry;
import io.ledgerline.topics.Topics;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Appends events to {@code ledger.events} as the command processor would: keyed by aggregate id, Avro values. */
public final class EventLog implements AutoCloseable {

    /**
     * The one in-memory registry scope of every test in this JVM that writes or projects {@code ledger.events} on the
     * shared broker: a projection reads the records other tests appended too, and with a scope of its own it could not
     * decode them (each one a dead letter and a warning), or would read another scope's schema id as a different type.
     */
    public static final String REGISTRY = "mock://query-service-tests";

    private final KafkaProducer<String, SpecificRecord> producer;

    public EventLog(String bootstrapServers, String registryUrl) {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), Topics.EVENTS.keySerde().serializer(),
                Topics.EVENTS.valueSerde(InMemorySchemaRegistry.forUrl(registryUrl), true).serializer());
    }

    public void append(EventEnvelope... envelopes) {
        try {
            for (EventEnvelope envelope : envelopes) {
                producer.send(new ProducerRecord<>(Topics.EVENTS.name(), envelope.event().aggregateId(),
                        EventMapper.toAvro(envelope))).get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
