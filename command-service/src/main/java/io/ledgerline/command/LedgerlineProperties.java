package io.ledgerline.command;

import io.ledgerline.saga.SagaConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The command service's Kafka side ({@code ledgerline.*}); the REST limits are {@code ledgerline.http.*}
 * ({@link io.ledgerline.command.http.HttpProperties}).
 *
 * @param instanceId this instance's {@code reply-to} value; must differ between running instances. Default: a
 *                   random one per start, which is right unless a deployment wants stable names in its logs
 */
@ConfigurationProperties("ledgerline")
public record LedgerlineProperties(
        String instanceId,
        @DefaultValue Kafka kafka,
        @DefaultValue Registry registry,
        @DefaultValue Commands commands,
        @DefaultValue Topics topics,
        @DefaultValue Processor processor,
        @DefaultValue Saga saga) {

    public LedgerlineProperties {
        if (instanceId == null || instanceId.isBlank()) {
            instanceId = "command-service-" + UUID.randomUUID();
        }
    }

    /**
     * @param bootstrapServers the Kafka cluster
     * @param sendTimeout      how long a send may block for metadata or buffer space ({@code max.block.ms})
     * @param deliveryTimeout  how long the producer keeps trying to deliver ({@code delivery.timeout.ms})
     * @param startTimeout     how long start-up waits for the cluster (topics, reply listener positions)
     * @param client           further Kafka client settings for every client of this service (producer, reply
     *                         consumer, admin, the processor), e.g. {@code security.protocol} and {@code ssl.*}
     */
    public record Kafka(
            @DefaultValue("127.0.0.1:9092") String bootstrapServers,
            @DefaultValue("5s") Duration sendTimeout,
            @DefaultValue("30s") Duration deliveryTimeout,
            @DefaultValue("30s") Duration startTimeout,
            Map<String, String> client) {

        public Kafka {
            client = client == null ? Map.of() : Map.copyOf(client);
        }
    }

    /**
     * @param autoRegister register the command schemas on first use (dev); off where schemas are deployed
     * @param client       registry client settings (keys on {@code io.ledgerline.registry.SchemaRegistryClients}:
     *                     authentication, timeouts, retries, cache)
     */
    public record Registry(
            @DefaultValue("http://127.0.0.1:8081") String url,
            @DefaultValue("true") boolean autoRegister,
            Map<String, String> client) {

        public Registry {
            client = client == null ? Map.of() : Map.copyOf(client);
        }
    }

    /**
     * @param maxPending       commands of this instance waiting for an outcome at once; beyond it: 503
     * @param pendingRetention how long a command without outcome answers PENDING at the status URL
     * @param recentOutcomes   outcomes kept for the status URL and for answering retries without a round trip
     * @param peerTimeout      how long the status URL waits for another instance's answer (ADR 0013)
     */
    public record Commands(
            @DefaultValue("10000") int maxPending,
            @DefaultValue("10m") Duration pendingRetention,
            @DefaultValue("10000") int recentOutcomes,
            @DefaultValue("2s") Duration peerTimeout) {
    }

    /**
     * @param createMissing     create the ledger topics at start-up when they do not exist
     * @param partitions        their partition count; unset for each topic's default
     * @param replicationFactor their replication factor
     */
    public record Topics(
            @DefaultValue("true") boolean createMissing,
            Integer partitions,
            @DefaultValue("1") short replicationFactor) {
    }

    /**
     * The command processor (Kafka Streams) run in this process.
     *
     * @param enabled       run it here; off for an instance that only serves REST against processors elsewhere
     * @param applicationId its Streams application id (consumer group, transactional ids, changelog names)
     * @param streamThreads stream threads in this instance
     * @param stateDir      where its RocksDB stores live; unset for Kafka Streams' default
     * @param internalAddress where the internal endpoint the other instances ask ({@code /internal/command-outcomes/},
     *                      ADR 0013, 0030) listens; unset: {@code server.address}, else 127.0.0.1. Never the public
     *                      API's port: peers reach it here only
     * @param internalPort  its port; 0 (the default): any free port, advertised once bound
     * @param advertisedEndpoint {@code host:port} at which the other instances reach this one's internal endpoint (the
     *                      processor's {@code application.server}); unset: the internal address and the port it got,
     *                      which fits instances sharing one host; set it on multi-host deployments
     */
    public record Processor(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("ledgerline-command-processor") String applicationId,
            @DefaultValue("1") int streamThreads,
            Path stateDir,
            String internalAddress,
            @DefaultValue("0") int internalPort,
            String advertisedEndpoint) {
    }

    /**
     * The transfer saga (Kafka Streams, ADR 0010) run in this process. The re-send policy is the decider's
     * {@link SagaConfig}: after the n-th send of a step the saga waits
     * {@code min(maxBackoff, initialBackoff * multiplier^(n-1))} less up to {@code jitter} of it, and gives up (STUCK)
     * after {@code maxAttempts} sends or {@code stepDeadline} after the step's first send.
     *
     * @param enabled       run it here (the issue's {@code ledger.saga.enabled}); off for an instance that only
     *                      serves REST or only processes commands, with the saga run elsewhere
     * @param applicationId its Streams application id; distinct from the processor's
     * @param streamThreads stream threads in this instance
     * @param stateDir      where its RocksDB stores live (beside the processor's, in its own application id's
     *                      directory); unset: the processor's state dir, else Kafka Streams' default
     * @param tickInterval  how often each task looks for transfers whose deadline has passed
     * @param retention     how long a settled saga is kept before it is deleted (ADR 0032); longer than a command
     *                      can wait in {@code ledger.commands}
     * @param holdResends   whether deadlines wait while the command processor (this instance's
     *                      {@code ledgerline.processor.application-id}) or the saga has a backlog (ADR 0032)
     * @param stallAfter    a backlog whose consumer has not moved for this long no longer holds deadlines
     */
    public record Saga(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("ledgerline-transfer-saga") String applicationId,
            @DefaultValue("1") int streamThreads,
            Path stateDir,
            @DefaultValue("15s") Duration initialBackoff,
            @DefaultValue("2.0") double multiplier,
            @DefaultValue("1m") Duration maxBackoff,
            @DefaultValue("10") int maxAttempts,
            @DefaultValue("10m") Duration stepDeadline,
            @DefaultValue("0.2") double jitter,
            @DefaultValue("250ms") Duration tickInterval,
            @DefaultValue("8d") Duration retention,
            @DefaultValue("true") boolean holdResends,
            @DefaultValue("30s") Duration stallAfter) {

        /** The decider's re-send policy; refuses (at start-up) limits that make no sense. */
        public SagaConfig policy() {
            return new SagaConfig(initialBackoff, multiplier, maxBackoff, maxAttempts, stepDeadline, jitter);
        }
    }
}
