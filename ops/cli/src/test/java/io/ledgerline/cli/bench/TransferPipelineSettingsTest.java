package io.ledgerline.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.saga.SagaConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransferPipelineSettingsTest {

    private static TransferPipeline.Settings settings(Map<String, Object> both, Map<String, Object> saga) {
        return new TransferPipeline.Settings(10, Duration.ofMillis(20), SagaConfig.DEFAULTS, true, both, saga,
                Duration.ofSeconds(5));
    }

    @Test
    void givenSettingsOfBothAndOfTheSaga_whenTheSagaIsConfigured_thenTheSagasWinAndTheRestOfBothStays() {
        var settings = settings(Map.of("commit.interval.ms", "20", "producer.linger.ms", "5"),
                Map.of("commit.interval.ms", "40"));

        assertThat(settings.sagaStreamsOverrides())
                .containsExactlyInAnyOrderEntriesOf(Map.of("commit.interval.ms", "40", "producer.linger.ms", "5"));
        assertThat(settings.streamsOverrides()).containsEntry("commit.interval.ms", "20");
    }

    @Test
    void givenNoSagaSettings_whenTheSagaIsConfigured_thenItGetsBothApplicationsSettings() {
        assertThat(settings(Map.of("poll.ms", "5"), Map.of()).sagaStreamsOverrides())
                .containsExactlyInAnyOrderEntriesOf(Map.of("poll.ms", "5"));
    }
}
