package io.ledgerline.web;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The API's {@code @RequestMapping}s are looked up before actuator's (ADR 0029, 0037): {@code DispatcherServlet} asks
 * its handler mappings in order, and actuator's endpoint mapping (order -100) would otherwise check every one of its
 * endpoints ({@code produces} conditions first) on each API request before Spring MVC's own (order 0). No API path
 * lies under {@code /actuator}, so each request still reaches the handler it reached before. A service imports this
 * configuration.
 */
@Configuration(proxyBeanMethods = false)
public class ApiMappingsFirstConfiguration {

    /** Before actuator's endpoint mappings (-100) and Spring MVC's router functions (-1). */
    public static final int API_MAPPINGS_ORDER = -200;

    @Bean
    static BeanPostProcessor apiMappingsFirst() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof RequestMappingHandlerMapping mapping
                        && mapping.getClass() == RequestMappingHandlerMapping.class) {
                    mapping.setOrder(API_MAPPINGS_ORDER);
                }
                return bean;
            }
        };
    }
}
