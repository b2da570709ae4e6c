package io.ledgerline.command.gateway;

import io.ledgerline.avro.result.CommandResult;
import io.ledgerline.mapping.OutcomeMapper;
import io.ledgerline.outcome.CommandOutcome;
import io.ledgerline.topics.LedgerHeaders;
import io.ledgerline.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code ledger.command-results} for this instance: one consumer, no consumer group, assigned every partition
 * and starting at the end (a result written before this instance started cannot be for a request it is serving),
 * {@code read_committed} so only results of committed processor transactions count.
 *
 * <p>Routing is by the {@code reply-to} header, checked before anything is decoded: a result addressed to another
 * instance is skipped for the cost of a byte comparison. Results addressed to this instance complete the waiting
 * request; results without {@code reply-to} (commands from Kafka producers or the saga, which no REST request
 * waits for) are decoded into the recent-outcomes cache, so {@code GET /api/commands/{id}} can answer them.
 * An undecodable result is logged and skipped; it never stops the listener.
 */
public final class ReplyListener implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReplyListener.class);
    private static final Duration POLL = Duration.ofMillis(250);

    private final Map<String, Object> consumerConfig;
    private final Deserializer<CommandResult> deserializer;
    private final byte[] instanceId;
    private final CommandTracker tracker;
    private final Duration partitionRefresh;

    private Consumer<String, byte[]> consumer;
    private Thread thread;
    private volatile boolean running;

    /**
     * @param consumerConfig   bootstrap servers and any client settings; routing settings are added here
     * @param partitionRefresh how often to look for partitions added to the topic
     */
    ReplyListener(Map<String, Object> consumerConfig, Deserializer<CommandResult> deserializer, String instanceId,
            CommandTracker tracker, Duration partitionRefresh) {
        this.consumerConfig = new HashMap<>(consumerConfig);
        this.consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        this.consumerConfig.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "ledgerline-replies-" + instanceId);
        this.deserializer = Objects.requireNonNull(deserializer, "deserializer");
        this.instanceId = instanceId.getBytes(StandardCharsets.UTF_8);
        this.tracker = Objects.requireNonNull(tracker, "tracker");
        this.partitionRefresh = Objects.requireNonNull(partitionRefresh, "partitionRefresh");
    }

    /**
     * Assigns every partition, resolves the end offsets, then starts reading. Returns only once the positions are
     * fixed, so no result of a command sent after this returns can be skipped.
     *
     * @throws IllegalStateException the topic does not exist or the cluster does not answer within {@code timeout}
     */
    public synchronized void start(Duration timeout) {
        if (consumer != null) {
            throw new IllegalStateException("the reply listener was already started");
        }
        consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
        try {
            Set<TopicPartition> partitions = partitions(timeout);
            if (partitions.isEmpty()) {
                throw new IllegalStateException("topic " + Topics.COMMAND_RESULTS.name() + " does not exist");
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            for (TopicPartition partition : partitions) {
                consumer.position(partition, timeout);
            }
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw new IllegalStateException("cannot start reading " + Topics.COMMAND_RESULTS.name() + ": "
                    + e.getMessage(), e);
        }
        running = true;
        thread = new Thread(this::run, "reply-listener");
        thread.setDaemon(true);
        thread.start();
        log.info("Reading outcomes addressed to {} from {}", new String(instanceId, StandardCharsets.UTF_8),
                Topics.COMMAND_RESULTS.name());
    }

    public boolean isRunning() {
        return running && thread != null && thread.isAlive();
    }

    private void run() {
        long nextRefresh = System.nanoTime() + partitionRefresh.toNanos();
        try {
            while (running) {
                try {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                        handle(record);
                    }
                    if (System.nanoTime() - nextRefresh >= 0) {
                        assignNewPartitions();
                        nextRefresh = System.nanoTime() + partitionRefresh.toNanos();
                    }
                } catch (WakeupException e) {
                    // close() wakes the poll; the loop condition ends it.
                } catch (KafkaException e) {
                    // Transient broker trouble: the consumer retries on the next poll with its own backoff.
                    log.warn("Reading {} failed, retrying: {}", Topics.COMMAND_RESULTS.name(), e.toString());
                }
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        Header replyTo = record.headers().lastHeader(LedgerHeaders.REPLY_TO);
        if (replyTo != null && !Arrays.equals(replyTo.value(), instanceId)) {
            return;
        }
        if (record.value() == null) {
            return;
        }
        CommandOutcome outcome;
        try {
            CommandResult result = deserializer.deserialize(record.topic(), record.headers(), record.value());
            outcome = OutcomeMapper.fromAvro(result);
        } catch (RuntimeException e) {
            log.warn("Skipping undecodable result at {}-{}@{} (key {}): {}", record.topic(), record.partition(),
                    record.offset(), record.key(), e.toString());
            return;
        }
        Header duplicate = record.headers().lastHeader(LedgerHeaders.DUPLICATE);
        boolean reused = duplicate != null && LedgerHeaders.DUPLICATE_DIFFERENT.equals(
                new String(duplicate.value(), StandardCharsets.UTF_8));
        tracker.complete(outcome, reused);
    }

    private void assignNewPartitions() {
        Set<TopicPartition> current = consumer.assignment();
        Set<TopicPartition> all = partitions(Duration.ofSeconds(5));
        Set<TopicPartition> added = new HashSet<>(all);
        added.removeAll(current);
        if (added.isEmpty()) {
            return;
        }
        consumer.assign(all);
        // A partition that appeared since the last look holds only results written since then.
        consumer.seekToBeginning(added);
        log.info("Reading new partitions {}", added);
    }

    private Set<TopicPartition> partitions(Duration timeout) {
        List<PartitionInfo> infos = consumer.partitionsFor(Topics.COMMAND_RESULTS.name(), timeout);
        return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).collect(Collectors.toSet());
    }

    /** Stops reading and waits for the thread to end; waiting requests then time out into 202s. */
    @Override
    public void close() {
        Thread reader;
        synchronized (this) {
            running = false;
            reader = thread;
            if (consumer != null) {
                consumer.wakeup();
            }
        }
        if (reader != null) {
            try {
                reader.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
