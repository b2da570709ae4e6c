package io.ledgerline.devkit.registry;

import io.ledgerline.registry.RegistryRecord;
import io.ledgerline.registry.RegistryState;
import io.ledgerline.registry.SchemaRegistryException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's topic and the {@link RegistryState} folded from it: a tailing {@code read_committed} consumer
 * applies every record in log order; {@link #append} produces one with {@code acks=all} and idempotence; and
 * {@link #catchUp} / {@link #awaitApplied} wait (bounded) until the state holds a given point of the log.
 * The state is read only through {@link #query}, under the same monitor the tailer applies records under.
 */
final class SchemaLog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SchemaLog.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final long RETRY_BACKOFF_MS = 50;

    private final EmbeddedSchemaRegistryConfig config;
    private final TopicPartition partition;
    private final SchemaLogCodec codec = new SchemaLogCodec();
    private final RegistryState state;
    private final Admin admin;
    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> consumer;
    private final Thread tailer;
    private volatile boolean running = true;
    /** The next offset the tailer will fold; guarded by {@code this}. */
    private long appliedUpTo;
    /** Why the tailer stopped, if it failed; guarded by {@code this}. */
    private RuntimeException tailFailure;

    SchemaLog(EmbeddedSchemaRegistryConfig config) {
        this.config = config;
        this.partition = new TopicPartition(config.topic(), 0);
        this.state = new RegistryState(config.defaultCompatibility());
        int timeoutMs = (int) config.operationTimeout().toMillis();
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, 30_000)));
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, 30_000),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(timeoutMs, 30_000)),
                new StringSerializer(), new StringSerializer());
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer());
        this.tailer = new Thread(this::tail, "schema-registry-tailer-" + config.topic());
        tailer.setDaemon(true);
    }

    /** Creates the topic if missing, starts tailing it and returns once the state holds the whole log. */
    void start() {
        ensureTopic();
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        tailer.start();
        catchUp(System.nanoTime() + config.operationTimeout().toNanos());
    }

    /** Runs a query (or a decision) on the state, as of everything folded so far. */
    synchronized <T> T query(Function<RegistryState, T> query) {
        requireTailing();
        return query.apply(state);
    }

    /** Produces a record and returns its offset. */
    long append(RegistryRecord record, long deadline) {
        SchemaLogCodec.Encoded encoded = codec.encode(record);
        try {
            return producer.send(new ProducerRecord<>(config.topic(), 0, encoded.key(), encoded.value()))
                    .get(remainingMs(deadline), TimeUnit.MILLISECONDS).offset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw storeError("Interrupted while writing to the schema log", e);
        } catch (ExecutionException e) {
            throw storeError("Error while writing to the schema log: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw timeout("writing to the schema log");
        }
    }

    // ---- tailing --------------------------------------------------------------------------------------------

    private void tail() {
        try {
            while (running) {
                var records = consumer.poll(POLL);
                long position = consumer.position(partition);
                synchronized (this) {
                    for (ConsumerRecord<String, String> r : records) {
                        fold(r);
                    }
                    appliedUpTo = position;
                    notifyAll();
                }
            }
        } catch (WakeupException stopping) {
            if (running) {
                failTailing(new IllegalStateException("schema log tailer woken up unexpectedly", stopping));
            }
        } catch (RuntimeException e) {
            log.error("The schema registry stopped reading topic {}", config.topic(), e);
            failTailing(e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void fold(ConsumerRecord<String, String> r) {
        try {
            codec.decode(r.key(), r.value()).ifPresent(state::apply);
        } catch (Exception e) {
            log.warn("Skipping unreadable record at offset {} of {}: {}", r.offset(), config.topic(), e.getMessage());
        }
    }

    private synchronized void failTailing(RuntimeException e) {
        tailFailure = e;
        notifyAll();
    }

    private void requireTailing() {
        if (tailFailure != null || !running) {
            throw storeError("The schema registry is not reading its topic " + config.topic(), tailFailure);
        }
    }

    /** Waits until the state holds every record committed to the log when this was called. */
    void catchUp(long deadline) {
        awaitApplied(logEnd(deadline) - 1, deadline);
    }

    /**
     * The offset after the last committed record. Retriable errors (a topic just created, whose metadata has not
     * reached every broker yet; a leader moving) are retried until the deadline.
     */
    private long logEnd(long deadline) {
        while (true) {
            try {
                return admin.listOffsets(Map.of(partition, OffsetSpec.latest()),
                                new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                        .partitionResult(partition).get(remainingMs(deadline), TimeUnit.MILLISECONDS).offset();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw storeError("Interrupted while reading the schema log's end", e);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || remainingMs(deadline) <= RETRY_BACKOFF_MS) {
                    throw storeError("Error while reading the schema log's end: " + e.getCause().getMessage(),
                            e.getCause());
                }
                backOff();
            } catch (TimeoutException e) {
                throw timeout("reading the schema log's end");
            }
        }
    }

    private static void backOff() {
        try {
            Thread.sleep(RETRY_BACKOFF_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw storeError("Interrupted while retrying", e);
        }
    }

    /** Waits until the state has folded the record at {@code offset} (nothing to wait for when negative). */
    synchronized void awaitApplied(long offset, long deadline) {
        while (appliedUpTo <= offset) {
            requireTailing();
            long waitMs = remainingMs(deadline);
            if (waitMs <= 0) {
                throw timeout("reading the schema log up to offset " + offset);
            }
            try {
                wait(waitMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw storeError("Interrupted while reading the schema log", e);
            }
        }
        requireTailing();
    }

    private void ensureTopic() {
        NewTopic topic = new NewTopic(config.topic(), 1, config.replicationFactor())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        long timeoutMs = config.operationTimeout().toMillis();
        try {
            try {
                admin.createTopics(List.of(topic)).all().get(timeoutMs, TimeUnit.MILLISECONDS);
                log.info("Created the schema registry topic {}", config.topic());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            TopicDescription description = describeTopic(System.nanoTime() + config.operationTimeout().toNanos());
            if (description.partitions().size() != 1) {
                throw new IllegalStateException("The schema registry topic " + config.topic() + " has "
                        + description.partitions().size() + " partitions; it must have exactly one, so that "
                        + "every instance folds the same order");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating the topic " + config.topic(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot create or describe the schema registry topic " + config.topic()
                    + " on " + config.bootstrapServers() + ": " + e.getMessage(), e);
        }
    }

    /** Describes the topic, retrying while its metadata is not there yet (just after it was created). */
    private TopicDescription describeTopic(long deadline)
            throws InterruptedException, ExecutionException, TimeoutException {
        while (true) {
            try {
                return admin.describeTopics(List.of(config.topic())).allTopicNames()
                        .get(remainingMs(deadline), TimeUnit.MILLISECONDS).get(config.topic());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || remainingMs(deadline) <= RETRY_BACKOFF_MS) {
                    throw e;
                }
                backOff();
            }
        }
    }

    static long remainingMs(long deadline) {
        return TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    }

    static SchemaRegistryException storeError(String message, Throwable cause) {
        return new SchemaRegistryException(500, SchemaRegistryException.INTERNAL_ERROR, message, cause);
    }

    SchemaRegistryException timeout(String what) {
        return new SchemaRegistryException(500, 50002,
                "Operation timed out after " + config.operationTimeout().toMillis() + " ms " + what);
    }

    @Override
    public void close() {
        running = false;
        if (!tailer.isAlive() && tailer.getState() == Thread.State.NEW) {
            consumer.close(Duration.ofSeconds(5));
        }
        consumer.wakeup();
        try {
            tailer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }
}
