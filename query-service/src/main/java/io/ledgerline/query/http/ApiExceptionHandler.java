package io.ledgerline.query.http;

import io.ledgerline.web.ProblemExceptionHandler;
import io.ledgerline.web.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import java.util.concurrent.CompletionException;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Every error of the read API, mapped in one place to {@code application/problem+json} with a stable type
 * ({@link ProblemType}), a {@code detail} meant for the caller and never a stack trace. What both APIs share
 * (Spring MVC's own exceptions, the unexpected ones, the shape of a problem) is {@link ProblemExceptionHandler}'s.
 *
 * <p>Headers, as on a 200: a 404 or 503 of a read that a projection version was chosen for names it in
 * {@code Ledgerline-Projection-Version}; neither has an {@code ETag}, as there is no version of the read model to
 * name (so an {@code If-None-Match} never turns them into a 304); a 503 says {@code Retry-After}.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ProblemExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<Object> notFound(NotFoundException e, HttpServletRequest request) {
        return answer(problem(ProblemType.NOT_FOUND, e.getMessage(), request), answeredBy(request));
    }

    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<Object> invalid(InvalidParameterException e, HttpServletRequest request) {
        ProblemDetail problem = problem(ProblemType.VALIDATION, e.getMessage(), request);
        problem.setProperty("parameter", e.parameter());
        return answer(problem, new HttpHeaders());
    }

    @ExceptionHandler(UnavailableException.class)
    ResponseEntity<Object> unavailable(UnavailableException e, HttpServletRequest request) {
        LOG.debug("Answering 503: {}", e.getMessage());
        HttpHeaders headers = answeredBy(request);
        headers.set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        return answer(problem(ProblemType.UNAVAILABLE, e.getMessage(), request), headers);
    }

    /** A local store that closed or moved between finding it and reading it (a rebalance): retry soon. */
    @ExceptionHandler(InvalidStateStoreException.class)
    ResponseEntity<Object> storeMoved(InvalidStateStoreException e, HttpServletRequest request) {
        return unavailable(new UnavailableException("the store is being moved or restored here now: "
                + e.getMessage(), e), request);
    }

    @ExceptionHandler(CompletionException.class)
    ResponseEntity<Object> completion(CompletionException e, HttpServletRequest request) {
        Throwable cause = e.getCause();
        if (cause instanceof NotFoundException notFound) {
            return notFound(notFound, request);
        }
        if (cause instanceof InvalidParameterException invalid) {
            return invalid(invalid, request);
        }
        if (cause instanceof UnavailableException unavailable) {
            return unavailable(unavailable, request);
        }
        if (cause instanceof InvalidStateStoreException moved) {
            return storeMoved(moved, request);
        }
        return unexpected(cause instanceof Exception failure ? failure : e, request);
    }

    /** The projection version the read was given to, if one was chosen before it failed. */
    private static HttpHeaders answeredBy(HttpServletRequest request) {
        HttpHeaders headers = new HttpHeaders();
        if (request.getAttribute(ReadModels.ANSWERED_BY) instanceof String version) {
            headers.set(ReadModels.PROJECTION_VERSION, version);
        }
        return headers;
    }
}
