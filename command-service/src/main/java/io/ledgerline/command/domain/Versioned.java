package io.ledgerline.command.domain;

import java.util.Objects;

/**
 * An aggregate's state with the version of the last event folded into it. Version 0 means no events yet; the
 * first event is version 1 and versions never skip.
 */
public record Versioned<S>(S state, long version) {

    public Versioned {
        Objects.requireNonNull(state, "state");
        if (version < 0) {
            throw new IllegalArgumentException("version must be 0 or more, was " + version);
        }
    }

    /** The version as a command outcome reports it: null while the aggregate has no events. */
    public Long reportedVersion() {
        return version == 0 ? null : version;
    }
}
