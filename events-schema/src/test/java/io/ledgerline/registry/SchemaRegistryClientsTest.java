package io.ledgerline.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class SchemaRegistryClientsTest {

    @Test
    void aMockUrlSelectsTheSharedInMemoryRegistryOfItsScope() {
        try {
            SchemaRegistryClient client = SchemaRegistryClients.create(Map.of("schema.registry.url", "mock://clients"));

            assertThat(client).isSameAs(InMemorySchemaRegistry.forScope("clients"));
        } finally {
            InMemorySchemaRegistry.dropScope("clients");
        }
    }

    @Test
    void anHttpUrlGetsACachedHttpClient() {
        assertThat(SchemaRegistryClients.create("http://localhost:8081", Map.of()))
                .isInstanceOf(CachingSchemaRegistryClient.class);
    }

    @Test
    void readsEverySettingWithDefaults() {
        RegistryClientConfig defaults = RegistryClientConfig.defaults("http://a:8081/, https://b:8081");
        RegistryClientConfig tuned = RegistryClientConfig.from("http://a:8081", Map.of(
                "ledgerline.registry.connect.timeout.ms", "1000",
                "ledgerline.registry.request.timeout.ms", 2000,
                "ledgerline.registry.retries.max", "0",
                "ledgerline.registry.retries.backoff.initial.ms", 10L,
                "ledgerline.registry.retries.backoff.max.ms", 20,
                "ledgerline.registry.breaker.failure.threshold", 2,
                "ledgerline.registry.breaker.cooldown.ms", 500,
                "ledgerline.registry.cache.capacity", 50));

        assertThat(defaults.baseUrls()).containsExactly(URI.create("http://a:8081"), URI.create("https://b:8081"));
        assertThat(defaults).isEqualTo(new RegistryClientConfig(defaults.baseUrls(), Duration.ofSeconds(5),
                Duration.ofSeconds(10), 3, Duration.ofMillis(100), Duration.ofSeconds(2), 5, Duration.ofSeconds(10),
                1_000, java.util.Optional.empty()));
        assertThat(tuned).isEqualTo(new RegistryClientConfig(tuned.baseUrls(), Duration.ofSeconds(1),
                Duration.ofSeconds(2), 0, Duration.ofMillis(10), Duration.ofMillis(20), 2, Duration.ofMillis(500),
                50, java.util.Optional.empty()));
    }

    @Test
    void credentialsAreNeverPrinted() {
        RegistryClientConfig config = RegistryClientConfig.from("http://a",
                Map.of("basic.auth.user.info", "ledger:s3cret"));

        assertThat(config.authorization()).isPresent();
        assertThat(config.toString()).contains("Basic ***").doesNotContain("s3cret")
                .doesNotContain(config.authorization().get().substring(6));
    }

    @Test
    void refusesAmbiguousOrUnsupportedSettings() {
        assertThatThrownBy(() -> RegistryClientConfig.from("http://a",
                Map.of("basic.auth.user.info", "u:p", "bearer.auth.token", "t")))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> RegistryClientConfig.from("http://a",
                Map.of("basic.auth.credentials.source", "SASL_INHERIT")))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> RegistryClientConfig.from("http://a",
                Map.of("basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "no-colon")))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> RegistryClientConfig.from("ftp://a", Map.of()))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> RegistryClientConfig.from("http://a",
                Map.of("ledgerline.registry.retries.max", "many")))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> SchemaRegistryClients.create(Map.of()))
                .isInstanceOf(ConfigException.class);
    }
}
