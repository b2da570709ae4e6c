package io.ledgerline.query.projection;

import io.ledgerline.message.EventEnvelope;

/** A record of {@code ledger.events} after decoding: an event, or the original bytes to dead-letter. */
sealed interface Decoded {

    record Event(EventEnvelope envelope) implements Decoded {
    }

    record Poison(byte[] key, byte[] value) implements Decoded {
    }
}
