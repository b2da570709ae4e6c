package io.ledgerline.command.http;

import java.net.URI;
import org.springframework.http.HttpStatus;

/**
 * The problem types of the command API (RFC 9457): one stable {@code type} URI per kind of answer, documented in
 * ADR 0007. The URIs identify; clients compare them and never need to fetch them.
 */
enum ProblemType {
    VALIDATION(HttpStatus.BAD_REQUEST, "validation", "Invalid request"),
    MALFORMED_REQUEST(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "not-found", "Not found"),
    UNKNOWN_COMMAND(HttpStatus.NOT_FOUND, "unknown-command", "Unknown command"),
    NO_SUCH_ENDPOINT(HttpStatus.NOT_FOUND, "no-such-endpoint", "No such endpoint"),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed"),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "not-acceptable", "Not acceptable"),
    ALREADY_EXISTS(HttpStatus.CONFLICT, "already-exists", "Already exists"),
    VERSION_MISMATCH(HttpStatus.PRECONDITION_FAILED, "version-mismatch", "Version mismatch"),
    PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Request body too large"),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type"),
    RULE_BROKEN(HttpStatus.UNPROCESSABLE_CONTENT, "rule-broken", "Refused by a business rule"),
    IDEMPOTENCY_KEY_REUSED(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused",
            "Idempotency key reused for a different request"),
    COMMAND_PENDING(HttpStatus.ACCEPTED, "command-pending", "Command accepted for processing"),
    UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Service unavailable"),
    UNKNOWN_OUTCOME(HttpStatus.BAD_GATEWAY, "unknown-outcome", "Outcome not understood"),
    INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error");

    static final String BASE = "https://ledgerline.io/problems/";

    private final HttpStatus status;
    private final URI type;
    private final String title;

    ProblemType(HttpStatus status, String slug, String title) {
        this.status = status;
        this.type = URI.create(BASE + slug);
        this.title = title;
    }

    HttpStatus status() {
        return status;
    }

    URI type() {
        return type;
    }

    String title() {
        return title;
    }
}
