package io.ledgerline.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.command.http.HttpProperties;
import io.ledgerline.saga.SagaConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

class LedgerlinePropertiesTest {

    @Test
    void givenNothingConfigured_thenTheDocumentedDefaults() {
        LedgerlineProperties properties = bind(Map.of());
        HttpProperties http = bindHttp(Map.of());

        assertThat(properties.kafka().bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(properties.registry().url()).isEqualTo("http://127.0.0.1:8081");
        assertThat(properties.registry().autoRegister()).isTrue();
        assertThat(properties.instanceId()).startsWith("command-service-").isNotEqualTo(bind(Map.of()).instanceId());
        assertThat(properties.commands().maxPending()).isEqualTo(10_000);
        assertThat(properties.commands().pendingRetention()).isEqualTo(Duration.ofMinutes(10));
        assertThat(properties.topics().partitions()).isNull();
        assertThat(properties.processor().enabled()).isTrue();
        assertThat(properties.processor().stateDir()).isNull();
        assertThat(properties.processor().internalPort()).isZero();
        assertThat(properties.processor().internalAddress()).isNull();
        assertThat(properties.saga().enabled()).isTrue();
        assertThat(properties.saga().applicationId()).isEqualTo("ledgerline-transfer-saga");
        assertThat(properties.saga().policy()).isEqualTo(SagaConfig.DEFAULTS);
        assertThat(properties.saga().tickInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(http.waitLimit()).isEqualTo(Duration.ofSeconds(5));
        assertThat(http.maxWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(http.maxBodySize()).isEqualTo(DataSize.ofKilobytes(16));
    }

    @Test
    void givenClientSettingsWithDottedKeys_thenTheyArePassedThroughWhole() {
        LedgerlineProperties properties = bind(Map.of(
                "ledgerline.instance-id", "cmd-1",
                "ledgerline.kafka.client[security.protocol]", "SSL",
                "ledgerline.registry.client[basic.auth.user.info]", "u:p"));

        assertThat(properties.instanceId()).isEqualTo("cmd-1");
        assertThat(properties.kafka().client()).containsExactly(Map.entry("security.protocol", "SSL"));
        assertThat(KafkaConfiguration.clientConfig(properties.kafka(), Map.of("client.id", "x")))
                .containsEntry("security.protocol", "SSL")
                .containsEntry("bootstrap.servers", "127.0.0.1:9092")
                .containsEntry("client.id", "x");
        assertThat(properties.registry().client()).containsExactly(Map.entry("basic.auth.user.info", "u:p"));
    }

    @Test
    void givenSagaSettings_thenTheyBecomeTheDecidersPolicy() {
        LedgerlineProperties properties = bind(Map.of(
                "ledgerline.saga.enabled", "false",
                "ledgerline.saga.initial-backoff", "500ms",
                "ledgerline.saga.multiplier", "3",
                "ledgerline.saga.max-backoff", "20s",
                "ledgerline.saga.max-attempts", "4",
                "ledgerline.saga.step-deadline", "2m",
                "ledgerline.saga.jitter", "0"));

        assertThat(properties.saga().enabled()).isFalse();
        assertThat(properties.saga().policy()).isEqualTo(new SagaConfig(Duration.ofMillis(500), 3.0,
                Duration.ofSeconds(20), 4, Duration.ofMinutes(2), 0.0));
    }

    private static LedgerlineProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("ledgerline", LedgerlineProperties.class);
    }

    private static HttpProperties bindHttp(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("ledgerline.http", HttpProperties.class);
    }
}
