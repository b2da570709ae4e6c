package io.ledgerline.command;

import io.ledgerline.command.saga.SagaStreams;
import io.ledgerline.command.saga.SagaStreamsConfig;
import io.ledgerline.saga.SagaState;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Runs the transfer saga ({@link SagaStreams}, its own Streams application) in this process unless
 * {@code ledgerline.saga.enabled=false}, after the ledger topics exist; it is closed (leaving the group) when the
 * context closes. Publishes the gauge {@code ledgerline.saga.transfers{status}}: the sagas of this instance's tasks
 * per status, STUCK among them; and the counters {@code ledgerline.saga.steps.resent},
 * {@code ledgerline.saga.transfers.stuck}, {@code ledgerline.saga.steps.retried},
 * {@code ledgerline.saga.transfers.expired} and {@code ledgerline.saga.answers.orphaned} (since this instance
 * started).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "ledgerline.saga.enabled", havingValue = "true", matchIfMissing = true)
class SagaConfiguration {

    static final String TRANSFERS_GAUGE = "ledgerline.saga.transfers";
    static final String RESENT_COUNTER = "ledgerline.saga.steps.resent";
    static final String STUCK_COUNTER = "ledgerline.saga.transfers.stuck";
    static final String RETRIED_COUNTER = "ledgerline.saga.steps.retried";
    static final String EXPIRED_COUNTER = "ledgerline.saga.transfers.expired";
    static final String ORPHANED_COUNTER = "ledgerline.saga.answers.orphaned";

    private static final Logger log = LoggerFactory.getLogger(SagaConfiguration.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    @Bean(destroyMethod = "close")
    SagaStreams transferSaga(LedgerlineProperties properties, KafkaConfiguration.LedgerTopics topics) {
        LedgerlineProperties.Saga saga = properties.saga();
        SagaStreamsConfig config = SagaStreamsConfig
                .defaults(properties.kafka().bootstrapServers(), properties.registry().url())
                .withApplicationId(saga.applicationId())
                .withRegistryClient(properties.registry().client(), properties.registry().autoRegister())
                .withSaga(saga.policy(), saga.tickInterval())
                .withStreamsOverrides(Map.copyOf(properties.kafka().client()))
                .withStreamThreads(saga.streamThreads())
                .withRetention(saga.retention());
        if (saga.holdResends()) {
            config = config.withPipelineWatch(properties.processor().applicationId(), saga.stallAfter(),
                    SagaStreamsConfig.DEFAULT_WATCH_INTERVAL);
        }
        Path stateDir = saga.stateDir() != null ? saga.stateDir() : properties.processor().stateDir();
        if (stateDir != null) {
            config = config.withStateDir(stateDir);
        }
        SagaStreams streams = SagaStreams.start(config, CLOSE_TIMEOUT);
        log.info("Transfer saga {} started", saga.applicationId());
        return streams;
    }

    @Bean
    MeterBinder sagaStatusGauges(SagaStreams saga) {
        return registry -> {
            for (SagaState.Status status : SagaState.Status.values()) {
                // Not running (starting, stopping, failed): no number rather than a wrong one.
                Gauge.builder(TRANSFERS_GAUGE, saga,
                                s -> s.countsByStatus().map(counts -> (double) counts.get(status)).orElse(Double.NaN))
                        .description("Transfer sagas of this instance's tasks by status")
                        .tag("status", status.name())
                        .register(registry);
            }
            FunctionCounter.builder(RESENT_COUNTER, saga.counters(), c -> c.resent())
                    .description("Saga steps re-sent (same command id) after their deadline passed unanswered")
                    .register(registry);
            FunctionCounter.builder(STUCK_COUNTER, saga.counters(), c -> c.stuck())
                    .description("Transfers whose saga became STUCK")
                    .register(registry);
            FunctionCounter.builder(RETRIED_COUNTER, saga.counters(), c -> c.retried())
                    .description("STUCK steps re-sent (same command id) on an operator's retry")
                    .register(registry);
            FunctionCounter.builder(EXPIRED_COUNTER, saga.counters(), c -> c.expired())
                    .description("Settled sagas deleted after their retention")
                    .register(registry);
            FunctionCounter.builder(ORPHANED_COUNTER, saga.counters(), c -> c.orphaned())
                    .description("Account effects for a transfer no saga knew, deleted unacted on after the retention")
                    .register(registry);
        };
    }
}
