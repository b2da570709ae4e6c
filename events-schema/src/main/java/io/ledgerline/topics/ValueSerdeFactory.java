package io.ledgerline.topics;

import io.ledgerline.registry.SchemaRegistryClient;
import org.apache.kafka.common.serialization.Serde;

/** Builds a topic's value serde; Avro values need the registry, raw ones ignore it. */
@FunctionalInterface
public interface ValueSerdeFactory<V> {

    Serde<V> create(SchemaRegistryClient registry, boolean autoRegister);
}
