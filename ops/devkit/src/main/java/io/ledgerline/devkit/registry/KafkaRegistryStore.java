package io.ledgerline.devkit.registry;

import io.ledgerline.registry.CompatibilityLevel;
import io.ledgerline.registry.RegistryErrors;
import io.ledgerline.registry.RegistryRecord;
import io.ledgerline.registry.RegistryRecord.CompatibilityChanged;
import io.ledgerline.registry.RegistryRecord.SchemaRegistered;
import io.ledgerline.registry.RegistryRecord.VersionDeleted;
import io.ledgerline.registry.RegistryState;
import io.ledgerline.registry.RegistryState.Registration;
import io.ledgerline.registry.SchemaRegistryException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.apache.avro.Schema;
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
 * The registry's state kept on a compacted single-partition topic: a tailing consumer folds every record, in log
 * order, into a {@link RegistryState}, so every instance on the cluster reaches the same state and a restart reads
 * it back. See ADR 0002.
 *
 * <p>Writes are optimistic: under this instance's write lock, read the log to its end, decide the record from the
 * state, produce it, read the log up to it, and check that it won; a registration that lost to another instance's
 * is decided again with fresh numbers, at most {@code maxWriteAttempts} times.
 *
 * <p>Consistency for callers: a write returns once this instance's state holds it. Reads answer from the local
 * state; a read that would answer "not found" first reads the log to its end and asks again, so a record written
 * through another instance before the request is seen.
 */
final class KafkaRegistryStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaRegistryStore.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final long RETRY_BACKOFF_MS = 50;

    private final EmbeddedSchemaRegistryConfig config;
    private final TopicPartition partition;
    private final SchemaLogCodec codec = new SchemaLogCodec();
    private final RegistryState state;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final Admin admin;
    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> consumer;
    private final Thread tailer;
    private volatile boolean running = true;
    /** The next offset the tailer will fold; guarded by {@code this}. */
    private long appliedUpTo;
    /** Why the tailer stopped, if it failed; guarded by {@code this}. */
    private RuntimeException tailFailure;

    KafkaRegistryStore(EmbeddedSchemaRegistryConfig config) {
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
        catchUp(deadline());
    }

    // ---- reads -----------------------------------------------------------------------------------------------

    /** Answers from the state; a "not found" answer is only given after reading the log to its end. */
    <T> T read(Function<RegistryState, T> query) {
        try {
            return readNow(query);
        } catch (SchemaRegistryException e) {
            if (e.httpStatus() != 404) {
                throw e;
            }
            catchUp(deadline());
            return readNow(query);
        }
    }

    private synchronized <T> T readNow(Function<RegistryState, T> query) {
        requireTailing();
        return query.apply(state);
    }

    // ---- writes ----------------------------------------------------------------------------------------------

    int register(String subject, Schema schema) {
        long deadline = deadline();
        lockForWrite(deadline);
        try {
            for (int attempt = 1; attempt <= config.maxWriteAttempts(); attempt++) {
                catchUp(deadline);
                Registration plan = readNow(s -> s.planRegistration(subject, schema));
                if (plan instanceof Registration.Existing existing) {
                    return existing.id();
                }
                SchemaRegistered record = ((Registration.NewVersion) plan).record();
                awaitApplied(append(record, deadline), deadline);
                if (readNow(s -> s.holds(record))) {
                    return record.id();
                }
                log.info("Registration of subject {} as version {} with id {} lost to another registry instance; "
                        + "deciding again (attempt {})", subject, record.version(), record.id(), attempt);
            }
            throw new SchemaRegistryException(500, SchemaRegistryException.INTERNAL_ERROR,
                    "Could not register a schema under subject '" + subject + "': other registry instances won "
                            + config.maxWriteAttempts() + " races in a row");
        } finally {
            writeLock.unlock();
        }
    }

    List<Integer> deleteSubject(String subject) {
        List<VersionDeleted> deletes = write(s -> s.planSubjectDeletion(subject));
        return deletes.stream().map(VersionDeleted::version).toList();
    }

    /** Soft-deletes one version, or the latest live one when {@code version} is empty. */
    int deleteVersion(String subject, Optional<Integer> version) {
        VersionDeleted delete = write(s -> List.of(version.isPresent()
                ? s.planVersionDeletion(subject, version.get())
                : s.planLatestVersionDeletion(subject))).get(0);
        return delete.version();
    }

    void setCompatibility(String subject, CompatibilityLevel level) {
        write(s -> List.of(new CompatibilityChanged(subject, level)));
    }

    /** Removes a subject's own level and returns it; 40408 when it has none. */
    CompatibilityLevel clearCompatibility(String subject) {
        CompatibilityLevel[] previous = new CompatibilityLevel[1];
        write(s -> {
            previous[0] = s.subjectCompatibility(subject)
                    .orElseThrow(() -> RegistryErrors.subjectCompatibilityNotConfigured(subject));
            return List.of(new CompatibilityChanged(subject, null));
        });
        return previous[0];
    }

    /** Records that cannot lose a race (deletes, configuration): decide, append, read back. */
    private <R extends RegistryRecord> List<R> write(Function<RegistryState, List<R>> decide) {
        long deadline = deadline();
        lockForWrite(deadline);
        try {
            catchUp(deadline);
            List<R> records = readNow(decide);
            long last = -1;
            for (R record : records) {
                last = append(record, deadline);
            }
            awaitApplied(last, deadline);
            return records;
        } finally {
            writeLock.unlock();
        }
    }

    private long append(RegistryRecord record, long deadline) {
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

    // ---- the log ---------------------------------------------------------------------------------------------

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
    private void catchUp(long deadline) {
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
    private synchronized void awaitApplied(long offset, long deadline) {
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

    private void lockForWrite(long deadline) {
        try {
            if (!writeLock.tryLock(remainingMs(deadline), TimeUnit.MILLISECONDS)) {
                throw timeout("waiting for this instance's earlier writes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw storeError("Interrupted while waiting to write", e);
        }
    }

    private long deadline() {
        return System.nanoTime() + config.operationTimeout().toNanos();
    }

    private static long remainingMs(long deadline) {
        return TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    }

    private static SchemaRegistryException storeError(String message, Throwable cause) {
        return new SchemaRegistryException(500, SchemaRegistryException.INTERNAL_ERROR, message, cause);
    }

    private SchemaRegistryException timeout(String what) {
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
