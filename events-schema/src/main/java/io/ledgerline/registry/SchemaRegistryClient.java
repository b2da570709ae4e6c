package io.ledgerline.registry;

import java.io.Closeable;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * The subset of the Confluent Schema Registry REST API that Ledgerline uses. Implemented over HTTP (any
 * Confluent-compatible registry) and in memory ({@code mock://scope} URLs, for unit tests).
 *
 * <p>Every method either answers or throws {@link SchemaRegistryException}, whose {@code errorCode} is
 * Confluent's ({@code 40401} subject not found, {@code 40402} version not found, {@code 40403} schema not found,
 * {@code 409} incompatible, {@code 42201} invalid schema, ...).
 */
public interface SchemaRegistryClient extends Closeable {

    /** Registers a schema under a subject, or returns the id it already has there (idempotent). */
    int register(String subject, Schema schema);

    /** The version of a subject that holds this schema, if any ({@code POST /subjects/{subject}}). */
    Optional<RegisteredSchema> lookup(String subject, Schema schema);

    /** The schema with a global id ({@code GET /schemas/ids/{id}}). */
    Schema schemaById(int id);

    /** One version of a subject ({@code GET /subjects/{subject}/versions/{version}}). */
    RegisteredSchema version(String subject, int version);

    /** The newest version of a subject ({@code GET /subjects/{subject}/versions/latest}). */
    RegisteredSchema latest(String subject);

    /** The live versions of a subject, oldest first. */
    List<Integer> versions(String subject);

    /** The subjects that have at least one live version. */
    List<String> subjects();

    /**
     * Whether a schema could be registered under a subject given its compatibility level
     * ({@code POST /compatibility/subjects/{subject}/versions/latest?verbose=true}).
     */
    CompatibilityResult testCompatibility(String subject, Schema schema);

    /** The compatibility level of a subject, or the global one when {@code subject} is null. */
    CompatibilityLevel compatibility(String subject);

    /** Sets the compatibility level of a subject, or the global one when {@code subject} is null. */
    void setCompatibility(String subject, CompatibilityLevel level);

    /** Soft-deletes every version of a subject and returns the versions deleted. */
    List<Integer> deleteSubject(String subject);

    /** Soft-deletes one version of a subject and returns it. */
    int deleteVersion(String subject, int version);

    @Override
    void close();
}
