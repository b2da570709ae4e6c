package io.ledgerline.query;

import io.ledgerline.query.account.AccountProjector;
import io.ledgerline.query.projection.Projections;
import io.ledgerline.query.transfer.TransferProjector;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health and metrics of the projections. The {@code projections} indicator is in the readiness group: an instance
 * is not ready until its projections run and no local store is restoring, so a load balancer sends it no reads
 * that would only answer 503. {@code /actuator/info} names the projection version (Streams application id) this
 * instance serves reads from, for {@code ledgerline projections status}.
 */
@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

    private static final List<String> GATED = List.of(AccountProjector.NAME, TransferProjector.NAME);

    @Bean
    HealthIndicator projectionsHealthIndicator(ProjectionsRunner runner) {
        return () -> runner.current().map(HealthConfiguration::health)
                .orElseGet(() -> Health.down().withDetail("reason", "not started").build());
    }

    private static Health health(Projections projections) {
        return (projections.ready() ? Health.up() : Health.down())
                .withDetail("state", projections.streams().state().name())
                .withDetail("restoringStores", projections.restoringStores())
                .withDetail("threadReplacements", projections.threadReplacements())
                .build();
    }

    @Bean
    InfoContributor projectionsInfoContributor(QueryProperties properties) {
        return info -> info.withDetail("projections", Map.of("applicationId",
                properties.projections().applicationId()));
    }

    @Bean
    MeterBinder projectionMeters(ProjectionsRunner runner) {
        return registry -> {
            for (String projection : GATED) {
                FunctionCounter.builder("ledgerline.projection.gaps", runner,
                                r -> r.current().map(p -> p.health().gaps(projection)).orElse(0L).doubleValue())
                        .tag("projection", projection)
                        .description("events not applied because versions are missing before them")
                        .register(registry);
                FunctionCounter.builder("ledgerline.projection.duplicates", runner,
                                r -> r.current().map(p -> p.health().duplicates(projection)).orElse(0L).doubleValue())
                        .tag("projection", projection)
                        .description("events ignored because their version was already applied")
                        .register(registry);
            }
        };
    }
}
