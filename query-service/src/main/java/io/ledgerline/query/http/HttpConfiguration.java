package io.ledgerline.query.http;

import io.ledgerline.query.ProjectionsRunner;
import io.ledgerline.query.QueryProperties;
import io.ledgerline.web.ApiMappingsFirstConfiguration;
import io.ledgerline.web.HandlersFirst;
import io.ledgerline.web.RequestTimerConfiguration;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.convert.ConversionService;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The read API's plumbing: routing to the owning instance, bounded waits, parameter limits, writing answers, and
 * {@code http.server.requests} timed by {@link io.ledgerline.web.RequestTimerFilter} (ADR 0036).
 */
@Configuration(proxyBeanMethods = false)
@Import({RequestTimerConfiguration.class, ApiMappingsFirstConfiguration.class})
class HttpConfiguration {

    @Bean
    Forwarder forwarder(QueryProperties properties) {
        QueryProperties.Routing routing = properties.routing();
        // A forwarded read may wait as long as a local one, plus the time to get there and back.
        return new Forwarder(routing.timeout().plus(properties.reads().maxWait()), routing.retries(), routing.backoff(),
                routing.breakerFailures(), routing.breakerCoolDown());
    }

    @Bean
    ReadModels readModels(ProjectionsRunner runner, Forwarder forwarder) {
        return new ReadModels(runner, forwarder);
    }

    @Bean(destroyMethod = "close")
    Waits waits(QueryProperties properties) {
        return new Waits(properties.reads().maxWaiters(), properties.reads().pollInterval());
    }

    @Bean
    ReadLimits readLimits(QueryProperties properties) {
        QueryProperties.Reads reads = properties.reads();
        return new ReadLimits(reads.defaultWait(), reads.maxWait(), reads.pageSize(), reads.maxPageSize(),
                reads.maxActivityDays());
    }

    @Bean
    AnswerWriter answerWriter(JsonMapper mapper) {
        return new AnswerWriter(mapper);
    }

    /**
     * {@link AnswerWriter} goes first: Spring MVC would otherwise hand an {@link Answer} from a
     * {@code @RestController} to its {@code @ResponseBody} processor, which asks the message converters.
     */
    @Bean
    SmartInitializingSingleton answersWrittenDirectly(RequestMappingHandlerAdapter adapter, AnswerWriter writer) {
        return HandlersFirst.returnValues(adapter, writer);
    }

    /**
     * {@link ReadAfter}'s parameters, converted by the conversion service Spring MVC's binder uses; first, as the
     * catch-all model-attribute resolver would otherwise take it (ADR 0038).
     */
    @Bean
    SmartInitializingSingleton readAfterParameters(RequestMappingHandlerAdapter adapter,
            @Qualifier("mvcConversionService") ConversionService conversions) {
        return HandlersFirst.arguments(adapter, new ReadAfter.Resolver(conversions));
    }
}
