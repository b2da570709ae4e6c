package io.ledgerline.query.versions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's reader of the control topic (ADR 0021): a consumer without a group (every instance reads every
 * record, from the beginning), first up to the end as it stands ({@link #readToEnd}), then on a thread of its own
 * ({@link #follow}). A record it cannot decode is logged and skipped: it must not stop the instance from following
 * the ones after it.
 */
public final class ControlLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlLog.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration TOPIC_CHECK = Duration.ofSeconds(1);

    private final KafkaConsumer<String, String> consumer;
    private final TopicPartition partition;
    private volatile boolean closed;
    private Thread follower;

    public ControlLog(String bootstrapServers, Map<String, String> clientSettings, String topic) {
        Map<String, Object> config = new HashMap<>(clientSettings);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Asking for a missing control topic must not create it with the broker's defaults (it has one partition).
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "ledgerline-projection-control");
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
        this.partition = new TopicPartition(topic, 0);
    }

    /** Whether the control topic exists (it is created with the ledger topics; without it only the base runs). */
    public boolean exists(Duration timeout) {
        return !consumer.partitionsFor(partition.topic(), timeout).isEmpty();
    }

    /** Every record from the beginning up to the end offset seen now. */
    public List<ControlRecord> readToEnd(Duration timeout) {
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        long end = consumer.endOffsets(List.of(partition), timeout).get(partition);
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ControlRecord> records = new ArrayList<>();
        while (consumer.position(partition, timeout) < end) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("could not read " + partition.topic() + " to offset " + end
                        + " within " + timeout);
            }
            records.addAll(decode(consumer.poll(POLL).records(partition)));
        }
        return records;
    }

    /**
     * Hands every later record to {@code apply}, on a thread of its own, until closed. Without {@link #readToEnd}
     * first (the topic did not exist), it waits for the topic, looking every {@link #TOPIC_CHECK}, and then hands
     * over every record from the beginning: an instance started before the topic picks it up when it appears.
     */
    public void follow(Consumer<List<ControlRecord>> apply) {
        follower = new Thread(() -> {
            while (!closed) {
                try {
                    if (consumer.assignment().isEmpty()) {
                        if (!exists(POLL)) {
                            Thread.sleep(TOPIC_CHECK.toMillis());
                            continue;
                        }
                        LOG.info("Control topic {} found: following it", partition.topic());
                        consumer.assign(List.of(partition));
                        consumer.seekToBeginning(List.of(partition));
                    }
                    List<ControlRecord> records = decode(consumer.poll(POLL).records(partition));
                    if (!records.isEmpty()) {
                        apply.accept(records);
                    }
                } catch (WakeupException e) {
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    LOG.warn("Applying projection control records failed; reading on", e);
                }
            }
        }, "projection-control");
        follower.setDaemon(true);
        follower.start();
    }

    private static List<ControlRecord> decode(List<ConsumerRecord<String, String>> records) {
        List<ControlRecord> decoded = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            try {
                decoded.add(ControlCodec.decode(record.key(), record.value()));
            } catch (IllegalArgumentException e) {
                LOG.warn("Ignoring projection control record at {}-{}@{}: {}", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
            }
        }
        return decoded;
    }

    @Override
    public void close() {
        closed = true;
        if (follower != null) {
            consumer.wakeup();
            try {
                follower.join(Duration.ofSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        consumer.close();
    }
}
