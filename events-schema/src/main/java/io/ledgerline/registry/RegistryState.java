package io.ledgerline.registry;

import io.ledgerline.registry.RegistryRecord.CompatibilityChanged;
import io.ledgerline.registry.RegistryRecord.SchemaRegistered;
import io.ledgerline.registry.RegistryRecord.VersionDeleted;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.Schema;

/**
 * The semantics of a Confluent-style schema registry as a deterministic state machine: {@link #apply} folds
 * {@link RegistryRecord}s in log order, the {@code plan...} methods decide which record a request would append (or
 * refuse it with Confluent's error), and the queries answer reads. It does no I/O and is not thread-safe; callers
 * serialize access.
 *
 * <p>Fold rules, which make every instance that reads the same log agree: the first record for a subject and
 * version wins; a global id always names one canonical schema and a canonical schema has one id, so a record that
 * would break either is ignored; a later record that repeats an accepted one exactly changes nothing. Deletes are
 * soft and only apply to versions that exist.
 *
 * <p>A schema's identity is its canonical text, Avro's {@link Schema#toString()} of the parsed schema (docs,
 * defaults and properties kept, whitespace dropped), so the same schema gets the same id under any subject.
 */
public final class RegistryState {

    private record Version(int id, Schema schema, boolean deleted) {
    }

    private final CompatibilityLevel defaultCompatibility;
    private final NavigableMap<String, NavigableMap<Integer, Version>> subjects = new TreeMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, Integer> idsByCanonical = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectCompatibility = new HashMap<>();
    private CompatibilityLevel globalCompatibility;
    private int maxId;

    /** A state whose global compatibility, until one is set, is {@code defaultCompatibility}. */
    public RegistryState(CompatibilityLevel defaultCompatibility) {
        this.defaultCompatibility = Objects.requireNonNull(defaultCompatibility, "defaultCompatibility");
    }

    /** A state with Confluent's default global compatibility, BACKWARD. */
    public RegistryState() {
        this(CompatibilityLevel.BACKWARD);
    }

    /** What registering a schema under a subject comes to. */
    public sealed interface Registration {
        /** The schema is already a live version of the subject: nothing to append. */
        record Existing(int id, int version) implements Registration {
        }

        /** The schema becomes a new version: append this record. */
        record NewVersion(SchemaRegistered record) implements Registration {
        }
    }

    // ---- fold ------------------------------------------------------------------------------------------------

    /** Folds one record in; returns whether it changed the state (false for a losing or repeated record). */
    public boolean apply(RegistryRecord record) {
        // Java 17 has no pattern switch over the sealed family; the last branch is the only one left.
        if (record instanceof SchemaRegistered r) {
            return applyRegistered(r);
        }
        if (record instanceof VersionDeleted d) {
            return applyDeleted(d);
        }
        return applyCompatibility((CompatibilityChanged) record);
    }

    private boolean applyRegistered(SchemaRegistered r) {
        if (r.version() < 1 || r.id() < 1) {
            return false;
        }
        Schema schema;
        try {
            schema = parse(r.schema());
        } catch (SchemaRegistryException invalid) {
            return false;
        }
        String canonical = schema.toString();
        Schema byId = schemasById.get(r.id());
        if (byId != null && !byId.toString().equals(canonical)) {
            return false;
        }
        Integer idOfSchema = idsByCanonical.get(canonical);
        if (idOfSchema != null && idOfSchema != r.id()) {
            return false;
        }
        NavigableMap<Integer, Version> versions = subjects.computeIfAbsent(r.subject(), s -> new TreeMap<>());
        if (versions.containsKey(r.version())) {
            return false;
        }
        Schema stored = byId != null ? byId : schema;
        versions.put(r.version(), new Version(r.id(), stored, false));
        schemasById.put(r.id(), stored);
        idsByCanonical.put(canonical, r.id());
        maxId = Math.max(maxId, r.id());
        return true;
    }

    private boolean applyDeleted(VersionDeleted d) {
        NavigableMap<Integer, Version> versions = subjects.get(d.subject());
        Version v = versions == null ? null : versions.get(d.version());
        if (v == null || v.deleted()) {
            return false;
        }
        versions.put(d.version(), new Version(v.id(), v.schema(), true));
        return true;
    }

    private boolean applyCompatibility(CompatibilityChanged c) {
        if (c.subject() == null) {
            CompatibilityLevel before = globalCompatibility;
            globalCompatibility = c.level();
            return before != c.level();
        }
        CompatibilityLevel before = c.level() == null
                ? subjectCompatibility.remove(c.subject())
                : subjectCompatibility.put(c.subject(), c.level());
        return before != c.level();
    }

    /** Whether this exact registration is part of the state (a writer's check that its record won). */
    public boolean holds(SchemaRegistered r) {
        NavigableMap<Integer, Version> versions = subjects.get(r.subject());
        Version v = versions == null ? null : versions.get(r.version());
        return v != null && v.id() == r.id() && v.schema().toString().equals(canonical(r.schema()));
    }

    // ---- decisions -------------------------------------------------------------------------------------------

    /**
     * Decides a registration: the existing id if the schema is a live version of the subject (idempotent), else a
     * new version, after the subject's compatibility level accepted it against its live versions. The new version
     * reuses the schema's id if any subject has it, else takes the next free id.
     *
     * @throws SchemaRegistryException 409 when incompatible, 42208 for an invalid subject name
     */
    public Registration planRegistration(String subject, Schema schema) {
        requireValidSubject(subject);
        String canonical = schema.toString();
        NavigableMap<Integer, Version> versions = subjects.getOrDefault(subject, new TreeMap<>());
        for (var e : versions.entrySet()) {
            Version v = e.getValue();
            if (!v.deleted() && v.schema().toString().equals(canonical)) {
                return new Registration.Existing(v.id(), e.getKey());
            }
        }
        CompatibilityResult compatibility = checkCompatibility(subject, schema);
        if (!compatibility.compatible()) {
            throw RegistryErrors.incompatible(subject, compatibility.messages());
        }
        int id = idsByCanonical.getOrDefault(canonical, maxId + 1);
        int version = versions.isEmpty() ? 1 : versions.lastKey() + 1;
        return new Registration.NewVersion(new SchemaRegistered(subject, version, id, canonical));
    }

    /** Decides a subject's soft delete: one record per live version, oldest first. */
    public List<VersionDeleted> planSubjectDeletion(String subject) {
        NavigableMap<Integer, Version> versions = subjects.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw RegistryErrors.subjectNotFound(subject);
        }
        List<VersionDeleted> deletes = new ArrayList<>();
        versions.forEach((number, v) -> {
            if (!v.deleted()) {
                deletes.add(new VersionDeleted(subject, number));
            }
        });
        if (deletes.isEmpty()) {
            throw RegistryErrors.subjectSoftDeleted(subject);
        }
        return deletes;
    }

    /** Decides a version's soft delete. */
    public VersionDeleted planVersionDeletion(String subject, int version) {
        Version v = existing(subject, version);
        if (v.deleted()) {
            throw RegistryErrors.versionSoftDeleted(subject, version);
        }
        return new VersionDeleted(subject, version);
    }

    /** Decides a soft delete of a subject's latest live version. */
    public VersionDeleted planLatestVersionDeletion(String subject) {
        return new VersionDeleted(subject, latest(subject).version());
    }

    // ---- queries ---------------------------------------------------------------------------------------------

    /** Subjects with a live version, or with any version when {@code includeDeleted}; sorted. */
    public List<String> subjects(boolean includeDeleted) {
        List<String> out = new ArrayList<>();
        subjects.forEach((name, versions) -> {
            if (versions.values().stream().anyMatch(v -> includeDeleted || !v.deleted())) {
                out.add(name);
            }
        });
        return out;
    }

    /** A subject's versions, oldest first; 40401 when it has none to show. */
    public List<Integer> versions(String subject, boolean includeDeleted) {
        List<Integer> out = new ArrayList<>();
        subjects.getOrDefault(subject, new TreeMap<>()).forEach((number, v) -> {
            if (includeDeleted || !v.deleted()) {
                out.add(number);
            }
        });
        if (out.isEmpty()) {
            throw RegistryErrors.subjectNotFound(subject);
        }
        return out;
    }

    /** One version; 40401 for an unknown subject, 40402 for an unknown (or, unless asked, deleted) version. */
    public RegisteredSchema version(String subject, int version, boolean includeDeleted) {
        if (!includeDeleted) {
            versions(subject, false);
        }
        Version v = existing(subject, version);
        if (v.deleted() && !includeDeleted) {
            throw RegistryErrors.versionNotFound(version);
        }
        return new RegisteredSchema(subject, v.id(), version, v.schema());
    }

    /** The newest live version; 40401 when the subject has none. */
    public RegisteredSchema latest(String subject) {
        return latest(subject, false);
    }

    /** The newest version, live or, when {@code includeDeleted}, deleted; 40401 when there is none. */
    public RegisteredSchema latest(String subject, boolean includeDeleted) {
        List<Integer> versions = versions(subject, includeDeleted);
        return version(subject, versions.get(versions.size() - 1), true);
    }

    /** The schema with a global id, whether or not the versions that use it are deleted; 40403 when unknown. */
    public Schema schemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw RegistryErrors.schemaNotFound(id);
        }
        return schema;
    }

    /** The highest global id in use (0 when none). */
    public int maxId() {
        return maxId;
    }

    /** The subjects (and versions) that use a global id, live ones or all when {@code includeDeleted}. */
    public List<RegisteredSchema> usesOf(int id, boolean includeDeleted) {
        List<RegisteredSchema> out = new ArrayList<>();
        subjects.forEach((name, versions) -> versions.forEach((number, v) -> {
            if (v.id() == id && (includeDeleted || !v.deleted())) {
                out.add(new RegisteredSchema(name, id, number, v.schema()));
            }
        }));
        return out;
    }

    /**
     * The version of a subject that holds a schema, newest first when it appears more than once; 40401 when the
     * subject has nothing to show, 40403 when the schema is not among its versions.
     */
    public RegisteredSchema lookup(String subject, Schema schema, boolean includeDeleted) {
        String canonical = schema.toString();
        List<Integer> versions = versions(subject, includeDeleted);
        for (int i = versions.size() - 1; i >= 0; i--) {
            RegisteredSchema candidate = version(subject, versions.get(i), true);
            if (candidate.schema().toString().equals(canonical)) {
                return candidate;
            }
        }
        throw RegistryErrors.schemaNotFound();
    }

    /** The level that applies to a subject: its own, else the global one; the global one for a null subject. */
    public CompatibilityLevel compatibility(String subject) {
        if (subject != null && subjectCompatibility.containsKey(subject)) {
            return subjectCompatibility.get(subject);
        }
        return globalCompatibility != null ? globalCompatibility : defaultCompatibility;
    }

    /** The level configured for the subject itself, if any. */
    public Optional<CompatibilityLevel> subjectCompatibility(String subject) {
        return Optional.ofNullable(subjectCompatibility.get(subject));
    }

    /**
     * Whether a schema could be registered under a subject: checked against its latest live version, or every
     * live version for a transitive level, in the directions the subject's level asks for.
     */
    public CompatibilityResult checkCompatibility(String subject, Schema schema) {
        CompatibilityLevel level = compatibility(subject);
        if (level == CompatibilityLevel.NONE) {
            return CompatibilityResult.ok();
        }
        List<RegisteredSchema> earlier = new ArrayList<>();
        NavigableMap<Integer, Version> versions = subjects.getOrDefault(subject, new TreeMap<>());
        for (var e : versions.descendingMap().entrySet()) {
            if (!e.getValue().deleted()) {
                earlier.add(new RegisteredSchema(subject, e.getValue().id(), e.getKey(), e.getValue().schema()));
                if (!level.transitive()) {
                    break;
                }
            }
        }
        return AvroCompatibility.check(level, schema, earlier);
    }

    /** Whether a schema is compatible with one live version of a subject under the subject's level. */
    public CompatibilityResult checkCompatibility(String subject, Schema schema, int version) {
        RegisteredSchema old = version(subject, version, false);
        return AvroCompatibility.check(compatibility(subject), schema, List.of(old));
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /** Parses Avro schema text; 42201 when it is not a valid schema. */
    public static Schema parse(String schemaText) {
        if (schemaText == null || schemaText.isBlank()) {
            throw RegistryErrors.invalidSchema("empty schema");
        }
        try {
            return new Schema.Parser().parse(schemaText);
        } catch (RuntimeException invalid) {
            throw RegistryErrors.invalidSchema(invalid.getMessage());
        }
    }

    private static String canonical(String schemaText) {
        try {
            return parse(schemaText).toString();
        } catch (SchemaRegistryException invalid) {
            return schemaText;
        }
    }

    private Version existing(String subject, int version) {
        NavigableMap<Integer, Version> versions = subjects.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw RegistryErrors.subjectNotFound(subject);
        }
        Version v = versions.get(version);
        if (v == null) {
            throw RegistryErrors.versionNotFound(version);
        }
        return v;
    }

    private static void requireValidSubject(String subject) {
        if (subject == null || subject.isEmpty() || subject.chars().anyMatch(Character::isISOControl)) {
            throw RegistryErrors.invalidSubject(String.valueOf(subject));
        }
    }
}
