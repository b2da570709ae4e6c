package io.ledgerline.cli.bench;

import io.ledgerline.avro.common.OutcomeCode;
import io.ledgerline.avro.result.CommandResult;
import io.ledgerline.registry.SchemaRegistryClient;
import io.ledgerline.registry.SchemaRegistryClients;
import io.ledgerline.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code ledger.command-results} read_committed from its end (positioned before anything is sent) and counts
 * this run's outcomes per phase, noting when each phase's latest one was seen.
 */
final class OutcomeCounter implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final SchemaRegistryClient registry;
    private final Deserializer<CommandResult> results;
    private final String prefix;
    private final AtomicLong[] counts = {new AtomicLong(), new AtomicLong(), new AtomicLong()};
    private final AtomicLong[] accepted = {new AtomicLong(), new AtomicLong(), new AtomicLong()};
    private final long[] lastSeen = new long[3];
    private final Thread thread;
    private volatile boolean stopped;

    OutcomeCounter(BenchCluster cluster, String registryUrl, String prefix) throws Exception {
        this.prefix = prefix;
        this.registry = SchemaRegistryClients.create(registryUrl, Map.of());
        this.results = Topics.COMMAND_RESULTS.valueSerde(registry, false).deserializer();
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.COMMAND_RESULTS.name(), Duration.ofSeconds(30))
                .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(p -> consumer.position(p, Duration.ofSeconds(30)));
        this.thread = new Thread(this::poll, "bench-outcomes");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void poll() {
        while (!stopped) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                phase(record.key()).ifPresent(phase -> {
                    CommandResult result = results.deserialize(record.topic(), record.headers(), record.value());
                    if (result.getCode() == OutcomeCode.ACCEPTED) {
                        accepted[phase.ordinal()].incrementAndGet();
                    }
                    lastSeen[phase.ordinal()] = System.nanoTime();
                    counts[phase.ordinal()].incrementAndGet();
                });
            }
        }
    }

    private Optional<IntakeThroughput.Phase> phase(String key) {
        if (key == null || !key.startsWith(prefix) || key.length() < prefix.length() + 2) {
            return Optional.empty();
        }
        char letter = key.charAt(prefix.length());
        for (IntakeThroughput.Phase phase : IntakeThroughput.Phase.values()) {
            if (phase.letter == letter) {
                return Optional.of(phase);
            }
        }
        return Optional.empty();
    }

    long count(IntakeThroughput.Phase phase) {
        return counts[phase.ordinal()].get();
    }

    /** When the phase's latest outcome was read (System.nanoTime); read after its count is complete. */
    long lastSeen(IntakeThroughput.Phase phase) {
        return lastSeen[phase.ordinal()];
    }

    long accepted(IntakeThroughput.Phase phase) {
        return accepted[phase.ordinal()].get();
    }

    long refused(IntakeThroughput.Phase phase) {
        return count(phase) - accepted(phase);
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.join(5_000);
        consumer.close(Duration.ofSeconds(5));
        registry.close();
    }
}
