package io.ledgerline.command.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import org.springframework.core.Conventions;
import org.springframework.core.MethodParameter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a command handler's {@code @RequestBody} (one of the {@link CommandRequests}) straight from the servlet
 * request with the application's {@link JsonMapper} — the one Spring MVC's converter used, with the strict settings
 * of {@code HttpConfiguration} — and checks it with the application's {@link Validator}. Spring MVC's
 * {@code RequestResponseBodyMethodProcessor} spent about as much around Jackson as Jackson itself (converter
 * selection, header copies, the empty-body probe, body advice, a data binder and a model attribute per request;
 * ADR 0044). What it did that matters here is done here, with the same exceptions, so {@link ApiExceptionHandler}
 * answers as before: an empty (or {@code null}) required body and invalid JSON are
 * {@link HttpMessageNotReadableException}s (400 {@code malformed-request}, naming the field), an invalid body a
 * {@link MethodArgumentNotValidException} built by Spring's own data binder (400 {@code validation}), a body over the
 * limit the {@link RequestBodyLimitFilter}'s 413.
 *
 * <p>Only a body declared as {@code application/json} in UTF-8 (or without a charset) is read here; anything else
 * (another media type, another charset, no {@code Content-Type}: the optional bodies of freeze and unfreeze) goes to
 * Spring MVC's processor, which answers or refuses it (415) as before.
 */
final class CommandBodyReader implements HandlerMethodArgumentResolver {

    private static final String JSON = "application/json";

    private final JsonMapper mapper;
    private final Validator validator;
    private final HandlerMethodArgumentResolver springMvc;
    private final ClassValue<ObjectReader> readers = new ClassValue<>() {
        @Override
        protected ObjectReader computeValue(Class<?> type) {
            return mapper.readerFor(type);
        }
    };

    /** @param springMvc Spring MVC's {@code @RequestBody} resolver, for the requests not read here */
    CommandBodyReader(JsonMapper mapper, Validator validator, HandlerMethodArgumentResolver springMvc) {
        this.mapper = mapper;
        this.validator = validator;
        this.springMvc = springMvc;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.hasParameterAnnotation(RequestBody.class)
                && parameter.getParameterType().getEnclosingClass() == CommandRequests.class
                && !parameter.hasParameterAnnotation(Validated.class);
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
            NativeWebRequest webRequest, WebDataBinderFactory binderFactory) throws Exception {
        HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
        if (!utf8Json(request)) {
            return springMvc.resolveArgument(parameter, container, webRequest, binderFactory);
        }
        byte[] bytes = request.getInputStream().readAllBytes();
        Object body = bytes.length == 0 ? null : read(parameter.getParameterType(), bytes, request);
        if (body == null) {
            if (parameter.getParameterAnnotation(RequestBody.class).required()) {
                throw new HttpMessageNotReadableException("Required request body is missing: "
                        + parameter.getExecutable().toGenericString(), new ServletServerHttpRequest(request));
            }
            return null;
        }
        if (parameter.hasParameterAnnotation(Valid.class) && !validator.validate(body).isEmpty()) {
            // The errors as Spring MVC reports them: its binder, its validator, its messages.
            WebDataBinder binder = binderFactory.createBinder(webRequest, body,
                    Conventions.getVariableNameForParameter(parameter));
            binder.validate();
            throw new MethodArgumentNotValidException(parameter, binder.getBindingResult());
        }
        return body;
    }

    private Object read(Class<?> type, byte[] bytes, HttpServletRequest request) {
        try {
            return readers.get(type).readValue(bytes);
        } catch (JacksonException e) {
            throw new HttpMessageNotReadableException("JSON parse error: " + e.getOriginalMessage(), e,
                    new ServletServerHttpRequest(request));
        }
    }

    /** {@code application/json}, alone or with {@code charset=utf-8}: the header as sent, not a forced default. */
    private static boolean utf8Json(HttpServletRequest request) {
        String contentType = request.getContentType();
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        if (semicolon < 0) {
            return contentType.trim().equalsIgnoreCase(JSON);
        }
        String parameters = contentType.substring(semicolon + 1).replace(" ", "").replace("\"", "");
        return contentType.substring(0, semicolon).trim().equalsIgnoreCase(JSON)
                && parameters.equalsIgnoreCase("charset=utf-8");
    }
}
