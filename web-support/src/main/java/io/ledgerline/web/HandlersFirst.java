package io.ledgerline.web;

import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.HandlerMethodReturnValueHandler;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * Puts a service's own argument resolver or return-value handler first in Spring MVC's adapter, once the adapter has
 * built its defaults: Spring asks them in order and a catch-all of its own (the {@code @ResponseBody} processor, the
 * model-attribute resolver) would otherwise take the value first (ADR 0029, 0038, 0039). Each is returned as a bean.
 */
public final class HandlersFirst {

    private HandlersFirst() {
    }

    public static SmartInitializingSingleton returnValues(RequestMappingHandlerAdapter adapter,
            HandlerMethodReturnValueHandler handler) {
        return () -> adapter.setReturnValueHandlers(first(handler, adapter.getReturnValueHandlers()));
    }

    public static SmartInitializingSingleton arguments(RequestMappingHandlerAdapter adapter,
            HandlerMethodArgumentResolver resolver) {
        return () -> adapter.setArgumentResolvers(first(resolver, adapter.getArgumentResolvers()));
    }

    private static <T> List<T> first(T first, List<T> rest) {
        List<T> all = new ArrayList<>();
        all.add(first);
        if (rest != null) {
            all.addAll(rest);
        }
        return all;
    }
}
