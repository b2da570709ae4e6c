package io.ledgerline.query.http;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.concurrent.CompletionException;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the read API, mapped in one place to {@code application/problem+json} with a stable type
 * ({@link ProblemType}), a {@code detail} meant for the caller and never a stack trace. Spring MVC's own exceptions
 * (a parameter of the wrong type, 405, 406) come through the base class and get their type here too.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ApiExceptionHandler.class);
    static final String RETRY_AFTER_SECONDS = "1";

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<Object> notFound(NotFoundException e, HttpServletRequest request) {
        return answer(problem(ProblemType.NOT_FOUND, e.getMessage(), request), new HttpHeaders());
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
        HttpHeaders headers = new HttpHeaders();
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

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, HttpServletRequest request) {
        LOG.error("Unexpected failure answering {} {}", request.getMethod(), request.getRequestURI(), e);
        return answer(problem(ProblemType.INTERNAL, "an unexpected error occurred; it has been logged", request),
                new HttpHeaders());
    }

    /** Spring MVC's other exceptions arrive here with a ProblemDetail body: give it our type and instance. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        if (body == null && ex instanceof ErrorResponse error) {
            body = error.updateAndGetBody(getMessageSource(), LocaleContextHolder.getLocale());
        }
        if (body instanceof ProblemDetail problem && request instanceof ServletWebRequest servlet) {
            ProblemType type = typeFor(statusCode);
            problem.setType(type.type());
            problem.setTitle(type.title());
            problem.setInstance(URI.create(servlet.getRequest().getRequestURI()));
        }
        return super.handleExceptionInternal(ex, body, headers, statusCode, request);
    }

    private static ProblemType typeFor(HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> ProblemType.MALFORMED_REQUEST;
            case 404 -> ProblemType.NO_SUCH_ENDPOINT;
            case 405 -> ProblemType.METHOD_NOT_ALLOWED;
            case 406 -> ProblemType.NOT_ACCEPTABLE;
            case 503 -> ProblemType.UNAVAILABLE;
            default -> status.is4xxClientError() ? ProblemType.MALFORMED_REQUEST : ProblemType.INTERNAL;
        };
    }

    private static ProblemDetail problem(ProblemType type, String detail, HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(type.status(), detail);
        problem.setType(type.type());
        problem.setTitle(type.title());
        problem.setInstance(URI.create(request.getRequestURI()));
        return problem;
    }

    private static ResponseEntity<Object> answer(ProblemDetail problem, HttpHeaders headers) {
        return ResponseEntity.status(problem.getStatus()).headers(headers)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
