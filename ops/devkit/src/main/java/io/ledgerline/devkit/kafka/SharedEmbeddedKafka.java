package io.ledgerline.devkit.kafka;

import io.ledgerline.devkit.Directories;
import io.ledgerline.topics.TopicSetup;
import io.ledgerline.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * One embedded broker per JVM for integration tests: started on first use on a fresh temporary directory and a
 * free port, stopped (and its directory deleted) by a JVM shutdown hook. Tests share it, so each test uses its own
 * topic names and consumer group ids. Never close the broker returned by {@link #get()}.
 */
public final class SharedEmbeddedKafka {

    private static EmbeddedKafka broker;
    /** A failed start is not retried: every test class would otherwise wait for its own failing start. */
    private static RuntimeException startFailure;

    private SharedEmbeddedKafka() {
    }

    /** The running shared broker; the first call starts it (about as long as a cold start of the broker). */
    public static synchronized EmbeddedKafka get() {
        if (startFailure != null) {
            throw new EmbeddedKafkaException("The shared embedded Kafka broker failed to start earlier in this JVM: "
                    + startFailure.getMessage(), startFailure);
        }
        if (broker == null) {
            Path dataDir = createTempDir();
            EmbeddedKafka started;
            try {
                started = new EmbeddedKafka(EmbeddedKafkaConfig.defaults().withDataDir(dataDir).withPort(0)).start();
            } catch (RuntimeException e) {
                startFailure = e;
                Directories.deleteQuietly(dataDir);
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                started.close();
                Directories.deleteQuietly(dataDir);
            }, "shared-embedded-kafka-stop"));
            broker = started;
        }
        return broker;
    }

    /** Shorthand for {@code get().bootstrapServers()}. */
    public static String bootstrapServers() {
        return get().bootstrapServers();
    }

    /**
     * The shared broker's bootstrap servers, after creating the ledger topics ({@link Topics#LEDGER}, each with its
     * default partitions) if this JVM's broker does not have them yet.
     */
    public static String bootstrapServersWithLedgerTopics() {
        String bootstrap = bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicSetup.createMissing(admin, Topics.LEDGER, Optional.empty(), (short) 1, Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedKafkaException("interrupted while creating the ledger topics", e);
        } catch (TimeoutException e) {
            throw new EmbeddedKafkaException("the ledger topics were not created within 30 s", e);
        }
        return bootstrap;
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("ledgerline-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory for the shared Kafka broker", e);
        }
    }

}
