package io.ledgerline.topics;

import io.ledgerline.registry.SchemaRegistryClient;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serde;

/**
 * One topic: its name, how it is created, and how its keys and values are (de)serialized. Declared once, in
 * {@link Topics}; nothing else names a topic.
 *
 * @param defaultPartitions partitions when the deployment does not say (dev mode); null for a fixed count
 * @param config            topic-level configuration it is created with (retention, cleanup policy)
 */
public record Topic<K, V>(
        String name, int defaultPartitions, Map<String, String> config, Serde<K> keySerde,
        ValueSerdeFactory<V> valueSerdes) {

    public Topic {
        config = Map.copyOf(config);
    }

    /** The value serde, with schemas registered on first use when {@code autoRegister} is true. */
    public Serde<V> valueSerde(SchemaRegistryClient registry, boolean autoRegister) {
        return valueSerdes.create(registry, autoRegister);
    }

    /** This topic under another name: the same settings and serdes (several deployments on one cluster, tests). */
    public Topic<K, V> named(String otherName) {
        return new Topic<>(otherName, defaultPartitions, config, keySerde, valueSerdes);
    }

    /** The topic as Kafka's Admin client creates it, with the partition count and replication of a deployment. */
    public NewTopic newTopic(Optional<Integer> partitions, short replicationFactor) {
        return new NewTopic(name, partitions.orElse(defaultPartitions), replicationFactor).configs(config);
    }
}
