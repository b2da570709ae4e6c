package io.ledgerline.command;

import io.ledgerline.command.processing.CommandProcessorConfig;
import io.ledgerline.command.processing.CommandProcessorStreams;
import io.ledgerline.command.processing.ProcessedOutcomes;
import io.ledgerline.command.status.PeerOutcomes;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Runs the command processor ({@link CommandProcessorStreams}) in this process, after the ledger topics exist;
 * it is closed (committing its transaction and leaving the group) when the context closes, after the web server.
 * Its dedupe store answers the status URL for every instance (ADR 0013): the processor advertises this instance's
 * HTTP endpoint as {@code application.server}, so the others can find it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "ledgerline.processor.enabled", havingValue = "true", matchIfMissing = true)
class ProcessorConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ProcessorConfiguration.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    @Bean
    RunningProcessor commandProcessor(LedgerlineProperties properties, KafkaConfiguration.LedgerTopics topics,
            Environment environment) {
        LedgerlineProperties.Processor processor = properties.processor();
        Optional<HostInfo> advertised = advertisedEndpoint(processor, environment);
        Map<String, Object> overrides = new HashMap<>(properties.kafka().client());
        advertised.ifPresent(host -> overrides.put(StreamsConfig.APPLICATION_SERVER_CONFIG,
                host.host() + ":" + host.port()));
        CommandProcessorConfig config = CommandProcessorConfig
                .defaults(properties.kafka().bootstrapServers(), properties.registry().url())
                .withApplicationId(processor.applicationId())
                .withAutoRegister(properties.registry().autoRegister())
                .withRegistryClient(properties.registry().client())
                .withStreamsOverrides(overrides)
                .withStreamThreads(processor.streamThreads());
        if (processor.stateDir() != null) {
            config = config.withStateDir(processor.stateDir());
        }
        KafkaStreams streams = CommandProcessorStreams.create(config);
        streams.start();
        log.info("Command processor {} started, advertising {} for status lookups", processor.applicationId(),
                advertised.map(Object::toString).orElse("nothing (random port): other instances cannot ask it"));
        return new RunningProcessor(streams, new ProcessedOutcomes(streams, advertised));
    }

    @Bean
    ProcessedOutcomes processedOutcomes(RunningProcessor processor) {
        return processor.outcomes();
    }

    @Bean
    PeerOutcomes peerOutcomes(LedgerlineProperties properties) {
        return new PeerOutcomes(properties.commands().peerTimeout());
    }

    /** The configured endpoint, else {@code server.address} (or loopback) with {@code server.port} unless random. */
    private static Optional<HostInfo> advertisedEndpoint(LedgerlineProperties.Processor processor,
            Environment environment) {
        if (processor.advertisedEndpoint() != null && !processor.advertisedEndpoint().isBlank()) {
            return Optional.of(HostInfo.buildFromEndpoint(processor.advertisedEndpoint()));
        }
        int port = environment.getProperty("server.port", Integer.class, 8080);
        if (port <= 0) {
            return Optional.empty();
        }
        return Optional.of(new HostInfo(environment.getProperty("server.address", "127.0.0.1"), port));
    }

    /** The started processor; closing it waits a bounded time (KafkaStreams' own close() would wait forever). */
    static final class RunningProcessor implements AutoCloseable {

        private final KafkaStreams streams;
        private final ProcessedOutcomes outcomes;

        RunningProcessor(KafkaStreams streams, ProcessedOutcomes outcomes) {
            this.streams = streams;
            this.outcomes = outcomes;
        }

        KafkaStreams.State state() {
            return streams.state();
        }

        ProcessedOutcomes outcomes() {
            return outcomes;
        }

        @Override
        public void close() {
            // Leaving the group lets a successor take the partitions without waiting out the session timeout.
            if (!streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(CLOSE_TIMEOUT))) {
                log.warn("Command processor did not close within {}", CLOSE_TIMEOUT);
            }
        }
    }
}
