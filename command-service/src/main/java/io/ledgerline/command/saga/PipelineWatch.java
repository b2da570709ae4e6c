package io.ledgerline.command.saga;

import io.ledgerline.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says up to when everything the saga sent has been through the pipeline (ADR 0032): the command processor has
 * consumed {@code ledger.commands}, and the saga itself the answers in {@code ledger.events} (the transfers' own)
 * and {@code ledger.transfer-answers} (the accounts', ADR 0035) ({@link PipelineWatermark}). {@link SagaProcessor}
 * lets a deadline fire only once this has passed it, so under a backlog a step is not re-sent while its command, or
 * its answer, is merely queued.
 *
 * <p>It never holds for a stage that is stalled (records left and no committed offset moving for
 * {@code stallAfter}: the processor is gone), nor while the cluster cannot be asked: then deadlines fire as they
 * are, and a step with no answer still ends STUCK. The cost is one offsets request per topic and one per group
 * every {@code watchInterval}.
 */
final class PipelineWatch implements Supplier<Instant>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineWatch.class);

    /** One topic as one group consumes it. */
    private record Stage(String group, String topic) {
    }

    private final Admin admin;
    private final List<Stage> stages;
    private final PipelineWatermark watermark;
    private final Duration stallAfter;
    private final Clock clock;
    private final ScheduledExecutorService poller;
    private volatile Instant flushedUpTo = Instant.MAX;
    private volatile Instant lastObserved;

    private PipelineWatch(Admin admin, List<Stage> stages, Duration stallAfter, Clock clock) {
        this.admin = admin;
        this.stages = stages;
        this.watermark = new PipelineWatermark(stages.size(), stallAfter);
        this.stallAfter = stallAfter;
        this.clock = clock;
        this.poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "saga-pipeline-watch");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Watches the processor group {@code processorGroup} on the commands and the saga's own group on its inputs. */
    static PipelineWatch start(SagaStreamsConfig config, String processorGroup) {
        Map<String, Object> adminConfig = new HashMap<>(config.streamsOverrides());
        adminConfig.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        Duration stall = config.stallAfter();
        // In pipeline order: a step's command, then its answer. The processor writes an account's answer to both
        // answer topics in one transaction, so taking them one after the other only waits a little longer.
        List<Stage> stages = List.of(
                new Stage(processorGroup, Topics.COMMANDS.name()),
                new Stage(config.applicationId(), Topics.EVENTS.name()),
                new Stage(config.applicationId(), Topics.TRANSFER_ANSWERS.name()));
        PipelineWatch watch = new PipelineWatch(Admin.create(adminConfig), stages, stall, Clock.systemUTC());
        long every = config.watchInterval().toMillis();
        watch.poller.scheduleWithFixedDelay(watch::observe, 0, every, TimeUnit.MILLISECONDS);
        return watch;
    }

    /** Deadlines up to this instant may fire; {@link Instant#MAX} when nothing is known to be queued. */
    @Override
    public Instant get() {
        Instant observed = lastObserved;
        if (observed == null || clock.instant().isAfter(observed.plus(stallAfter))) {
            return Instant.MAX;
        }
        return flushedUpTo;
    }

    private void observe() {
        try {
            Instant at = clock.instant();
            // Every end offset before any committed offset: what a group committed after reading is then comparable.
            List<Map<Integer, Long>> ends = new ArrayList<>();
            for (Stage stage : stages) {
                ends.add(endOffsets(stage.topic()));
            }
            Map<String, Map<TopicPartition, OffsetAndMetadata>> byGroup = new HashMap<>();
            List<Map<Integer, Long>> committed = new ArrayList<>();
            for (Stage stage : stages) {
                committed.add(byGroup.computeIfAbsent(stage.group(), this::committed).entrySet().stream()
                        .filter(e -> e.getKey().topic().equals(stage.topic()) && e.getValue() != null)
                        .collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset())));
            }
            watermark.observe(at, ends, committed);
            flushedUpTo = watermark.flushedUpTo();
            lastObserved = at;
        } catch (RuntimeException e) {
            LOG.debug("saga pipeline watch could not read offsets; deadlines fire as they are meanwhile", e);
        }
    }

    private Map<Integer, Long> endOffsets(String topic) {
        var partitions = get(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic).partitions().stream()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
        return get(admin.listOffsets(partitions, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all())
                .entrySet().stream().collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset()));
    }

    private Map<TopicPartition, OffsetAndMetadata> committed(String group) {
        return get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
    }

    private static <T> T get(KafkaFuture<T> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking the cluster", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read offsets: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
        admin.close(Duration.ofSeconds(5));
    }
}
