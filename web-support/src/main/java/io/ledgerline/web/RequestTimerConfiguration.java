package io.ledgerline.web;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Puts {@link RequestTimerFilter} where Boot puts Spring's {@link ServerHttpObservationFilter} (same order, same
 * dispatcher types) and switches that one off, so {@code http.server.requests} is recorded once, by the cheaper
 * filter (ADR 0036). A service imports this configuration.
 */
@Configuration(proxyBeanMethods = false)
public class RequestTimerConfiguration {

    @Bean
    FilterRegistrationBean<RequestTimerFilter> requestTimerFilter(MeterRegistry registry,
            @Value("${management.observations.http.server.requests.name:" + RequestTimerFilter.NAME + "}")
            String name) {
        FilterRegistrationBean<RequestTimerFilter> registration =
                new FilterRegistrationBean<>(new RequestTimerFilter(registry, name));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
        return registration;
    }

    @Bean
    static BeanPostProcessor observationFilterOff() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof FilterRegistrationBean<?> registration
                        && registration.getFilter() instanceof ServerHttpObservationFilter) {
                    registration.setEnabled(false);
                }
                return bean;
            }
        };
    }
}
