package io.ledgerline.cli.bench;

import io.ledgerline.account.AccountEvent;
import io.ledgerline.mapping.EventMapper;
import io.ledgerline.message.LedgerEvent;
import io.ledgerline.registry.SchemaRegistryClient;
import io.ledgerline.topics.Topics;
import io.ledgerline.transfer.TransferEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Watches {@code ledger.events} with {@code read_committed} from its end at creation, on a thread of its own, for a
 * benchmark run's records (keys starting with the run's prefix): counts deposits, and for each transfer settled
 * (TransferCompleted or TransferFailed) counts it and, if an intended start was registered for it, records the time
 * from that start to the moment the settlement was read.
 */
final class Settlements implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final String prefix;
    private final Deserializer<SpecificRecord> events;
    private final Map<String, Long> intendedStarts = new ConcurrentHashMap<>();
    private final Recorder latencies = new Recorder(3);
    private final LongAdder deposits = new LongAdder();
    private final LongAdder settled = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final AtomicLong lastSettled = new AtomicLong();
    private final Thread thread;
    private volatile RuntimeException failure;

    Settlements(String bootstrapServers, SchemaRegistryClient registry, String prefix) {
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.prefix = prefix;
        this.events = Topics.EVENTS.valueSerde(registry, false).deserializer();
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.EVENTS.name(), Duration.ofSeconds(30))
                .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // Resolves the positions now: only what is written from here on is read.
        partitions.forEach(p -> consumer.position(p, Duration.ofSeconds(30)));
        this.thread = new Thread(this::read, "bench-settlements");
        thread.setDaemon(true);
        thread.start();
    }

    /** Transfer {@code transferId} was meant to start at {@code nanoTime}; its settlement is timed from then. */
    void intendedStart(String transferId, long nanoTime) {
        intendedStarts.put(transferId, nanoTime);
    }

    long deposits() {
        return check(deposits.sum());
    }

    long settled() {
        return check(settled.sum());
    }

    long failed() {
        return failed.sum();
    }

    /** {@link System#nanoTime()} when the latest settlement was read. */
    long lastSettled() {
        return lastSettled.get();
    }

    /** Latencies recorded since the last call, in nanoseconds. */
    Histogram takeLatencies() {
        return latencies.getIntervalHistogram();
    }

    private long check(long value) {
        if (failure != null) {
            throw failure;
        }
        return value;
    }

    private void read() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (record.key() != null && record.key().startsWith(prefix)) {
                        take(EventMapper.fromAvro(events.deserialize(record.topic(), record.value())).event());
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    private void take(LedgerEvent event) {
        if (event instanceof AccountEvent.MoneyDeposited) {
            deposits.increment();
            return;
        }
        String transferId;
        if (event instanceof TransferEvent.TransferCompleted completed) {
            transferId = completed.transferId();
        } else if (event instanceof TransferEvent.TransferFailed f) {
            transferId = f.transferId();
            failed.increment();
        } else {
            return;
        }
        long now = System.nanoTime();
        Long intended = intendedStarts.remove(transferId);
        if (intended != null) {
            latencies.recordValue(Math.max(0, now - intended));
        }
        settled.increment();
        lastSettled.accumulateAndGet(now, Math::max);
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        thread.join(Duration.ofSeconds(10).toMillis());
        consumer.close(Duration.ofSeconds(5));
    }
}
