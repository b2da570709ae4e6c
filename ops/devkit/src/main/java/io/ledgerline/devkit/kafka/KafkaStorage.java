package io.ledgerline.devkit.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's data directory. KRaft refuses to start on an unformatted directory, so the first start formats it
 * (what {@code kafka-storage.sh format} does) with a fresh cluster id; later starts find {@code meta.properties}
 * and keep the cluster id, topics and records.
 */
final class KafkaStorage {

    private static final Logger log = LoggerFactory.getLogger(KafkaStorage.class);
    private static final String META_PROPERTIES = "meta.properties";

    private KafkaStorage() {
    }

    /** Formats {@code dir} unless it already is, and returns its cluster id. */
    static String formatIfNeeded(Path dir) {
        try {
            Files.createDirectories(dir);
            Path meta = dir.resolve(META_PROPERTIES);
            if (Files.exists(meta)) {
                return clusterId(meta);
            }
            String clusterId = Uuid.randomUuid().toString();
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
                new Formatter()
                        .setPrintStream(printStream)
                        .setNodeId(BrokerProperties.NODE_ID)
                        .setClusterId(clusterId)
                        .setControllerListenerName(BrokerProperties.CONTROLLER_LISTENER)
                        .setMetadataLogDirectory(dir.toString())
                        .addDirectory(dir.toString())
                        .run();
            }
            log.info("Formatted Kafka data directory {} for new cluster {}", dir, clusterId);
            log.debug("Kafka storage formatter output:\n{}", output.toString(StandardCharsets.UTF_8).trim());
            return clusterId;
        } catch (IOException e) {
            throw new EmbeddedKafkaException("Cannot prepare Kafka data directory " + dir + ": " + e.getMessage(), e);
        } catch (EmbeddedKafkaException e) {
            throw e;
        } catch (Exception e) {
            throw new EmbeddedKafkaException("Cannot format Kafka data directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String clusterId(Path meta) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(meta)) {
            properties.load(in);
        }
        String clusterId = properties.getProperty("cluster.id");
        if (clusterId == null || clusterId.isBlank()) {
            throw new EmbeddedKafkaException(meta + " has no cluster.id; the directory is not a Kafka data directory"
                    + " or is damaged. Delete it (or choose another data directory) to start afresh.");
        }
        return clusterId;
    }
}
