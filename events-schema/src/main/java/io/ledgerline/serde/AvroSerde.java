package io.ledgerline.serde;

import io.ledgerline.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * {@link AvroSerializer} and {@link AvroDeserializer} as one Kafka Streams {@link Serde}. Programmatic:
 * {@code new AvroSerde<>(MoneyDeposited.class, registry, true)}; by configuration: the no-argument constructor,
 * then {@link #configure} with the keys documented on {@link SerdeConfig}.
 */
public class AvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final AvroSerializer<T> serializer;
    private final AvroDeserializer<T> deserializer;
    private final boolean preconfigured;

    public AvroSerde() {
        this.serializer = new AvroSerializer<>();
        this.deserializer = new AvroDeserializer<>();
        this.preconfigured = false;
    }

    public AvroSerde(Class<T> type, SchemaRegistryClient registry, boolean autoRegister) {
        this.serializer = new AvroSerializer<>(registry, autoRegister);
        this.deserializer = new AvroDeserializer<>(type, registry);
        this.preconfigured = true;
    }

    /** Both halves share one registry client (and its caches); the serializer closes it. */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (preconfigured) {
            return;
        }
        SerdeConfig config = SerdeConfig.from(configs, isKey);
        serializer.use(config, true);
        deserializer.use(config, false);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        serializer.close();
        deserializer.close();
    }
}
