package io.ledgerline.query.http;

import java.net.URI;
import org.springframework.http.HttpStatus;

/**
 * The problem types of the read API (RFC 9457), one stable {@code type} URI per kind of answer, sharing the command
 * API's base (ADR 0007, ADR 0011). Clients compare them and never need to fetch them.
 */
enum ProblemType {
    VALIDATION(HttpStatus.BAD_REQUEST, "validation", "Invalid request"),
    MALFORMED_REQUEST(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "not-found", "Not found"),
    NO_SUCH_ENDPOINT(HttpStatus.NOT_FOUND, "no-such-endpoint", "No such endpoint"),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed"),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "not-acceptable", "Not acceptable"),
    UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Service unavailable"),
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
