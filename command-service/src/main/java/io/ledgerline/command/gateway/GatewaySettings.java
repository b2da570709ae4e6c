package io.ledgerline.command.gateway;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link KafkaCommandGateway} runs.
 *
 * @param instanceId       this instance's {@code reply-to} value; unique among running instances
 * @param maxPending       commands sent here that may wait for an outcome at once; beyond it requests are refused
 * @param pendingRetention how long a command without outcome stays known as pending
 * @param recentOutcomes   how many recent outcomes are kept for the status URL and idempotent retries
 * @param startTimeout     how long start-up may wait for the cluster
 * @param partitionRefresh how often the reply listener looks for partitions added to the results topic
 */
public record GatewaySettings(String instanceId, int maxPending, Duration pendingRetention, int recentOutcomes,
        Duration startTimeout, Duration partitionRefresh) {

    public GatewaySettings {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(pendingRetention, "pendingRetention");
        Objects.requireNonNull(startTimeout, "startTimeout");
        Objects.requireNonNull(partitionRefresh, "partitionRefresh");
        if (instanceId.isBlank() || maxPending < 1 || recentOutcomes < 1) {
            throw new IllegalArgumentException("instanceId must be set, maxPending and recentOutcomes positive");
        }
    }
}
