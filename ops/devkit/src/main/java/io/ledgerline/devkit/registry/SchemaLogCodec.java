package io.ledgerline.devkit.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerline.registry.CompatibilityLevel;
import io.ledgerline.registry.RegistryRecord;
import io.ledgerline.registry.RegistryRecord.CompatibilityChanged;
import io.ledgerline.registry.RegistryRecord.SchemaRegistered;
import io.ledgerline.registry.RegistryRecord.VersionDeleted;
import java.io.IOException;
import java.util.Optional;
import java.util.UUID;

/**
 * The JSON keys and values of the registry's topic. Keys decide what compaction keeps (see ADR 0002): a
 * registration's key carries a unique write id, so compaction never removes one and the log order that decided
 * which registration won is kept for good; a version delete is keyed by subject and version and a compatibility
 * level by subject, where the last record is all that matters.
 */
final class SchemaLogCodec {

    static final int FORMAT = 1;
    private static final String SCHEMA = "SCHEMA";
    private static final String DELETE_VERSION = "DELETE_VERSION";
    private static final String CONFIG = "CONFIG";

    private final ObjectMapper json = new ObjectMapper();

    /** A key and value (null for a tombstone) as JSON text. */
    record Encoded(String key, String value) {
    }

    Encoded encode(RegistryRecord record) {
        ObjectNode key = json.createObjectNode().put("format", FORMAT);
        ObjectNode value = json.createObjectNode();
        if (record instanceof SchemaRegistered r) {
            key.put("keytype", SCHEMA).put("subject", r.subject()).put("version", r.version())
                    .put("write", UUID.randomUUID().toString());
            value.put("subject", r.subject()).put("version", r.version()).put("id", r.id())
                    .put("schemaType", "AVRO").put("schema", r.schema());
            return new Encoded(key.toString(), value.toString());
        }
        if (record instanceof VersionDeleted d) {
            key.put("keytype", DELETE_VERSION).put("subject", d.subject()).put("version", d.version());
            value.put("subject", d.subject()).put("version", d.version());
            return new Encoded(key.toString(), value.toString());
        }
        CompatibilityChanged c = (CompatibilityChanged) record;
        key.put("keytype", CONFIG).put("subject", c.subject());
        if (c.level() == null) {
            return new Encoded(key.toString(), null);
        }
        value.put("compatibilityLevel", c.level().name());
        return new Encoded(key.toString(), value.toString());
    }

    /** The record a key and value hold; empty for records of a kind or format this registry does not know. */
    Optional<RegistryRecord> decode(String keyText, String valueText) throws IOException {
        if (keyText == null) {
            return Optional.empty();
        }
        JsonNode key = json.readTree(keyText);
        if (key.path("format").asInt() != FORMAT) {
            return Optional.empty();
        }
        String keytype = key.path("keytype").asText();
        if (CONFIG.equals(keytype)) {
            String subject = key.path("subject").isTextual() ? key.path("subject").asText() : null;
            CompatibilityLevel level = valueText == null ? null
                    : CompatibilityLevel.valueOf(json.readTree(valueText).path("compatibilityLevel").asText());
            return Optional.of(new CompatibilityChanged(subject, level));
        }
        if (valueText == null) {
            return Optional.empty();
        }
        JsonNode value = json.readTree(valueText);
        if (SCHEMA.equals(keytype)) {
            return Optional.of(new SchemaRegistered(value.path("subject").asText(), value.path("version").asInt(),
                    value.path("id").asInt(), value.path("schema").asText()));
        }
        if (DELETE_VERSION.equals(keytype)) {
            return Optional.of(new VersionDeleted(value.path("subject").asText(), value.path("version").asInt()));
        }
        return Optional.empty();
    }
}
