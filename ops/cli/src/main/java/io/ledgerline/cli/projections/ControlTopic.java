package io.ledgerline.cli.projections;

import io.ledgerline.cli.kafka.Cluster;
import io.ledgerline.cli.kafka.TopicReader;
import io.ledgerline.query.versions.ControlCodec;
import io.ledgerline.query.versions.ControlRecord;
import io.ledgerline.query.versions.VersionPlan;
import io.ledgerline.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The CLI's side of the projection control topic (ADR 0021): the plan its records add up to, and writing new ones
 * (acknowledged by every in-sync replica before the command goes on). Creates the topic when missing, as the query
 * service does.
 */
final class ControlTopic {

    private ControlTopic() {
    }

    static VersionPlan read(Cluster cluster, String topic) {
        VersionPlan[] plan = {VersionPlan.empty()};
        if (cluster.exists(topic)) {
            TopicReader.readAll(cluster, topic, record -> {
                try {
                    plan[0] = plan[0].apply(ControlCodec.decode(utf8(record.key()), utf8(record.value())));
                } catch (IllegalArgumentException e) {
                    // The query service logs and skips such a record; so does the CLI.
                }
                return true;
            });
        }
        return plan[0];
    }

    static void write(Cluster cluster, String topic, List<? extends ControlRecord> records) {
        cluster.createIfMissing(topic, 1, Topics.PROJECTION_CONTROL.config());
        try (KafkaProducer<byte[], byte[]> producer = cluster.producer(Optional.empty())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (ControlRecord record : records) {
                sent.add(producer.send(new ProducerRecord<>(topic, bytes(ControlCodec.key(record)),
                        bytes(ControlCodec.value(record)))));
            }
            for (Future<RecordMetadata> each : sent) {
                each.get(cluster.timeout().toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("writing to " + topic + ": " + (e.getCause() == null ? e : e.getCause())
                    .getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("writing to " + topic + ": interrupted", e);
        }
    }

    private static String utf8(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
