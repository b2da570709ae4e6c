package io.ledgerline.query.http;

import jakarta.servlet.http.HttpServletRequest;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** Answers of the read API: the read model's version is its ETag, and {@code If-None-Match} on it answers 304. */
public final class Answers {

    private Answers() {
    }

    public static ResponseEntity<Object> versioned(Object body, long version, HttpServletRequest request) {
        String etag = "\"" + version + "\"";
        String ifNoneMatch = request.getHeader(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch != null && matches(ifNoneMatch, etag)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).build();
        }
        return ResponseEntity.ok().eTag(etag).body(body);
    }

    public static CompletableFuture<ResponseEntity<Object>> now(Object body, long version,
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
