package io.ledgerline.query;

import io.ledgerline.query.account.AccountProjector;
import io.ledgerline.query.projection.Projections;
import io.ledgerline.query.transfer.TransferProjector;
import io.ledgerline.query.versions.ReadModel;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health and metrics of the projections. The {@code projections} indicator is in the readiness group: an instance
 * is not ready until the projection version serving each read model runs here and none of its local stores is
 * restoring, so a load balancer sends it no reads that would only answer 503 (a version being rebuilt beside it does
 * not count). {@code /actuator/info} names the version (Streams application id) serving each read model and the
 * versions running here and those of them that are ready (every local store restored), for {@code ledgerline
 * projections status|drop|rebuild}.
 */
@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

    /** The projections that count gaps and duplicates, by metric tag, with the store whose version is counted. */
    private static final Map<String, ReadModel> GATED = Map.of(AccountProjector.NAME, ReadModel.ACCOUNT,
            TransferProjector.NAME, ReadModel.TRANSFER);

    @Bean
    HealthIndicator projectionsHealthIndicator(ProjectionsRunner runner) {
        return () -> {
            boolean ready = true;
            for (ReadModel model : ReadModel.values()) {
                ready &= runner.serving(model.store()).map(Projections::ready).orElse(false);
            }
            Health.Builder health = ready ? Health.up() : Health.down();
            health.withDetail("serving", runner.servingApplicationIds());
            runner.running().forEach((id, projections) -> health.withDetail(id, Map.of(
                    "state", projections.streams().state().name(),
                    "restoringStores", projections.restoringStores(),
                    "threadReplacements", projections.threadReplacements())));
            return health.build();
        };
    }

    @Bean
    InfoContributor projectionsInfoContributor(ProjectionsRunner runner) {
        // "ready": running with every local store restored; a bulk-loaded version restores before it can serve.
        return info -> info.withDetail("projections", Map.of(
                "serving", runner.servingApplicationIds(),
                "running", runner.running().keySet(),
                "ready", runner.running().entrySet().stream().filter(entry -> entry.getValue().ready())
                        .map(Map.Entry::getKey).toList()));
    }

    @Bean
    MeterBinder projectionMeters(ProjectionsRunner runner) {
        return registry -> GATED.forEach((projection, model) -> {
            FunctionCounter.builder("ledgerline.projection.gaps", runner,
                            r -> serving(r, model).map(p -> p.health().gaps(projection)).orElse(0L).doubleValue())
                    .tag("projection", projection)
                    .description("events not applied because versions are missing before them")
                    .register(registry);
            FunctionCounter.builder("ledgerline.projection.duplicates", runner,
                            r -> serving(r, model).map(p -> p.health().duplicates(projection)).orElse(0L)
                                    .doubleValue())
                    .tag("projection", projection)
                    .description("events ignored because their version was already applied")
                    .register(registry);
        });
    }

    private static Optional<Projections> serving(ProjectionsRunner runner, ReadModel model) {
        return runner.serving(model.store());
    }
}
