package io.ledgerline.query.http;

/**
 * An answer of the read API: a status, the read model's ETag and either a body to encode as JSON or the bytes
 * another instance answered. {@link AnswerWriter} writes it straight to the response, without Spring MVC's message
 * converters (ADR 0029).
 *
 * @param etag        the {@code ETag}, or null
 * @param contentType the bytes' {@code Content-Type}; null for a body encoded here ({@code application/json})
 * @param retryAfter  the {@code Retry-After} to relay, or null
 * @param body        the answer to encode as JSON, a {@code byte[]} to write as it is, or null for no body
 * @param version     the application id of the projection version that answered
 *                    ({@link ReadModels#PROJECTION_VERSION}), or null
 */
public record Answer(int status, String etag, String contentType, String retryAfter, Object body, String version) {

    public static Answer ok(Object body, String etag) {
        return new Answer(200, etag, null, null, body, null);
    }

    public static Answer notModified(String etag) {
        return new Answer(304, etag, null, null, null, null);
    }

    /** Another instance's answer, relayed as it came. */
    public static Answer relayed(int status, String contentType, String etag, String retryAfter, byte[] body,
            String version) {
        return new Answer(status, etag, contentType, retryAfter, body, version);
    }

    /** This answer, said to come from the projection version {@code applicationId}. */
    public Answer answeredBy(String applicationId) {
        return new Answer(status, etag, contentType, retryAfter, body, applicationId);
    }
}
