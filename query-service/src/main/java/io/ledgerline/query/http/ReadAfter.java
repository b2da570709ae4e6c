package io.ledgerline.query.http;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.MethodParameter;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.convert.ConversionService;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * A read's optional {@code minVersion} and {@code waitMs} query parameters, each null when absent. A controller
 * declares it as a parameter instead of two {@code @RequestParam Long}s: Spring MVC builds a data binder and a type
 * converter for each {@code @RequestParam}, present or not: ~1.0–1.4 KB of heap per GET on the hot path (ADR 0038).
 * {@link Resolver} converts them with Spring MVC's conversion service and refuses a malformed one with the exception
 * Spring MVC throws, so the values and the 400 answers are the same.
 */
public record ReadAfter(Long minVersion, Long waitMs) {

    /** Resolves a {@link ReadAfter} parameter from the request's query parameters. */
    static final class Resolver implements HandlerMethodArgumentResolver {

        private final ConversionService conversions;

        Resolver(ConversionService conversions) {
            this.conversions = conversions;
        }

        @Override
        public boolean supportsParameter(MethodParameter parameter) {
            return parameter.getParameterType() == ReadAfter.class;
        }

        @Override
        public ReadAfter resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
                NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
            HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
            return new ReadAfter(number(request, "minVersion", parameter), number(request, "waitMs", parameter));
        }

        /** As {@code @RequestParam(required = false) Long name} resolves it. */
        private Long number(HttpServletRequest request, String name, MethodParameter parameter) {
            String[] values = request.getParameterValues(name);
            if (values == null) {
                return null;
            }
            Object raw = values.length == 1 ? values[0] : values;
            try {
                return conversions.convert(raw, Long.class);
            } catch (ConversionException e) {
                throw new MethodArgumentTypeMismatchException(raw, Long.class, name, parameter, e.getCause());
            }
        }
    }
}
