package io.ledgerline.query.http;

import jakarta.servlet.http.HttpServletRequest;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.HttpHeaders;

/** Answers of the read API: the read model's version is its ETag, and {@code If-None-Match} on it answers 304. */
public final class Answers {

    private Answers() {
    }

    public static Answer versioned(Object body, long version, HttpServletRequest request) {
        String etag = "\"" + version + "\"";
        String ifNoneMatch = request.getHeader(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch != null && matches(ifNoneMatch, etag)) {
            return Answer.notModified(etag);
        }
        return Answer.ok(body, etag);
    }

    public static CompletableFuture<Answer> now(Object body, long version,
            HttpServletRequest request) {
        return CompletableFuture.completedFuture(versioned(body, version, request));
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }
}
