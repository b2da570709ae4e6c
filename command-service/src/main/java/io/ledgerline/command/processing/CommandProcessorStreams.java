package io.ledgerline.command.processing;

import io.ledgerline.streams.ReplaceThreadHandler;
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
        return create(config, new ReplaceThreadHandler());
    }

    /** The same, with a handler the caller keeps, e.g. to report {@link ReplaceThreadHandler#replacements()}. */
    public static KafkaStreams create(CommandProcessorConfig config, ReplaceThreadHandler threadFailures) {
        KafkaStreams streams = new KafkaStreams(CommandProcessorTopology.build(config), config.streamsProperties());
        streams.setUncaughtExceptionHandler(threadFailures);
        return streams;
    }
}
