package io.ledgerline.query.rebuild;

import io.ledgerline.message.EventEnvelope;
import io.ledgerline.query.account.AccountProjector;
import io.ledgerline.query.projection.EventDecoder;
import io.ledgerline.query.projection.ProjectionHealth;
import io.ledgerline.query.transfer.TransferProjector;
import io.ledgerline.registry.SchemaRegistryClient;
import io.ledgerline.streams.CappedTimestampExtractor;
import io.ledgerline.streams.DeadLetters;
import io.ledgerline.streams.Failures;
import io.ledgerline.streams.PoisonRecordException;
import io.ledgerline.streams.RecordDecoder;
import io.ledgerline.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.processor.internals.ProcessorMetadata;
import org.apache.kafka.streams.processor.internals.TopicPartitionMetadata;

/**
 * The bulk rebuild of a projection version (ADR 0028): instead of replaying {@code ledger.events} through the
 * projection topology, read it once with a plain read_committed consumer up to the end offsets taken at the start,
 * fold every read model in memory ({@link ProjectionFold}), write only the final states to the version's changelogs
 * ({@link ChangelogWriter}), then commit the version's consumer group on {@code ledger.events} at those end offsets.
 * The version's Streams application, started afterwards, restores its stores from the changelogs and continues from
 * the committed offsets, so what was appended meanwhile is applied by the topology as usual.
 *
 * <p>The committed offsets are the completion mark: they are written last, after every changelog record is
 * acknowledged, and only while the group has no members. A load that fails before leaves changelogs without
 * offsets; no instance runs the version (the control topic's {@code run} comes after the load), and the next load
 * deletes and recreates those changelogs. A version whose group has committed offsets is never loaded over.
 */
public final class BulkLoad {

    /** How far the load has got: offsets of {@code ledger.events} read, of {@code total}. */
    @FunctionalInterface
    public interface Progress {
        void read(long read, long total);
    }

    /**
     * @param events         events folded (records decoded as events)
     * @param offsets        offsets of {@code ledger.events} covered (records, dead letters and transaction markers)
     * @param deadLetters    records dead-lettered
     * @param duplicates     events the version gate ignored as duplicates (account and transfer views)
     * @param gaps           events the version gate refused as gaps
     * @param changelog      changelog records written
     * @param fold           reading and folding (statement lines are written meanwhile)
     * @param write          writing the other final states and waiting for every acknowledgement
     * @param committed      the offsets committed for the version's group
     */
    public record Result(long events, long offsets, long deadLetters, long duplicates, long gaps, long changelog,
            Duration fold, Duration write, Map<TopicPartition, Long> committed) {
    }

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration TOPIC_RECREATE = Duration.ofSeconds(30);

    private final Admin admin;
    private final Map<String, Object> clientConfig;
    private final RecordDecoder<EventEnvelope> decoder;
    private final Duration activityRetention;
    private final Duration timeout;

    /**
     * @param clientConfig      what every client needs to reach the cluster ({@code bootstrap.servers}, security)
     * @param activityRetention the daily activity store's retention, as the query service configures it
     * @param timeout           the longest any one request to the cluster may take
     */
    public BulkLoad(Admin admin, Map<String, Object> clientConfig, SchemaRegistryClient registry,
            Duration activityRetention, Duration timeout) {
        this.admin = admin;
        this.clientConfig = Map.copyOf(clientConfig);
        this.decoder = EventDecoder.events(Topics.EVENTS.valueSerde(registry, false).deserializer());
        this.activityRetention = activityRetention;
        this.timeout = timeout;
    }

    /** Whether the group {@code applicationId} has committed offsets: a load completed, or the version ran. */
    public boolean loaded(String applicationId) {
        return !committed(applicationId).isEmpty();
    }

    /** Loads the version whose Streams application id is {@code applicationId}; refused unless nobody runs it yet. */
    public Result load(String applicationId, Progress progress) {
        requireIdle(applicationId);
        if (loaded(applicationId)) {
            throw new IllegalStateException("group " + applicationId + " has committed offsets: the version was "
                    + "loaded or has run; drop it, or rebuild under another version name");
        }
        int partitions = await(admin.describeTopics(List.of(Topics.EVENTS.name())).allTopicNames(),
                "describing " + Topics.EVENTS.name()).get(Topics.EVENTS.name()).partitions().size();
        recreateChangelogs(applicationId, partitions);
        ProjectionHealth health = new ProjectionHealth();
        long started = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer();
                KafkaProducer<byte[], byte[]> producer = producer(applicationId)) {
            ChangelogWriter writer = new ChangelogWriter(producer, applicationId, partitions);
            ProjectionFold fold = new ProjectionFold(partitions, activityRetention, health, writer::line);
            Scan scan = new Scan(consumer, producer, fold, partitions, progress);
            scan.run();
            long folded = System.nanoTime();
            fold.accounts().values().forEach(writer::account);
            fold.forEachDay(writer::day);
            fold.portfolios().forEach(writer::portfolio);
            long now = System.currentTimeMillis();
            fold.totals().values().forEach(total -> writer.total(total, now));
            fold.transfers().forEach(writer::transfer);
            writer.flush();
            long written = System.nanoTime();
            commit(applicationId, scan);
            return new Result(scan.events, scan.offsets(), scan.deadLetters,
                    health.duplicates(AccountProjector.NAME)
                            + health.duplicates(TransferProjector.NAME),
                    health.gaps(AccountProjector.NAME)
                            + health.gaps(TransferProjector.NAME),
                    writer.written(), Duration.ofNanos(folded - started), Duration.ofNanos(written - folded),
                    scan.ends);
        }
    }

    /** Reads {@code ledger.events} up to the end offsets taken at its start, folding and dead-lettering. */
    private final class Scan {

        private final KafkaConsumer<byte[], byte[]> consumer;
        private final KafkaProducer<byte[], byte[]> producer;
        private final ProjectionFold fold;
        private final Progress progress;
        private final CappedTimestampExtractor timestamps = new CappedTimestampExtractor();
        private final Map<TopicPartition, Long> ends;
        private final Map<TopicPartition, Long> starts;
        private final long[] partitionTimes;
        private long events;
        private long deadLetters;

        Scan(KafkaConsumer<byte[], byte[]> consumer, KafkaProducer<byte[], byte[]> producer, ProjectionFold fold,
                int partitions, Progress progress) {
            this.consumer = consumer;
            this.producer = producer;
            this.fold = fold;
            this.progress = progress;
            List<TopicPartition> all = new ArrayList<>();
            for (int i = 0; i < partitions; i++) {
                all.add(new TopicPartition(Topics.EVENTS.name(), i));
            }
            consumer.assign(all);
            // read_committed: the last stable offsets, so every record below them is decided.
            this.ends = consumer.endOffsets(all, timeout);
            this.starts = consumer.beginningOffsets(all, timeout);
            consumer.seekToBeginning(all);
            this.partitionTimes = new long[partitions];
            Arrays.fill(partitionTimes, -1);
        }

        void run() {
            Set<TopicPartition> open = new HashSet<>();
            ends.forEach((partition, end) -> {
                if (starts.get(partition) < end) {
                    open.add(partition);
                }
            });
            consumer.pause(complement(open));
            long total = offsets();
            long read = 0;
            progress.read(0, total);
            while (!open.isEmpty()) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                for (TopicPartition partition : records.partitions()) {
                    long end = ends.get(partition);
                    for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                        if (record.offset() >= end) {
                            break;
                        }
                        apply(record);
                    }
                }
                read = 0;
                for (TopicPartition partition : ends.keySet()) {
                    long position = open.contains(partition) ? Math.min(consumer.position(partition, timeout),
                            ends.get(partition)) : ends.get(partition);
                    if (position >= ends.get(partition) && open.remove(partition)) {
                        consumer.pause(List.of(partition));
                    }
                    read += position - starts.get(partition);
                }
                progress.read(read, total);
            }
        }

        private void apply(ConsumerRecord<byte[], byte[]> record) {
            int partition = record.partition();
            long timestamp = timestamps.extract(cast(record), partitionTimes[partition]);
            partitionTimes[partition] = Math.max(partitionTimes[partition], timestamp);
            EventEnvelope envelope;
            try {
                envelope = EventDecoder.decode(decoder, record.topic(), record.key(), record.value());
            } catch (PoisonRecordException e) {
                deadLetter(record, e.reason());
                return;
            }
            try {
                fold.apply(partition, envelope, timestamp);
                events++;
            } catch (RuntimeException e) {
                // As the topology's processing handler: the record's fault unless Kafka's own.
                if (Failures.isTransient(e)) {
                    throw e;
                }
                deadLetter(record, e);
            }
        }

        private void deadLetter(ConsumerRecord<byte[], byte[]> record, Throwable reason) {
            producer.send(new ProducerRecord<>(Topics.DEAD_LETTERS.name(), null, null, record.key(), record.value(),
                    DeadLetters.headers(record.headers(), record.topic(), record.partition(), record.offset(),
                            reason)));
            deadLetters++;
        }

        long offsets() {
            long sum = 0;
            for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                sum += end.getValue() - starts.get(end.getKey());
            }
            return sum;
        }

        private Set<TopicPartition> complement(Set<TopicPartition> open) {
            Set<TopicPartition> closed = new HashSet<>(ends.keySet());
            closed.removeAll(open);
            return closed;
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private static ConsumerRecord<Object, Object> cast(ConsumerRecord<byte[], byte[]> record) {
            return (ConsumerRecord) record;
        }
    }

    /**
     * Commits the group at the end offsets folded to, each with the partition time Streams keeps in its own commits
     * (the latest record time read there), so the version's tasks start where the fold ended. The broker refuses the
     * commit while the group has members.
     */
    private void commit(String applicationId, Scan scan) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        scan.ends.forEach((partition, end) -> {
            long time = scan.partitionTimes[partition.partition()];
            String metadata = time < 0 ? "" : new TopicPartitionMetadata(time, new ProcessorMetadata()).encode();
            offsets.put(partition, new OffsetAndMetadata(end, metadata));
        });
        await(admin.alterConsumerGroupOffsets(applicationId, offsets).all(), "committing the offsets of "
                + applicationId);
    }

    private void requireIdle(String applicationId) {
        try {
            ConsumerGroupDescription group = await(admin.describeConsumerGroups(List.of(applicationId))
                    .describedGroups().get(applicationId), "describing group " + applicationId);
            if (!group.members().isEmpty()) {
                throw new IllegalStateException("group " + applicationId + " has " + group.members().size()
                        + " active member(s): a bulk load writes only a version that nobody runs");
            }
        } catch (IllegalStateException e) {
            if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                throw e;
            }
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> committed(String applicationId) {
        Map<TopicPartition, OffsetAndMetadata> offsets;
        try {
            offsets = await(admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata(applicationId),
                    "reading the offsets of " + applicationId);
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return Map.of();
            }
            throw e;
        }
        Map<TopicPartition, OffsetAndMetadata> events = new HashMap<>();
        offsets.forEach((partition, offset) -> {
            if (offset != null && partition.topic().equals(Topics.EVENTS.name())) {
                events.put(partition, offset);
            }
        });
        return events;
    }

    /**
     * Deletes what a failed load left in the version's changelogs, then creates them as Streams would. Topic
     * deletion completes in the background, so creation is retried (up to 30 s) while the old topic is going.
     */
    private void recreateChangelogs(String applicationId, int partitions) {
        List<NewTopic> topics = Changelogs.newTopics(applicationId, partitions, activityRetention);
        Set<String> existing = await(admin.listTopics().names(), "listing topics");
        List<String> leftovers = topics.stream().map(NewTopic::name).filter(existing::contains).toList();
        if (!leftovers.isEmpty()) {
            await(admin.deleteTopics(leftovers).all(), "deleting the changelogs of an earlier load");
        }
        Map<String, NewTopic> missing = new HashMap<>();
        topics.forEach(topic -> missing.put(topic.name(), topic));
        long deadline = System.nanoTime() + TOPIC_RECREATE.toNanos();
        while (!missing.isEmpty()) {
            Map<String, KafkaFuture<Void>> created = admin.createTopics(missing.values()).values();
            for (Map.Entry<String, KafkaFuture<Void>> each : created.entrySet()) {
                try {
                    await(each.getValue(), "creating " + each.getKey());
                    missing.remove(each.getKey());
                } catch (IllegalStateException e) {
                    if (!(e.getCause() instanceof TopicExistsException) || System.nanoTime() - deadline > 0) {
                        throw e;
                    }
                }
            }
            if (!missing.isEmpty()) {
                sleep();
            }
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "ledgerline-bulk-load");
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Idempotent, not transactional: the committed offsets, written last, are the completion mark. */
    private KafkaProducer<byte[], byte[]> producer(String applicationId) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "ledgerline-bulk-load-" + applicationId);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private <T> T await(KafkaFuture<T> future, String doing) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(doing + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(doing + ": no answer within " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(doing + ": interrupted", e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for deleted topics to go", e);
        }
    }
}
