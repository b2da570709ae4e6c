package io.ledgerline.registry;

import io.ledgerline.registry.RegistryRecord.CompatibilityChanged;
import io.ledgerline.registry.RegistryRecord.VersionDeleted;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;

/**
 * A schema registry in memory, with the same semantics as the embedded registry server (both fold
 * {@link RegistryRecord}s into a {@link RegistryState}), for unit tests. A {@code mock://scope} URL names a shared
 * instance per scope, like Confluent's {@code MockSchemaRegistry}: {@link #forScope} returns it,
 * {@link #dropScope} forgets it. Thread-safe.
 */
public final class InMemorySchemaRegistry implements SchemaRegistryClient {

    public static final String MOCK_URL_PREFIX = "mock://";

    private static final ConcurrentMap<String, InMemorySchemaRegistry> SCOPES = new ConcurrentHashMap<>();

    private final RegistryState state;

    /** A private registry with Confluent's default global compatibility, BACKWARD. */
    public InMemorySchemaRegistry() {
        this(CompatibilityLevel.BACKWARD);
    }

    public InMemorySchemaRegistry(CompatibilityLevel defaultCompatibility) {
        this.state = new RegistryState(defaultCompatibility);
    }

    /** The shared registry of a scope, created on first use. */
    public static InMemorySchemaRegistry forScope(String scope) {
        return SCOPES.computeIfAbsent(scope, s -> new InMemorySchemaRegistry());
    }

    /** Forgets a scope's registry; the next {@link #forScope} call starts empty. */
    public static void dropScope(String scope) {
        SCOPES.remove(scope);
    }

    /** Whether a registry URL selects an in-memory scope ({@code mock://scope}). */
    public static boolean isMockUrl(String url) {
        return url != null && url.startsWith(MOCK_URL_PREFIX);
    }

    /** The shared registry a {@code mock://scope} URL names (a trailing slash or path is not part of the scope). */
    public static InMemorySchemaRegistry forUrl(String url) {
        if (!isMockUrl(url)) {
            throw new IllegalArgumentException("not a mock:// registry URL: " + url);
        }
        String scope = url.substring(MOCK_URL_PREFIX.length());
        int slash = scope.indexOf('/');
        return forScope(slash < 0 ? scope : scope.substring(0, slash));
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        RegistryState.Registration registration = state.planRegistration(subject, schema);
        if (registration instanceof RegistryState.Registration.NewVersion added) {
            state.apply(added.record());
            return added.record().id();
        }
        return ((RegistryState.Registration.Existing) registration).id();
    }

    @Override
    public synchronized Optional<RegisteredSchema> lookup(String subject, Schema schema) {
        try {
            return Optional.of(state.lookup(subject, schema, false));
        } catch (SchemaRegistryException e) {
            if (e.schemaAbsent()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public synchronized Schema schemaById(int id) {
        return state.schemaById(id);
    }

    @Override
    public synchronized RegisteredSchema version(String subject, int version) {
        return state.version(subject, version, false);
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        return state.latest(subject);
    }

    @Override
    public synchronized List<Integer> versions(String subject) {
        return state.versions(subject, false);
    }

    @Override
    public synchronized List<String> subjects() {
        return state.subjects(false);
    }

    @Override
    public synchronized CompatibilityResult testCompatibility(String subject, Schema schema) {
        return state.checkCompatibility(subject, schema);
    }

    /** The subject's own level, else the global one ({@code GET /config/{subject}?defaultToGlobal=true}). */
    @Override
    public synchronized CompatibilityLevel compatibility(String subject) {
        return state.compatibility(subject);
    }

    @Override
    public synchronized void setCompatibility(String subject, CompatibilityLevel level) {
        if (level == null) {
            throw RegistryErrors.invalidCompatibilityLevel();
        }
        state.apply(new CompatibilityChanged(subject, level));
    }

    @Override
    public synchronized List<Integer> deleteSubject(String subject) {
        List<VersionDeleted> deletes = state.planSubjectDeletion(subject);
        deletes.forEach(state::apply);
        return deletes.stream().map(VersionDeleted::version).toList();
    }

    @Override
    public synchronized int deleteVersion(String subject, int version) {
        VersionDeleted delete = state.planVersionDeletion(subject, version);
        state.apply(delete);
        return version;
    }

    /** Nothing to release: a scoped instance lives until {@link #dropScope}. */
    @Override
    public void close() {
    }
}
