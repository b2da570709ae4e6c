package io.ledgerline.registry;

import java.util.List;

/** Confluent's error answers, with its codes, HTTP statuses and message texts, made in one place. */
public final class RegistryErrors {

    public static final int SUBJECT_SOFT_DELETED = 40404;
    public static final int VERSION_SOFT_DELETED = 40406;
    public static final int SUBJECT_COMPATIBILITY_NOT_CONFIGURED = 40408;
    public static final int INVALID_SUBJECT = 42208;

    private RegistryErrors() {
    }

    public static SchemaRegistryException subjectNotFound(String subject) {
        return new SchemaRegistryException(404, SchemaRegistryException.SUBJECT_NOT_FOUND,
                "Subject '%s' not found.".formatted(subject));
    }

    public static SchemaRegistryException versionNotFound(int version) {
        return new SchemaRegistryException(404, SchemaRegistryException.VERSION_NOT_FOUND,
                "Version %d not found.".formatted(version));
    }

    public static SchemaRegistryException schemaNotFound() {
        return new SchemaRegistryException(404, SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema not found");
    }

    public static SchemaRegistryException schemaNotFound(int id) {
        return new SchemaRegistryException(404, SchemaRegistryException.SCHEMA_NOT_FOUND,
                "Schema %d not found".formatted(id));
    }

    public static SchemaRegistryException subjectSoftDeleted(String subject) {
        return new SchemaRegistryException(404, SUBJECT_SOFT_DELETED,
                "Subject '%s' was soft deleted.Set permanent=true to delete permanently".formatted(subject));
    }

    public static SchemaRegistryException versionSoftDeleted(String subject, int version) {
        return new SchemaRegistryException(404, VERSION_SOFT_DELETED,
                "Subject '%s' Version %d was soft deleted.Set permanent=true to delete permanently"
                        .formatted(subject, version));
    }

    public static SchemaRegistryException subjectCompatibilityNotConfigured(String subject) {
        return new SchemaRegistryException(404, SUBJECT_COMPATIBILITY_NOT_CONFIGURED,
                "Subject '%s' does not have subject-level compatibility configured".formatted(subject));
    }

    public static SchemaRegistryException incompatible(String subject, List<String> messages) {
        return new SchemaRegistryException(409, SchemaRegistryException.INCOMPATIBLE_SCHEMA,
                "Schema being registered is incompatible with an earlier schema for subject \"%s\", details: %s"
                        .formatted(subject, messages));
    }

    public static SchemaRegistryException invalidSchema(String detail) {
        return new SchemaRegistryException(422, SchemaRegistryException.INVALID_SCHEMA,
                "Invalid schema: " + detail);
    }

    public static SchemaRegistryException invalidVersion(String version) {
        return new SchemaRegistryException(422, SchemaRegistryException.INVALID_VERSION,
                ("The specified version '%s' is not a valid version id. Allowed values are between [1, 2^31-1] "
                        + "and the string \"latest\"").formatted(version));
    }

    public static SchemaRegistryException invalidCompatibilityLevel() {
        return new SchemaRegistryException(422, SchemaRegistryException.INVALID_COMPATIBILITY_LEVEL,
                "Invalid compatibility level. Valid values are none, backward, forward, full, "
                        + "backward_transitive, forward_transitive, and full_transitive");
    }

    public static SchemaRegistryException invalidSubject(String subject) {
        return new SchemaRegistryException(422, INVALID_SUBJECT,
                "The specified subject '%s' is not a valid.".formatted(subject));
    }
}
