package io.ledgerline.web;

import java.net.URI;
import java.util.Objects;
import org.springframework.http.HttpStatus;

/**
 * A problem type of the REST APIs (RFC 9457): a stable {@code type} URI under {@link #BASE}, the HTTP status it is
 * answered with and a short title. Clients compare the URIs and never need to fetch them. The types both services
 * answer are the constants here; a service adds its own with {@link #of} (the command API's: ADR 0007).
 */
public record ProblemType(HttpStatus status, URI type, String title) {

    public static final String BASE = "https://ledgerline.io/problems/";

    public static final ProblemType VALIDATION = of(HttpStatus.BAD_REQUEST, "validation", "Invalid request");
    public static final ProblemType MALFORMED_REQUEST =
            of(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request");
    public static final ProblemType NOT_FOUND = of(HttpStatus.NOT_FOUND, "not-found", "Not found");
    public static final ProblemType NO_SUCH_ENDPOINT =
            of(HttpStatus.NOT_FOUND, "no-such-endpoint", "No such endpoint");
    public static final ProblemType METHOD_NOT_ALLOWED =
            of(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed");
    public static final ProblemType NOT_ACCEPTABLE = of(HttpStatus.NOT_ACCEPTABLE, "not-acceptable", "Not acceptable");
    public static final ProblemType UNAVAILABLE =
            of(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Service unavailable");
    public static final ProblemType INTERNAL = of(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error");

    public ProblemType {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(title, "title");
    }

    /** The type {@code BASE + slug}. */
    public static ProblemType of(HttpStatus status, String slug, String title) {
        return new ProblemType(status, URI.create(BASE + slug), title);
    }
}
