package io.ledgerline.command.http;

import io.ledgerline.command.gateway.CommandNotSentException;
import io.ledgerline.command.gateway.GatewayBusyException;
import io.ledgerline.command.gateway.IdempotencyKeyReusedException;
import io.ledgerline.command.status.StatusUnavailableException;
import io.ledgerline.outcome.CommandOutcome;
import io.ledgerline.web.ProblemExceptionHandler;
import io.ledgerline.web.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import tools.jackson.core.JacksonException;

/**
 * The one place where the command API's failures become HTTP answers: every one is {@code application/problem+json}
 * (RFC 9457) with a stable {@code type} per kind ({@link ProblemType}, {@link CommandProblemTypes}), a
 * {@code detail} meant for the caller and never a stack trace. What both APIs share (Spring MVC's own exceptions,
 * the unexpected ones, the shape of a problem) is {@link ProblemExceptionHandler}'s; 413 and 415 from Spring MVC
 * get the command API's own types here.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ProblemExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(CommandRefusedException.class)
    ResponseEntity<Object> refused(CommandRefusedException e, HttpServletRequest request) {
        CommandOutcome outcome = e.outcome();
        ProblemType type = switch (outcome.code()) {
            case REJECTED_VALIDATION -> ProblemType.VALIDATION;
            case REJECTED_RULE -> CommandProblemTypes.RULE_BROKEN;
            case NOT_FOUND -> ProblemType.NOT_FOUND;
            case ALREADY_EXISTS -> CommandProblemTypes.ALREADY_EXISTS;
            case VERSION_CONFLICT -> CommandProblemTypes.VERSION_MISMATCH;
            case UNKNOWN -> CommandProblemTypes.UNKNOWN_OUTCOME;
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
        ProblemDetail problem = problem(CommandProblemTypes.COMMAND_PENDING,
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
        ProblemDetail problem = problem(CommandProblemTypes.IDEMPOTENCY_KEY_REUSED, "Idempotency-Key " + e.commandId()
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

    @ExceptionHandler(InvalidPathException.class)
    ResponseEntity<Object> invalidPath(InvalidPathException e, WebRequest request) {
        return invalid(List.of(error(e.variable(), e.problem())), request);
    }

    @ExceptionHandler(UnknownCommandException.class)
    ResponseEntity<Object> unknownCommand(UnknownCommandException e, HttpServletRequest request) {
        return answer(problem(CommandProblemTypes.UNKNOWN_COMMAND, e.getMessage(), request), new HttpHeaders());
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<Object> tooLarge(PayloadTooLargeException e, HttpServletRequest request) {
        return answer(problem(CommandProblemTypes.PAYLOAD_TOO_LARGE, e.getMessage(), request), new HttpHeaders());
    }

    @ExceptionHandler({CommandNotSentException.class, GatewayBusyException.class})
    ResponseEntity<Object> unavailable(RuntimeException e, HttpServletRequest request) {
        log.warn("Answering 503: {}", e.getMessage());
        return unavailable("the command was not taken: " + e.getMessage()
                + "; retrying with the same Idempotency-Key is safe", request);
    }

    @ExceptionHandler({SagaUnavailableException.class, StatusUnavailableException.class})
    ResponseEntity<Object> notReady(RuntimeException e, HttpServletRequest request) {
        log.warn("Answering 503: {}", e.getMessage());
        return unavailable(e.getMessage(), request);
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

    @Override
    protected ProblemType typeFor(HttpStatusCode status) {
        return switch (status.value()) {
            case 413 -> CommandProblemTypes.PAYLOAD_TOO_LARGE;
            case 415 -> CommandProblemTypes.UNSUPPORTED_MEDIA_TYPE;
            default -> super.typeFor(status);
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

    private static <T extends Throwable> T cause(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
