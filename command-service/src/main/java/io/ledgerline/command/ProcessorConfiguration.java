package io.ledgerline.command;

import io.ledgerline.command.processing.CommandProcessorConfig;
import io.ledgerline.command.processing.CommandProcessorStreams;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Runs the command processor ({@link CommandProcessorStreams}) in this process, after the ledger topics exist;
 * it is closed (committing its transaction and leaving the group) when the context closes, after the web server.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "ledgerline.processor.enabled", havingValue = "true", matchIfMissing = true)
class ProcessorConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ProcessorConfiguration.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    @Bean
    RunningProcessor commandProcessor(LedgerlineProperties properties, KafkaConfiguration.LedgerTopics topics) {
        LedgerlineProperties.Processor processor = properties.processor();
        CommandProcessorConfig config = CommandProcessorConfig
                .defaults(properties.kafka().bootstrapServers(), properties.registry().url())
                .withApplicationId(processor.applicationId())
                .withAutoRegister(properties.registry().autoRegister())
                .withRegistryClient(properties.registry().client())
                .withStreamsOverrides(Map.copyOf(properties.kafka().client()))
                .withStreamThreads(processor.streamThreads());
        if (processor.stateDir() != null) {
            config = config.withStateDir(processor.stateDir());
        }
        KafkaStreams streams = CommandProcessorStreams.create(config);
        streams.start();
        log.info("Command processor {} started", processor.applicationId());
        return new RunningProcessor(streams);
    }

    /** The started processor; closing it waits a bounded time (KafkaStreams' own close() would wait forever). */
    static final class RunningProcessor implements AutoCloseable {

        private final KafkaStreams streams;

        RunningProcessor(KafkaStreams streams) {
            this.streams = streams;
        }

        KafkaStreams.State state() {
            return streams.state();
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
