package io.ledgerline.registry;

import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * Remembers what a registry can never change: the schema behind an id, the id of a schema under a subject, and the
 * version a schema has under a subject. Serializing or deserializing with a warm cache makes no call to the
 * registry. Everything that can change (latest versions, version lists, subjects, compatibility) goes through.
 *
 * <p>Soft-deleting a subject or version through this client forgets that subject's entries; ids stay resolvable
 * (registries keep serving deleted schemas by id, so old records stay readable).
 */
public final class CachingSchemaRegistryClient implements SchemaRegistryClient {

    private final SchemaRegistryClient registry;
    private final BoundedCache<Integer, Schema> schemasById;
    private final BoundedCache<SubjectSchema, Integer> idsBySchema;
    private final BoundedCache<SubjectSchema, RegisteredSchema> versionsBySchema;

    public CachingSchemaRegistryClient(SchemaRegistryClient registry, int capacity) {
        this.registry = registry;
        this.schemasById = new BoundedCache<>(capacity);
        this.idsBySchema = new BoundedCache<>(capacity);
        this.versionsBySchema = new BoundedCache<>(capacity);
    }

    @Override
    public int register(String subject, Schema schema) {
        return idsBySchema.computeIfAbsent(new SubjectSchema(subject, schema), key -> {
            int id = registry.register(subject, schema);
            schemasById.put(id, schema);
            return id;
        });
    }

    @Override
    public Optional<RegisteredSchema> lookup(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        RegisteredSchema cached = versionsBySchema.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<RegisteredSchema> found = registry.lookup(subject, schema);
        found.ifPresent(registered -> {
            versionsBySchema.put(key, registered);
            idsBySchema.put(key, registered.id());
            schemasById.put(registered.id(), registered.schema());
        });
        return found;
    }

    @Override
    public Schema schemaById(int id) {
        return schemasById.computeIfAbsent(id, registry::schemaById);
    }

    @Override
    public RegisteredSchema version(String subject, int version) {
        return registry.version(subject, version);
    }

    @Override
    public RegisteredSchema latest(String subject) {
        return registry.latest(subject);
    }

    @Override
    public List<Integer> versions(String subject) {
        return registry.versions(subject);
    }

    @Override
    public List<String> subjects() {
        return registry.subjects();
    }

    @Override
    public CompatibilityResult testCompatibility(String subject, Schema schema) {
        return registry.testCompatibility(subject, schema);
    }

    @Override
    public CompatibilityLevel compatibility(String subject) {
        return registry.compatibility(subject);
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        registry.setCompatibility(subject, level);
    }

    @Override
    public List<Integer> deleteSubject(String subject) {
        List<Integer> deleted = registry.deleteSubject(subject);
        forget(subject);
        return deleted;
    }

    @Override
    public int deleteVersion(String subject, int version) {
        int deleted = registry.deleteVersion(subject, version);
        forget(subject);
        return deleted;
    }

    @Override
    public void close() {
        registry.close();
    }

    private void forget(String subject) {
        idsBySchema.removeIf(key -> key.subject().equals(subject));
        versionsBySchema.removeIf(key -> key.subject().equals(subject));
    }

    private record SubjectSchema(String subject, Schema schema) {
    }
}
