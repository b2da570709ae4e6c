package io.ledgerline.command.http;

import io.ledgerline.command.gateway.CommandNotSentException;
import io.ledgerline.command.gateway.GatewayBusyException;
import io.ledgerline.command.gateway.IdempotencyKeyReusedException;
import io.ledgerline.command.status.StatusUnavailableException;
import io.ledgerline.outcome.CommandOutcome;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * The one place where failures become HTTP answers: every one is {@code application/problem+json} (RFC 9457) with
 * a stable {@code type} per kind ({@link ProblemType}), a {@code detail} meant for the caller and never a stack
 * trace. Spring MVC's own exceptions (405, 406, 415, unreadable bodies) come through the base class and get their
 * type here too.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    private static final String RETRY_AFTER_SECONDS = "1";

    @ExceptionHandler(CommandRefusedException.class)
    ResponseEntity<Object> refused(CommandRefusedException e, HttpServletRequest request) {
        CommandOutcome outcome = e.outcome();
        ProblemType type = switch (outcome.code()) {
            case REJECTED_VALIDATION -> ProblemType.VALIDATION;
            case REJECTED_RULE -> ProblemType.RULE_BROKEN;
            case NOT_FOUND -> ProblemType.NOT_FOUND;
            case ALREADY_EXISTS -> ProblemType.ALREADY_EXISTS;
            case VERSION_CONFLICT -> ProblemType.VERSION_MISMATCH;
            case UNKNOWN -> ProblemType.UNKNOWN_OUTCOME;
            case ACCEPTED -> throw new IllegalStateException("an accepted outcome is no refusal");
        };
        ProblemDetail problem = problem(type, outcome.message(), request);
        problem.setProperty("commandId", outcome.commandId());
        problem.setProperty("code", outcome.code().name());
        problem.setProperty("aggregateId", outcome.aggregateId());
        problem.setProperty("version", outcome.version());
        HttpHeaders headers = new HttpHeaders();
        if (outcome.version() != null) {
            headers.setETag("\"" + outcome.version() + "\"");
        }
        return answer(problem, headers);
    }

    @ExceptionHandler(CommandPendingException.class)
    ResponseEntity<Object> pending(CommandPendingException e, HttpServletRequest request) {
        ProblemDetail problem = problem(ProblemType.COMMAND_PENDING,
                e.getMessage() + "; ask the status URL in Location", request);
        problem.setProperty("commandId", e.commandId());
        // "status" is the problem's own HTTP status member (RFC 9457), hence commandStatus.
        problem.setProperty("commandStatus", CommandStatusController.PENDING);
        e.ids().forEach(problem::setProperty);
        HttpHeaders headers = new HttpHeaders();
        headers.setLocation(URI.create("/api/commands/" + e.commandId()));
        return answer(problem, headers);
    }

    @ExceptionHandler(IdempotencyKeyReusedException.class)
    ResponseEntity<Object> keyReused(IdempotencyKeyReusedException e, HttpServletRequest request) {
        ProblemDetail problem = problem(ProblemType.IDEMPOTENCY_KEY_REUSED, "Idempotency-Key " + e.commandId()
                + " was already used for a different request; use a new key for a new request", request);
        problem.setProperty("commandId", e.commandId());
        return answer(problem, new HttpHeaders());
    }

    @ExceptionHandler(InvalidHeaderException.class)
    ResponseEntity<Object> invalidHeader(InvalidHeaderException e, HttpServletRequest request) {
        ProblemDetail problem = problem(ProblemType.MALFORMED_REQUEST, e.getMessage(), request);
        problem.setProperty("header", e.header());
        return answer(problem, new HttpHeaders());
    }

    @ExceptionHandler(UnknownCommandException.class)
    ResponseEntity<Object> unknownCommand(UnknownCommandException e, HttpServletRequest request) {
        return answer(problem(ProblemType.UNKNOWN_COMMAND, e.getMessage(), request), new HttpHeaders());
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<Object> tooLarge(PayloadTooLargeException e, HttpServletRequest request) {
        return answer(problem(ProblemType.PAYLOAD_TOO_LARGE, e.getMessage(), request), new HttpHeaders());
    }

    @ExceptionHandler({CommandNotSentException.class, GatewayBusyException.class})
    ResponseEntity<Object> unavailable(RuntimeException e, HttpServletRequest request) {
        log.warn("Answering 503: {}", e.getMessage());
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        return answer(problem(ProblemType.UNAVAILABLE, "the command was not taken: " + e.getMessage()
                + "; retrying with the same Idempotency-Key is safe", request), headers);
    }

    @ExceptionHandler({SagaUnavailableException.class, StatusUnavailableException.class})
    ResponseEntity<Object> notReady(RuntimeException e, HttpServletRequest request) {
        log.warn("Answering 503: {}", e.getMessage());
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        return answer(problem(ProblemType.UNAVAILABLE, e.getMessage(), request), headers);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, HttpServletRequest request) {
        log.error("Unexpected failure answering {} {}", request.getMethod(), request.getRequestURI(), e);
        return answer(problem(ProblemType.INTERNAL, "an unexpected error occurred; it has been logged", request),
                new HttpHeaders());
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = new ArrayList<>();
        ex.getBindingResult().getFieldErrors().forEach(f -> errors.add(error(f.getField(), f.getDefaultMessage())));
        ex.getBindingResult().getGlobalErrors().forEach(g -> errors.add(error(g.getObjectName(), g.getDefaultMessage())));
        return invalid(errors, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = new ArrayList<>();
        for (ParameterValidationResult result : ex.getParameterValidationResults()) {
            if (result instanceof ParameterErrors bodyErrors) {
                for (FieldError field : bodyErrors.getFieldErrors()) {
                    errors.add(error(field.getField(), field.getDefaultMessage()));
                }
            } else {
                String name = result.getMethodParameter().getParameterName();
                for (MessageSourceResolvable error : result.getResolvableErrors()) {
                    errors.add(error(name, error.getDefaultMessage()));
                }
            }
        }
        return invalid(errors, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        HttpServletRequest servletRequest = ((ServletWebRequest) request).getRequest();
        PayloadTooLargeException tooLarge = cause(ex, PayloadTooLargeException.class);
        if (tooLarge != null) {
            return tooLarge(tooLarge, servletRequest);
        }
        JacksonException json = cause(ex, JacksonException.class);
        String field = json == null ? "" : json.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .reduce((a, b) -> a + "." + b).orElse("");
        String detail = field.isEmpty()
                ? "the request body is missing or is not valid JSON of the expected shape"
                : "field '" + field + "' has the wrong type or format (amounts are whole numbers of minor units)"
                        + " or is not a known field";
        return answer(problem(ProblemType.MALFORMED_REQUEST, detail, servletRequest), new HttpHeaders());
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
            case 413 -> ProblemType.PAYLOAD_TOO_LARGE;
            case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
            case 503 -> ProblemType.UNAVAILABLE;
            default -> status.is4xxClientError() ? ProblemType.MALFORMED_REQUEST : ProblemType.INTERNAL;
        };
    }

    private ResponseEntity<Object> invalid(List<Map<String, String>> errors, WebRequest request) {
        HttpServletRequest servletRequest = ((ServletWebRequest) request).getRequest();
        String detail = errors.stream().map(e -> e.get("field") + " " + e.get("message"))
                .reduce((a, b) -> a + "; " + b).orElse("the request is invalid");
        ProblemDetail problem = problem(ProblemType.VALIDATION, detail, servletRequest);
        problem.setProperty("errors", errors);
        return answer(problem, new HttpHeaders());
    }

    private static Map<String, String> error(String field, String message) {
        return Map.of("field", field == null ? "" : field, "message", message == null ? "is invalid" : message);
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

    private static <T extends Throwable> T cause(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
