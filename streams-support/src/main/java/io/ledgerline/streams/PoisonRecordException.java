package io.ledgerline.streams;

/**
 * A record that can never be processed, whatever is retried: its bytes are not a record this processor
 * reads. The cause says why (a {@link io.ledgerline.serde.WireFormatException} with its reason, an
 * {@link io.ledgerline.mapping.UnmappableRecordException}, ...); the record goes to the dead-letter topic.
 */
public final class PoisonRecordException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PoisonRecordException(Throwable cause) {
        super(cause.getMessage(), cause);
    }

    public PoisonRecordException(String message) {
        super(message);
    }

    /** The error the dead letter names: the underlying cause when there is one. */
    public Throwable reason() {
        return getCause() != null ? getCause() : this;
    }
}
