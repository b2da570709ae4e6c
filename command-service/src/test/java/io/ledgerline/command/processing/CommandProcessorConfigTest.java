package io.ledgerline.command.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerline.streams.DeadLetterDeserializationHandler;
import io.ledgerline.streams.DeadLetterProcessingHandler;
import io.ledgerline.streams.DeadLetterProductionHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class CommandProcessorConfigTest {

    @Test
    void theDefaultsRunExactlyOnceWithTheDeadLetteringHandlers() {
        Properties props = CommandProcessorConfig.defaults("k:9092", "http://r:8081").streamsProperties();

        assertThat(props).containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "ledgerline-command-processor")
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "exactly_once_v2")
                .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "20")
                .containsEntry(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                        DeadLetterDeserializationHandler.class.getName())
                .containsEntry(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                        DeadLetterProcessingHandler.class.getName())
                .containsEntry(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
                        DeadLetterProductionHandler.class.getName());
        assertThat(props).doesNotContainKey(StreamsConfig.STATE_DIR_CONFIG);
        new StreamsConfig(props);
    }

    @Test
    void settingsAndOverridesReachTheProperties() {
        Properties props = CommandProcessorConfig.defaults("k:9092", "mock://x").withApplicationId("app")
                .withCommitInterval(Duration.ofMillis(50)).withStreamThreads(2).withStateDir(Path.of("/var/state"))
                .withStreamsOverrides(Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "70"))
                .streamsProperties();

        assertThat(props).containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "app")
                .containsEntry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "2")
                .containsEntry(StreamsConfig.STATE_DIR_CONFIG, "/var/state")
                .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "70");
    }

    /** ADR 0037: a batch refused while the previous commit's markers are written is re-sent after 10 ms, not 100. */
    @Test
    void theProcessorsProducerRetriesAfterTenMilliseconds_unlessOverridden() {
        Properties defaults = CommandProcessorConfig.defaults("k:9092", "mock://x").streamsProperties();
        Map<String, Object> producer = new StreamsConfig(defaults).getProducerConfigs("client");
        assertThat(producer).containsEntry(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "10");

        String key = StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG);
        Properties overridden = CommandProcessorConfig.defaults("k:9092", "mock://x")
                .withStreamsOverrides(Map.of(key, "100")).streamsProperties();
        assertThat(new StreamsConfig(overridden).getProducerConfigs("client"))
                .containsEntry(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "100");
    }

    /**
     * ADR 0045, 0052: the producer's batches wait for the commit, which flushes them, and hold a commit's worth; the
     * linger outlasts a commit cycle (interval plus the commit itself), so no batch goes on its own just before it.
     */
    @Test
    void theProcessorsProducerLingersUntilTheCommit_longerThanACommitCycle_unlessOverridden() {
        Map<String, Object> producer = new StreamsConfig(CommandProcessorConfig.defaults("k:9092", "mock://x")
                .streamsProperties()).getProducerConfigs("client");
        assertThat(producer).containsEntry(ProducerConfig.LINGER_MS_CONFIG, "1000")
                .containsEntry(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(128 * 1024));

        assertThat(lingerWithCommitInterval(Duration.ofMillis(100))).isEqualTo("1000");
        assertThat(lingerWithCommitInterval(Duration.ZERO)).isEqualTo("1000");

        String key = StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG);
        Properties overridden = CommandProcessorConfig.defaults("k:9092", "mock://x")
                .withStreamsOverrides(Map.of(key, "5")).streamsProperties();
        assertThat(new StreamsConfig(overridden).getProducerConfigs("client"))
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, "5");
    }

    private static Object lingerWithCommitInterval(Duration interval) {
        Properties props = CommandProcessorConfig.defaults("k:9092", "mock://x").withCommitInterval(interval)
                .streamsProperties();
        return new StreamsConfig(props).getProducerConfigs("client").get(ProducerConfig.LINGER_MS_CONFIG);
    }

    @Test
    void nonsenseIsRefused() {
        CommandProcessorConfig defaults = CommandProcessorConfig.defaults("k:9092", "mock://x");
        assertThatThrownBy(() -> defaults.withDedupeRetention(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withStreamThreads(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
