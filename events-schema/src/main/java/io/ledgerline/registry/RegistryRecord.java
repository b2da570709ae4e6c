package io.ledgerline.registry;

import java.util.Objects;

/**
 * The facts a schema registry's state is folded from, in log order. An in-memory registry applies them as it
 * decides them; the embedded registry server writes them to the {@code _schemas} topic and applies them as it reads
 * them back, so every instance that reads the same log reaches the same {@link RegistryState}.
 */
public sealed interface RegistryRecord {

    /** A schema (in canonical text) registered under a subject at a version with a global id. */
    record SchemaRegistered(String subject, int version, int id, String schema) implements RegistryRecord {
        public SchemaRegistered {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(schema, "schema");
        }
    }

    /** A soft delete of one version: hidden from listings and lookups unless deleted versions are asked for. */
    record VersionDeleted(String subject, int version) implements RegistryRecord {
        public VersionDeleted {
            Objects.requireNonNull(subject, "subject");
        }
    }

    /**
     * A compatibility level set for a subject, or globally when {@code subject} is null; a null {@code level}
     * removes a subject's own level so the global one applies again.
     */
    record CompatibilityChanged(String subject, CompatibilityLevel level) implements RegistryRecord {
    }
}
