package io.ledgerline.registry;

/**
 * A registry refused or could not answer a request. {@code httpStatus} and {@code errorCode} follow Confluent's
 * API ({@code {"error_code":40401,"message":"Subject 'x' not found."}}); failures that never reached a registry
 * (I/O, timeouts, an open circuit breaker) use status 0 and error code {@link #UNAVAILABLE}.
 */
public class SchemaRegistryException extends RuntimeException {

    public static final int SUBJECT_NOT_FOUND = 40401;
    public static final int VERSION_NOT_FOUND = 40402;
    public static final int SCHEMA_NOT_FOUND = 40403;
    public static final int INCOMPATIBLE_SCHEMA = 409;
    public static final int INVALID_SCHEMA = 42201;
    public static final int INVALID_VERSION = 42202;
    public static final int INVALID_COMPATIBILITY_LEVEL = 42203;
    public static final int INTERNAL_ERROR = 50001;
    public static final int UNAVAILABLE = -1;

    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(int httpStatus, int errorCode, String message) {
        this(httpStatus, errorCode, message, null);
    }

    public SchemaRegistryException(int httpStatus, int errorCode, String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public int errorCode() {
        return errorCode;
    }

    /** Whether the answer means "no such subject, or that schema is not under it" (a lookup's empty answer). */
    public boolean schemaAbsent() {
        return errorCode == SUBJECT_NOT_FOUND || errorCode == SCHEMA_NOT_FOUND;
    }

    /** Whether trying again later may succeed (server errors and transport failures). */
    public boolean retriable() {
        return httpStatus == 0 || httpStatus >= 500;
    }
}
