package io.ledgerline.web;

import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;

/**
 * The one content-negotiation rule of the services' answer writers, which write JSON bytes without Spring MVC's
 * message converters (ADR 0029, 0039): an {@code Accept} header that excludes JSON is refused with 406, as the
 * converters would; no header, {@code *}{@code /*} or {@code application/json} pass without parsing.
 */
public final class JsonAccept {

    private static final String JSON = MediaType.APPLICATION_JSON_VALUE;

    private JsonAccept() {
    }

    /** Throws {@link HttpMediaTypeNotAcceptableException} (406) unless {@code accept} admits JSON. */
    public static void require(String accept) throws HttpMediaTypeNotAcceptableException {
        if (accept == null || accept.equals("*/*") || accept.equals(JSON)) {
            return;
        }
        List<MediaType> accepted;
        try {
            accepted = MediaType.parseMediaTypes(accept);
        } catch (IllegalArgumentException e) {
            throw new HttpMediaTypeNotAcceptableException("could not parse Accept: " + e.getMessage());
        }
        for (MediaType type : accepted) {
            if (type.isCompatibleWith(MediaType.APPLICATION_JSON)) {
                return;
            }
        }
        throw new HttpMediaTypeNotAcceptableException(List.of(MediaType.APPLICATION_JSON));
    }
}
