package io.ledgerline.devkit.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerline.registry.CompatibilityLevel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EmbeddedSchemaRegistryConfigTest {

    @Test
    void givenDefaults_whenRead_thenConfluentPortTopicAndBackward() {
        EmbeddedSchemaRegistryConfig config = EmbeddedSchemaRegistryConfig.defaults("localhost:9092");

        assertThat(config.port()).isEqualTo(8081);
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.topic()).isEqualTo("_schemas");
        assertThat(config.replicationFactor()).isEqualTo((short) 1);
        assertThat(config.defaultCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(config.maxRequestBytes()).isEqualTo(1024 * 1024);
        assertThat(config.operationTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void givenWithers_whenApplied_thenOnlyThatValueChanges() {
        EmbeddedSchemaRegistryConfig config = EmbeddedSchemaRegistryConfig.defaults("b:9092")
                .withPort(0).withTopic("t").withReplicationFactor((short) 3)
                .withDefaultCompatibility(CompatibilityLevel.BACKWARD_TRANSITIVE).withHost("0.0.0.0")
                .withMaxRequestBytes(10).withOperationTimeout(Duration.ofSeconds(2));

        assertThat(config).isEqualTo(new EmbeddedSchemaRegistryConfig("b:9092", "0.0.0.0", 0, "t", (short) 3,
                CompatibilityLevel.BACKWARD_TRANSITIVE, 10, Duration.ofSeconds(2), 10, 4));
    }

    @Test
    void givenInvalidValues_whenBuilt_thenRefused() {
        EmbeddedSchemaRegistryConfig config = EmbeddedSchemaRegistryConfig.defaults("b:9092");

        assertThatThrownBy(() -> config.withPort(70_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> config.withReplicationFactor((short) 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> config.withMaxRequestBytes(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> config.withOperationTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
