package io.ledgerline.query.projection;

/**
 * Whether an event applies to a read model: only the next version of its aggregate does. A version already seen is
 * a duplicate (ignored); a version beyond the next is a gap, reported and not applied, because applying it would
 * present a state the aggregate never had.
 */
public enum VersionGate {
    APPLY,
    DUPLICATE,
    GAP;

    /** The verdict for an event of {@code eventVersion} on a view at {@code viewVersion} (0 when there is none). */
    public static VersionGate of(long viewVersion, long eventVersion) {
        if (eventVersion <= viewVersion) {
            return DUPLICATE;
        }
        return eventVersion == viewVersion + 1 ? APPLY : GAP;
    }
}
