package io.ledgerline.outcome;

/** The closed set of command outcomes; each maps to one HTTP status at the REST edge. */
public enum OutcomeCode {
    /** Events were appended. */
    ACCEPTED,
    /** The command itself is malformed (missing field, non-positive amount, bad currency code). */
    REJECTED_VALIDATION,
    /** A business rule refused it (insufficient funds, frozen, closed, currency mismatch). */
    REJECTED_RULE,
    /** The aggregate does not exist. */
    NOT_FOUND,
    /** The aggregate exists already (e.g. opening an account id twice). */
    ALREADY_EXISTS,
    /** {@code expectedVersion} did not match the aggregate's version. */
    VERSION_CONFLICT,
    /** Written by a newer producer with a code this reader does not know. */
    UNKNOWN;

    public boolean accepted() {
        return this == ACCEPTED;
    }
}
