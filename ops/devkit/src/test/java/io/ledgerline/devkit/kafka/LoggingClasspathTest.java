package io.ledgerline.devkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ServiceLoader;
import org.slf4j.spi.SLF4JServiceProvider;
import org.junit.jupiter.api.Test;

class LoggingClasspathTest {

    /** Kafka's server jars must not bring an SLF4J binding of their own: the application's (logback) is the only one. */
    @Test
    void classpath_hasExactlyOneSlf4jProvider_logback() {
        var providers = ServiceLoader.load(SLF4JServiceProvider.class).stream()
                .map(provider -> provider.type().getName())
                .toList();

        assertThat(providers).containsExactly("ch.qos.logback.classic.spi.LogbackServiceProvider");
    }
}
