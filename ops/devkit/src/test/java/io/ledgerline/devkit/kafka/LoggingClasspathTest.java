package io.ledgerline.devkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ServiceLoader;
import org.apache.logging.log4j.LogManager;
import org.junit.jupiter.api.Test;
import org.slf4j.spi.SLF4JServiceProvider;

/** The broker's dependencies must leave one logging backend on the classpath: the application's SLF4J binding. */
class LoggingClasspathTest {

    @Test
    void classpath_hasExactlyOneSlf4jProvider_logback() {
        var providers = ServiceLoader.load(SLF4JServiceProvider.class).stream()
                .map(provider -> provider.type().getName())
                .toList();

        assertThat(providers).containsExactly("ch.qos.logback.classic.spi.LogbackServiceProvider");
    }

    @Test
    void log4jApi_isRoutedToSlf4j_andLog4jCoreIsAbsent() {
        assertThat(LogManager.getContext(false).getClass().getName()).startsWith("org.apache.logging.slf4j.");
        assertThatThrownBy(() -> Class.forName("org.apache.logging.log4j.core.LoggerContext"))
                .isInstanceOf(ClassNotFoundException.class);
    }
}
