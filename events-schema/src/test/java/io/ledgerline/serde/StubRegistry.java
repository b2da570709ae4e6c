package io.ledgerline.serde;

import io.ledgerline.registry.CompatibilityLevel;
import io.ledgerline.registry.CompatibilityResult;
import io.ledgerline.registry.RegisteredSchema;
import io.ledgerline.registry.SchemaRegistryClient;
import io.ledgerline.registry.SchemaRegistryException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * A registry that knows exactly the schemas a test gives it, under the ids the test chooses, so wire bytes can be
 * written by hand. Only what the serdes call is implemented.
 */
final class StubRegistry implements SchemaRegistryClient {

    private final Map<Integer, Schema> schemas = new HashMap<>();
    private RuntimeException failure;

    StubRegistry with(int id, Schema schema) {
        schemas.put(id, schema);
        return this;
    }

    /** Every later call fails with this exception. */
    StubRegistry failingWith(RuntimeException failure) {
        this.failure = failure;
        return this;
    }

    @Override
    public int register(String subject, Schema schema) {
        return idOf(schema).orElseThrow(() -> new IllegalStateException("test did not expect " + schema));
    }

    @Override
    public Optional<RegisteredSchema> lookup(String subject, Schema schema) {
        return idOf(schema).map(id -> new RegisteredSchema(subject, id, 1, schema));
    }

    @Override
    public Schema schemaById(int id) {
        if (failure != null) {
            throw failure;
        }
        Schema schema = schemas.get(id);
        if (schema == null) {
            throw new SchemaRegistryException(404, SchemaRegistryException.SCHEMA_NOT_FOUND,
                    "Schema " + id + " not found");
        }
        return schema;
    }

    private Optional<Integer> idOf(Schema schema) {
        if (failure != null) {
            throw failure;
        }
        return schemas.entrySet().stream().filter(e -> e.getValue().equals(schema)).map(Map.Entry::getKey)
                .findFirst();
    }

    @Override
    public RegisteredSchema version(String subject, int version) {
        throw new UnsupportedOperationException();
    }

    @Override
    public RegisteredSchema latest(String subject) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Integer> versions(String subject) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<String> subjects() {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompatibilityResult testCompatibility(String subject, Schema schema) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompatibilityLevel compatibility(String subject) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Integer> deleteSubject(String subject) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int deleteVersion(String subject, int version) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
    }
}
