package io.ledgerline.registry;

/**
 * Confluent's compatibility levels. BACKWARD: a reader with the new schema can read data written with the previous
 * one; FORWARD: the other way round; FULL: both; the {@code _TRANSITIVE} forms check against every earlier live
 * version instead of only the latest.
 */
public enum CompatibilityLevel {
    NONE,
    BACKWARD,
    BACKWARD_TRANSITIVE,
    FORWARD,
    FORWARD_TRANSITIVE,
    FULL,
    FULL_TRANSITIVE;

    public boolean transitive() {
        return name().endsWith("_TRANSITIVE");
    }

    /** The new schema must be able to read what the older ones wrote. */
    public boolean checksBackward() {
        return this != NONE && !name().startsWith("FORWARD");
    }

    /** The older schemas must be able to read what the new one writes. */
    public boolean checksForward() {
        return name().startsWith("FORWARD") || name().startsWith("FULL");
    }
}
