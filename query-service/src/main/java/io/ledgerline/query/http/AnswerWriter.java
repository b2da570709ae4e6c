package io.ledgerline.query.http;

import io.ledgerline.web.JsonAccept;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodReturnValueHandler;
import org.springframework.web.method.support.ModelAndViewContainer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes an {@link Answer} to the servlet response, for a controller (at once or through a {@code CompletableFuture})
 * and for {@link DirectReadFilter}, which answers before Spring MVC (ADR 0042), so both write the same bytes: status,
 * {@code ETag}, {@code Ledgerline-Projection-Version}, {@code Content-Length} and the JSON bytes, encoded by the
 * application's {@link JsonMapper} — the one Spring MVC's converter would use, so the JSON is the same. Spring MVC's
 * message converters, content negotiation and chunked output were about a third of a GET's request-thread CPU
 * (ADR 0029). What they did that matters here is done here: an {@code Accept} that excludes JSON is refused with 406.
 */
public final class AnswerWriter implements HandlerMethodReturnValueHandler {

    private static final String JSON = MediaType.APPLICATION_JSON_VALUE;

    private final JsonMapper mapper;

    public AnswerWriter(JsonMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public boolean supportsReturnType(MethodParameter returnType) {
        return Answer.class.isAssignableFrom(returnType.getParameterType());
    }

    @Override
    public void handleReturnValue(Object returnValue, MethodParameter returnType,
            ModelAndViewContainer container, NativeWebRequest webRequest) throws Exception {
        container.setRequestHandled(true);
        write((Answer) returnValue, webRequest.getNativeRequest(HttpServletRequest.class),
                webRequest.getNativeResponse(HttpServletResponse.class));
    }

    /**
     * Writes {@code answer} to {@code response}; refuses (406, before writing anything) a body the request's
     * {@code Accept} excludes.
     */
    public void write(Answer answer, HttpServletRequest request, HttpServletResponse response)
            throws IOException, HttpMediaTypeNotAcceptableException {
        byte[] bytes;
        String contentType = answer.contentType();
        if (answer.body() instanceof byte[] relayed) {
            bytes = relayed;
        } else if (answer.body() != null) {
            JsonAccept.require(request.getHeader(HttpHeaders.ACCEPT));
            bytes = mapper.writeValueAsBytes(answer.body());
            contentType = JSON;
        } else {
            bytes = null;
        }
        response.setStatus(answer.status());
        if (answer.etag() != null) {
            response.setHeader(HttpHeaders.ETAG, answer.etag());
        }
        if (answer.retryAfter() != null) {
            response.setHeader(HttpHeaders.RETRY_AFTER, answer.retryAfter());
        }
        if (answer.version() != null) {
            response.setHeader(ReadModels.PROJECTION_VERSION, answer.version());
        }
        if (bytes == null) {
            return;
        }
        if (contentType != null) {
            response.setContentType(contentType);
        }
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
