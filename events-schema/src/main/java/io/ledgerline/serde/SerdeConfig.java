package io.ledgerline.serde;

import io.ledgerline.registry.SchemaRegistryClient;
import io.ledgerline.registry.SchemaRegistryClients;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;

/**
 * What the no-argument serdes read from a Kafka client's configuration. The registry connection uses the keys
 * documented on {@link SchemaRegistryClients}; on top of those:
 * <ul>
 *   <li>{@code auto.register.schemas} (default {@code true}): register the record's schema, or only look it up;
 *   <li>{@code specific.avro.value.type} / {@code specific.avro.key.type} (default {@code SpecificRecord}): the class
 *       the deserializer produces (the generated class of a record, or a common supertype for topics that carry
 *       several record types).
 * </ul>
 */
record SerdeConfig(SchemaRegistryClient registry, boolean autoRegister, Class<?> type) {

    static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    static final String VALUE_TYPE = "specific.avro.value.type";
    static final String KEY_TYPE = "specific.avro.key.type";

    static SerdeConfig from(Map<String, ?> configs, boolean isKey) {
        Object url = configs.get(SchemaRegistryClients.URL);
        if (url == null || url.toString().isBlank()) {
            throw new ConfigException(SchemaRegistryClients.URL, url, "a schema registry URL is required");
        }
        boolean autoRegister = bool(configs.get(AUTO_REGISTER_SCHEMAS), true);
        Class<?> type = type(configs.get(isKey ? KEY_TYPE : VALUE_TYPE), isKey ? KEY_TYPE : VALUE_TYPE);
        return new SerdeConfig(SchemaRegistryClients.create(url.toString(), configs), autoRegister, type);
    }

    private static boolean bool(Object value, boolean fallback) {
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value.toString().trim();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new ConfigException(AUTO_REGISTER_SCHEMAS, value, "expected true or false");
    }

    private static Class<?> type(Object value, String key) {
        Class<?> type;
        if (value == null) {
            type = SpecificRecord.class;
        } else if (value instanceof Class<?> c) {
            type = c;
        } else {
            try {
                ClassLoader loader = Thread.currentThread().getContextClassLoader();
                type = Class.forName(value.toString().trim(), true,
                        loader != null ? loader : SerdeConfig.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new ConfigException(key, value, "no such class");
            }
        }
        if (!SpecificRecord.class.isAssignableFrom(type)) {
            throw new ConfigException(key, value, "not an Avro SpecificRecord type");
        }
        return type;
    }
}
