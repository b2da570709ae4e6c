package io.ledgerline.command.http;

import io.ledgerline.web.JsonAccept;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodReturnValueHandler;
import org.springframework.web.method.support.ModelAndViewContainer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a command handler's {@code ResponseEntity} of one of the {@link CommandAnswers} to the servlet response:
 * status, the entity's headers ({@code ETag}, {@code Location}), {@code Content-Type: application/json},
 * {@code Content-Length} and the JSON bytes of the application's {@link JsonMapper} — the one Spring MVC's converter
 * used, so the body is the same. The converters' content negotiation was ~11 % of a command's request-thread CPU
 * (ADR 0039; the query side did the same in ADR 0029). What it did that matters here is done here: an
 * {@code Accept} that excludes JSON is refused with 406. Problems are not written here: exceptions still go to
 * {@link ApiExceptionHandler}.
 */
final class AnswerWriter implements HandlerMethodReturnValueHandler {

    private static final String JSON = MediaType.APPLICATION_JSON_VALUE;

    private final JsonMapper mapper;

    AnswerWriter(JsonMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public boolean supportsReturnType(MethodParameter returnType) {
        if (!ResponseEntity.class.equals(returnType.getParameterType())) {
            return false;
        }
        Class<?> body = ResolvableType.forMethodParameter(returnType).getGeneric(0).resolve();
        return body != null && body.getEnclosingClass() == CommandAnswers.class;
    }

    @Override
    public void handleReturnValue(Object returnValue, MethodParameter returnType,
            ModelAndViewContainer container, NativeWebRequest webRequest) throws Exception {
        container.setRequestHandled(true);
        ResponseEntity<?> entity = (ResponseEntity<?>) returnValue;
        HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
        HttpServletResponse response = webRequest.getNativeResponse(HttpServletResponse.class);
        JsonAccept.require(request.getHeader(HttpHeaders.ACCEPT));
        byte[] bytes = mapper.writeValueAsBytes(entity.getBody());
        response.setStatus(entity.getStatusCode().value());
        entity.getHeaders().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        response.setContentType(JSON);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
