package io.ledgerline.command.saga;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The saga reads its inputs without a repartition (ADR 0035): a transfer id is on partition {@code murmur2(id) % n}
 * of each, which is one partition number only if every input has the same {@code n}. Kafka Streams would not notice
 * otherwise (it makes one task per partition number over merged source topics and pairs them as they come), and
 * a transfer's answers would reach a task that does not own its saga. So the saga checks the counts before it
 * starts, and refuses to start when they differ.
 */
final class CoPartitioning {

    /** How long to wait before describing again topics the broker does not know yet. */
    private static final long RETRY_MS = 100;

    private CoPartitioning() {
    }

    /**
     * Returns the common partition count of {@code topics}, or throws naming each topic's count. Topics created just
     * before (the service creates the ledger topics as it starts) can be unknown to the broker that answers for a
     * moment: they are described again until {@code timeoutMs} has passed.
     */
    static int require(Admin admin, List<String> topics, long timeoutMs) {
        Map<String, TopicDescription> described = describe(admin, topics, System.nanoTime() + timeoutMs * 1_000_000);
        Map<String, Integer> counts = new LinkedHashMap<>();
        topics.forEach(topic -> counts.put(topic, described.get(topic).partitions().size()));
        if (counts.values().stream().distinct().count() > 1) {
            throw new IllegalStateException("the transfer saga reads " + String.join(", ", topics)
                    + " co-partitioned by transfer id, so they need one partition count, but they have " + counts
                    + "; give them the same count (ADR 0035)");
        }
        return counts.get(topics.get(0));
    }

    private static Map<String, TopicDescription> describe(Admin admin, List<String> topics, long deadline) {
        while (true) {
            long remainingMs = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
            try {
                return admin.describeTopics(topics).allTopicNames().get(remainingMs, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while describing the saga's input topics", e);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || remainingMs <= RETRY_MS) {
                    throw cannotDescribe(topics, e.getCause());
                }
            } catch (TimeoutException e) {
                throw cannotDescribe(topics, e);
            }
            try {
                Thread.sleep(RETRY_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while describing the saga's input topics", e);
            }
        }
    }

    private static IllegalStateException cannotDescribe(List<String> topics, Throwable cause) {
        return new IllegalStateException("cannot describe the saga's input topics " + topics + ": "
                + cause.getMessage(), cause);
    }
}
