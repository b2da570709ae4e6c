package io.ledgerline.message;

import java.util.Objects;

/** An event with its metadata, as it is recorded on {@code ledger.events}. */
public record EventEnvelope(EventMetadata meta, LedgerEvent event) {

    public EventEnvelope {
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(event, "event");
    }
}
