package io.ledgerline.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsDefaultsTest {

    @Test
    void givenACommitIntervalOf20Ms_whenTheSharedSettingsApply_thenAStreamThreadBlocksInPollForLessThanThat() {
        StreamsConfig config = new StreamsConfig(
                StreamsDefaults.properties("app", "localhost:9092", Duration.ofMillis(20), 1, null));

        assertThat(config.getLong(StreamsConfig.POLL_MS_CONFIG))
                .isLessThan(config.getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
        assertThat(config.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    }

    @Test
    void givenTheSharedSettings_whenAStreamThreadsProducerIsConfigured_thenItReSendsARefusedBatchAfter10Ms() {
        StreamsConfig config = new StreamsConfig(
                StreamsDefaults.properties("app", "localhost:9092", Duration.ofMillis(20), 1, null));

        assertThat(config.getProducerConfigs("client")).containsEntry(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "10");
    }
}
