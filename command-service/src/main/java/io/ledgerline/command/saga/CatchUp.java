package io.ledgerline.command.saga;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says when the saga application has caught up with its inputs as they were when this instance started: the group's
 * committed offsets have reached the end offsets of {@code ledger.events}, {@code ledger.transfer-answers} and
 * {@code ledger.saga-control} taken at start (the processor commits an event and its answer together), so every
 * event written before the start has been folded into the saga store. Until then {@link SagaProcessor} writes no
 * command and ticks nothing (ADR 0010).
 *
 * <p>It is asked of the whole consumer group through the admin client, so it holds with several instances, and it
 * is asked anew on every start, so a saga whose store and changelog were lost (it re-reads the log from offset 0)
 * and a saga that crashed in the middle of such a rebuild are both held back until the fold is complete. On an
 * ordinary restart it opens within a few commits.
 */
public final class CatchUp implements BooleanSupplier, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CatchUp.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final Admin admin;
    private final String groupId;
    private final ScheduledExecutorService poller;
    private volatile boolean caughtUp;
    private Map<TopicPartition, Long> target;

    private CatchUp(Admin admin, String groupId) {
        this.admin = admin;
        this.groupId = groupId;
        this.poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "saga-catch-up-" + groupId);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Checks that the saga's inputs are co-partitioned ({@link CoPartitioning}, else it throws), names the former
     * stores' changelog topics that are still there ({@link FormerChangelogs}), takes the inputs' end offsets now and
     * watches the saga's group until it has reached them.
     */
    public static CatchUp start(SagaStreamsConfig config) {
        Map<String, Object> adminConfig = new HashMap<>(config.streamsOverrides());
        adminConfig.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        Admin admin = Admin.create(adminConfig);
        CatchUp catchUp = new CatchUp(admin, config.applicationId());
        try {
            CoPartitioning.require(admin, SagaTopology.INPUTS, TimeUnit.SECONDS.toMillis(30));
            FormerChangelogs.warnIfPresent(admin, config.applicationId());
            Map<TopicPartition, Long> target = new HashMap<>();
            SagaTopology.INPUTS.forEach(topic -> target.putAll(catchUp.endOffsets(topic)));
            catchUp.target = target;
        } catch (RuntimeException e) {
            catchUp.close();
            throw e;
        }
        catchUp.poller.scheduleWithFixedDelay(catchUp::check, 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
        return catchUp;
    }

    @Override
    public boolean getAsBoolean() {
        return caughtUp;
    }

    private void check() {
        try {
            if (!reached(target)) {
                return;
            }
            caughtUp = true;
            LOG.info("Transfer saga {} has caught up with its inputs; commands are written from now on", groupId);
            poller.shutdown();
        } catch (RuntimeException e) {
            // The topic or the group may not exist yet, or the cluster is away for a moment: ask again.
            LOG.debug("saga catch-up check failed, retrying", e);
        }
    }

    private boolean reached(Map<TopicPartition, Long> ends) {
        Map<TopicPartition, OffsetAndMetadata> committed = get(admin.listConsumerGroupOffsets(groupId,
                new ListConsumerGroupOffsetsOptions().requireStable(true)).partitionsToOffsetAndMetadata());
        return ends.entrySet().stream().allMatch(end -> end.getValue() == 0
                || committed.get(end.getKey()) != null && committed.get(end.getKey()).offset() >= end.getValue());
    }

    private Map<TopicPartition, Long> endOffsets(String topic) {
        Set<TopicPartition> partitions = get(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic)
                .partitions().stream().map(p -> new TopicPartition(topic, p.partition()))
                .collect(Collectors.toSet());
        var latest = partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
        return get(admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private static <T> T get(KafkaFuture<T> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking the cluster", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read offsets of the transfer saga: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
        admin.close(Duration.ofSeconds(5));
    }
}
