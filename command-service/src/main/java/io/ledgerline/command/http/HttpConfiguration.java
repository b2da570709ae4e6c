package io.ledgerline.command.http;

import io.ledgerline.command.gateway.CommandGateway;
import io.ledgerline.command.processing.ProcessedOutcomes;
import io.ledgerline.command.status.CommandStatusLookup;
import io.ledgerline.command.status.PeerOutcomes;
import io.ledgerline.web.ApiMappingsFirstConfiguration;
import io.ledgerline.web.HandlersFirst;
import io.ledgerline.web.RequestTimerConfiguration;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * The REST edge's plumbing: header and caller resolution, the body limit, strict JSON, OpenAPI headers, the API's
 * mappings looked up first, {@code http.server.requests} by web-support's {@code RequestTimerFilter} (ADR 0036).
 */
@Configuration(proxyBeanMethods = false)
@Import({RequestTimerConfiguration.class, ApiMappingsFirstConfiguration.class})
@EnableConfigurationProperties(HttpProperties.class)
public class HttpConfiguration implements WebMvcConfigurer {


    /** The problem answers every command operation may give (ADR 0007 lists their types). */
    private static final Map<String, String> COMMAND_PROBLEMS = new TreeMap<>(Map.of(
            "202", "no outcome within the wait: Location is the status URL (command-pending)",
            "400", "invalid fields or headers, malformed JSON (validation, malformed-request)",
            "404", "the account does not exist (not-found)",
            "409", "it exists already (already-exists)",
            "412", "If-Match did not match; ETag is the current version (version-mismatch)",
            "413", "body over the limit (payload-too-large)",
            "415", "body is not application/json (unsupported-media-type)",
            "422", "refused by a business rule, or Idempotency-Key reused (rule-broken, idempotency-key-reused)",
            "503", "not written to Kafka; retry with the same Idempotency-Key (unavailable)"));

    static {
        // Resolved from headers and the principal, not from the body: keep them out of the request schema.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(CommandHeaders.class, Caller.class);
    }

    private final HttpProperties properties;

    public HttpConfiguration(HttpProperties properties) {
        this.properties = properties;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CallerArgumentResolver());
        resolvers.add(new CommandHeadersResolver(properties));
    }

    @Bean
    CommandDispatch commandDispatch(CommandGateway gateway, ObjectProvider<Clock> clock) {
        return new CommandDispatch(gateway, clock.getIfAvailable(Clock::systemUTC));
    }

    /**
     * {@link AnswerWriter} goes first: Spring MVC would otherwise hand a command's {@code ResponseEntity} to its
     * {@code HttpEntityMethodProcessor}, which asks the message converters (ADR 0039).
     */
    @Bean
    SmartInitializingSingleton answersWrittenDirectly(RequestMappingHandlerAdapter adapter, JsonMapper mapper) {
        return HandlersFirst.returnValues(adapter, new AnswerWriter(mapper));
    }

    /** Without a processor in this process (or in a web-layer test) only what this instance sent is known. */
    @Bean
    CommandStatusLookup commandStatusLookup(CommandGateway gateway, ObjectProvider<ProcessedOutcomes> processed,
            ObjectProvider<PeerOutcomes> peers) {
        return new CommandStatusLookup(gateway, Optional.ofNullable(processed.getIfAvailable()),
                Optional.ofNullable(peers.getIfAvailable()));
    }

    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(
            @Lazy @Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolver) {
        FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
                new RequestBodyLimitFilter(properties.maxBodySize().toBytes(), resolver));
        registration.addUrlPatterns("/api/*");
        return registration;
    }

    /**
     * Strict JSON for commands: an unknown field is refused rather than ignored (a typo must not drop a value), and
     * whole numbers must be JSON integers: no fractions ({@code 10.5}), no strings ({@code "10"}), no booleans.
     */
    @Bean
    JsonMapperBuilderCustomizer strictCommandJson() {
        return builder -> builder
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .withCoercionConfig(LogicalType.Integer, config -> config
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Textual, config -> config
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }

    /** Documents the command headers on every operation that reads them. */
    @Bean
    OperationCustomizer commandHeadersInOpenApi() {
        return (operation, handler) -> {
            boolean readsHeaders = Arrays.stream(handler.getMethodParameters())
                    .anyMatch(p -> CommandHeaders.class.equals(p.getParameterType()));
            if (readsHeaders) {
                operation.addParametersItem(new HeaderParameter().name(CommandHeaders.IDEMPOTENCY_KEY)
                        .description("The command id: a retry with the same key and body gets the same answer and "
                                + "has no second effect; the same key with another body is refused (422)")
                        .schema(new StringSchema().pattern(CommandHeaders.COMMAND_ID_PATTERN)));
                operation.addParametersItem(new HeaderParameter().name(CommandHeaders.IF_MATCH)
                        .description("\"<version>\": the version the account must be at (412 otherwise)")
                        .schema(new StringSchema()));
                operation.addParametersItem(new HeaderParameter().name(CommandHeaders.PREFER)
                        .description("wait=<seconds> to wait longer or shorter for the outcome (up to the maximum), "
                                + "respond-async to answer 202 at once")
                        .schema(new StringSchema()));
                COMMAND_PROBLEMS.forEach((status, description) -> operation.getResponses().putIfAbsent(status,
                        new ApiResponse().description(description).content(new Content().addMediaType(
                                "application/problem+json", new io.swagger.v3.oas.models.media.MediaType()))));
            }
            return operation;
        };
    }
}
