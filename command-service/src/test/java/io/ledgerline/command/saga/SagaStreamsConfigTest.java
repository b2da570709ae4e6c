package io.ledgerline.command.saga;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** The saga's Streams settings: exactly-once, and the producer's short retry backoff unless overridden. */
class SagaStreamsConfigTest {

    private static final String BACKOFF = "producer.retry.backoff.ms";

    @Test
    void givenDefaults_whenStreamsProperties_thenExactlyOnceAndTenMillisecondRetryBackoff() {
        var props = SagaStreamsConfig.defaults("localhost:9092", "mock://saga").streamsProperties();

        assertThat(props.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(props.getProperty(BACKOFF)).isEqualTo("10");
    }

    @Test
    void givenOverride_whenStreamsProperties_thenOverrideWins() {
        var props = SagaStreamsConfig.defaults("localhost:9092", "mock://saga")
                .withStreamsOverrides(Map.of(BACKOFF, "100")).streamsProperties();

        assertThat(props.getProperty(BACKOFF)).isEqualTo("100");
    }
}
