package io.ledgerline.query.http;

/**
 * The read cannot be answered now, but can soon: the stores are starting, restoring or moving between instances,
 * the owner of the key cannot be reached, or too many reads are waiting. 503 with {@code Retry-After}.
 */
public final class UnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnavailableException(String message) {
        super(message);
    }

    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
