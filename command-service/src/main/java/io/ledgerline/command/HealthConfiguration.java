package io.ledgerline.command;

import io.ledgerline.command.gateway.KafkaCommandGateway;
import io.ledgerline.command.saga.SagaStreams;
import org.apache.kafka.streams.KafkaStreams;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health that reflects the Kafka side: without the reply listener no request can get its outcome, and without a
 * running processor no command gets one at all; without a running saga no transfer moves past REQUESTED.
 */
@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

    @Bean
    HealthIndicator commandRepliesHealth(KafkaCommandGateway gateway) {
        return () -> gateway.isReadingReplies() ? Health.up().build()
                : Health.down().withDetail("reason", "the reply listener has stopped").build();
    }

    @Bean
    HealthIndicator commandProcessorHealth(ObjectProvider<ProcessorConfiguration.RunningProcessor> processor) {
        return () -> {
            ProcessorConfiguration.RunningProcessor running = processor.getIfAvailable();
            if (running == null) {
                return Health.unknown().withDetail("reason", "not run in this instance").build();
            }
            KafkaStreams.State state = running.state();
            boolean healthy = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
            return (healthy ? Health.up() : Health.down()).withDetail("state", state.name()).build();
        };
    }

    @Bean
    HealthIndicator transferSagaHealth(ObjectProvider<SagaStreams> saga) {
        return () -> {
            SagaStreams running = saga.getIfAvailable();
            if (running == null) {
                return Health.unknown().withDetail("reason", "not run in this instance").build();
            }
            KafkaStreams.State state = running.streams().state();
            boolean healthy = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
            return (healthy ? Health.up() : Health.down()).withDetail("state", state.name())
                    .withDetail("caughtUp", running.caughtUp()).build();
        };
    }
}
