package io.ledgerline.command.processing;

import org.apache.kafka.streams.KafkaStreams;

/**
 * Assembles the command processor: the {@link CommandProcessorTopology} run with
 * {@link CommandProcessorConfig#streamsProperties()} and a {@link ReplaceThreadHandler}. The caller starts and
 * closes it (and owns its lifecycle, e.g. Spring's).
 */
public final class CommandProcessorStreams {

    private CommandProcessorStreams() {
    }

    public static KafkaStreams create(CommandProcessorConfig config) {
        KafkaStreams streams = new KafkaStreams(CommandProcessorTopology.build(config), config.streamsProperties());
        streams.setUncaughtExceptionHandler(new ReplaceThreadHandler());
        return streams;
    }
}
