package io.ledgerline.command;

import io.ledgerline.command.http.PeerOutcomeServer;
import io.ledgerline.command.processing.CommandProcessorConfig;
import io.ledgerline.command.processing.CommandProcessorStreams;
import io.ledgerline.command.processing.ProcessedOutcomes;
import io.ledgerline.command.status.PeerOutcomes;
import java.net.InetSocketAddress;
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
 * internal endpoint ({@link PeerOutcomeServer}, a port of its own, not the public API's; ADR 0030) as
 * {@code application.server}, so the others can find it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "ledgerline.processor.enabled", havingValue = "true", matchIfMissing = true)
class ProcessorConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ProcessorConfiguration.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    /** Bound before the processor starts, so the port it got is the one the processor advertises. */
    @Bean
    PeerOutcomeServer peerOutcomeServer(LedgerlineProperties properties, Environment environment) {
        LedgerlineProperties.Processor processor = properties.processor();
        String address = processor.internalAddress() != null && !processor.internalAddress().isBlank()
                ? processor.internalAddress() : environment.getProperty("server.address", "127.0.0.1");
        return PeerOutcomeServer.bind(new InetSocketAddress(address, processor.internalPort()));
    }

    @Bean
    RunningProcessor commandProcessor(LedgerlineProperties properties, KafkaConfiguration.LedgerTopics topics,
            PeerOutcomeServer internal) {
        LedgerlineProperties.Processor processor = properties.processor();
        HostInfo advertised = advertisedEndpoint(processor, internal.address());
        Map<String, Object> overrides = new HashMap<>(properties.kafka().client());
        overrides.put(StreamsConfig.APPLICATION_SERVER_CONFIG, advertised.host() + ":" + advertised.port());
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
        ProcessedOutcomes outcomes = new ProcessedOutcomes(streams, Optional.of(advertised));
        internal.serve(outcomes);
        streams.start();
        log.info("Command processor {} started; the other instances ask it at {} (internal endpoint on {})",
                processor.applicationId(), advertised, internal.address());
        return new RunningProcessor(streams, outcomes);
    }

    @Bean
    ProcessedOutcomes processedOutcomes(RunningProcessor processor) {
        return processor.outcomes();
    }

    @Bean
    PeerOutcomes peerOutcomes(LedgerlineProperties properties) {
        return new PeerOutcomes(properties.commands().peerTimeout());
    }

    /** The configured endpoint, else the internal endpoint's own address; a wildcard is no address to reach. */
    private static HostInfo advertisedEndpoint(LedgerlineProperties.Processor processor, InetSocketAddress bound) {
        if (processor.advertisedEndpoint() != null && !processor.advertisedEndpoint().isBlank()) {
            return HostInfo.buildFromEndpoint(processor.advertisedEndpoint());
        }
        if (bound.getAddress().isAnyLocalAddress()) {
            throw new IllegalStateException("the internal endpoint listens on every address (" + bound
                    + "), which is no address the other instances can reach: set "
                    + "ledgerline.processor.advertised-endpoint");
        }
        return new HostInfo(bound.getAddress().getHostAddress(), bound.getPort());
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
