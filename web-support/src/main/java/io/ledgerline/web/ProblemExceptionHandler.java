package io.ledgerline.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
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
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * What every REST API here answers a failure with, extended by each service's one {@code @RestControllerAdvice}:
 * {@code application/problem+json} (RFC 9457) with a stable {@link ProblemType}, the request path as
 * {@code instance}, a {@code detail} meant for the caller and never a stack trace. Spring MVC's own exceptions (a
 * parameter of the wrong type, an unknown path, 405, 406, ...) come through the base class and get their type from
 * {@link #typeFor}; anything unexpected is logged and answered 500 {@code internal}.
 */
public abstract class ProblemExceptionHandler extends ResponseEntityExceptionHandler {

    /** How long a 503 asks the caller to wait: the conditions behind it (a rebalance, a full queue) pass quickly. */
    protected static final String RETRY_AFTER_SECONDS = "1";

    private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

    @ExceptionHandler(Exception.class)
    protected ResponseEntity<Object> unexpected(Exception e, HttpServletRequest request) {
        log.error("Unexpected failure answering {} {}", request.getMethod(), request.getRequestURI(), e);
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

    /** The type of a status Spring MVC answered by itself; a service with more types of its own adds to it. */
    protected ProblemType typeFor(HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> ProblemType.MALFORMED_REQUEST;
            case 404 -> ProblemType.NO_SUCH_ENDPOINT;
            case 405 -> ProblemType.METHOD_NOT_ALLOWED;
            case 406 -> ProblemType.NOT_ACCEPTABLE;
            case 503 -> ProblemType.UNAVAILABLE;
            default -> status.is4xxClientError() ? ProblemType.MALFORMED_REQUEST : ProblemType.INTERNAL;
        };
    }

    /** A problem of {@code type} about {@code request}. */
    protected static ProblemDetail problem(ProblemType type, String detail, HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(type.status(), detail);
        problem.setType(type.type());
        problem.setTitle(type.title());
        problem.setInstance(URI.create(request.getRequestURI()));
        return problem;
    }

    /** 503 {@code unavailable} with {@code Retry-After}. */
    protected static ResponseEntity<Object> unavailable(String detail, HttpServletRequest request) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        return answer(problem(ProblemType.UNAVAILABLE, detail, request), headers);
    }

    /** {@code problem} as {@code application/problem+json} with its own status. */
    protected static ResponseEntity<Object> answer(ProblemDetail problem, HttpHeaders headers) {
        return ResponseEntity.status(problem.getStatus()).headers(headers)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
