package io.ledgerline.query;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** The query service's settings ({@code ledgerline.*}), with their defaults. */
@ConfigurationProperties("ledgerline")
public record QueryProperties(
        @DefaultValue Kafka kafka,
        @DefaultValue Registry registry,
        @DefaultValue Topics topics,
        @DefaultValue Projections projections,
        @DefaultValue Reads reads,
        @DefaultValue Routing routing) {

    /**
     * @param bootstrapServers the Kafka cluster
     * @param startTimeout     how long start-up waits for the cluster (topic creation)
     * @param client           further Kafka client settings for every client of this service, e.g. {@code ssl.*}
     */
    public record Kafka(
            @DefaultValue("127.0.0.1:9092") String bootstrapServers,
            @DefaultValue("30s") Duration startTimeout,
            Map<String, String> client) {

        public Kafka {
            client = client == null ? Map.of() : Map.copyOf(client);
        }
    }

    /** @param client registry client settings (keys on {@code io.ledgerline.registry.SchemaRegistryClients}) */
    public record Registry(@DefaultValue("http://127.0.0.1:8081") String url, Map<String, String> client) {

        public Registry {
            client = client == null ? Map.of() : Map.copyOf(client);
        }
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
     * The projections (Kafka Streams) run in this process.
     *
     * @param applicationId     its Streams application id; the version suffix is the projection version: a new
     *                          one rebuilds every read model from offset zero (ADR 0011)
     * @param streamThreads     stream threads in this instance
     * @param stateDir          where its RocksDB stores live; unset for Kafka Streams' default
     * @param commitInterval    how often a stream thread commits its transaction
     * @param standbyReplicas   warm copies of each store on other instances
     * @param activityRetention how long daily activity is kept
     * @param closeTimeout      how long closing waits for the stream threads
     * @param controlTopic      the topic of projection versions and read routing (ADR 0021); unset for
     *                          {@code ledger.projection-control} (another name keeps several ledgers, or tests, on
     *                          one cluster apart)
     * @param viewCopyEntries   account views the active tasks keep in memory, in all, for reads without the store's
     *                          lock (ADR 0048; ~350 bytes each); 0 keeps none: every read goes to the store
     */
    public record Projections(
            @DefaultValue("ledgerline-projections-v1") String applicationId,
            @DefaultValue("1") int streamThreads,
            Path stateDir,
            @DefaultValue("100ms") Duration commitInterval,
            @DefaultValue("0") int standbyReplicas,
            @DefaultValue("400d") Duration activityRetention,
            @DefaultValue("30s") Duration closeTimeout,
            String controlTopic,
            @DefaultValue("100000") int viewCopyEntries) {
    }

    /**
     * Limits of the read API.
     *
     * @param defaultWait     how long a read waits for {@code minVersion} or a terminal transfer when the caller
     *                        gives no {@code waitMs}
     * @param maxWait         the most a caller may ask for
     * @param maxWaiters      reads waiting at once in this instance; beyond it: 503
     * @param pollInterval    how often a read waiting on a standby copy looks at it again (others wake on the write)
     * @param pageSize        statement lines per page when the caller gives no {@code limit}
     * @param maxPageSize     the most a caller may ask for
     * @param maxActivityDays the longest activity range a caller may ask for, in days
     * @param direct          whether a plain {@code GET /api/accounts/{id}} of a key this instance owns is answered
     *                        before Spring MVC, by the same read (ADR 0042); off, every read goes through Spring MVC
     */
    public record Reads(
            @DefaultValue("2s") Duration defaultWait,
            @DefaultValue("10s") Duration maxWait,
            @DefaultValue("10000") int maxWaiters,
            @DefaultValue("10ms") Duration pollInterval,
            @DefaultValue("50") int pageSize,
            @DefaultValue("500") int maxPageSize,
            @DefaultValue("366") int maxActivityDays,
            @DefaultValue("true") boolean direct) {
    }

    /**
     * Forwarding of a read to the instance that owns its key.
     *
     * @param advertisedHost  the host other instances reach this one at; with the web server's port it is this
     *                        instance's {@code application.server}
     * @param timeout         how long a forwarded read may take beyond its own wait
     * @param retries         further attempts after a connection failure
     * @param backoff         the pause before the first retry; doubled for each next one
     * @param breakerFailures consecutive failures that open the circuit breaker to an instance
     * @param breakerCoolDown how long an open breaker refuses calls before one trial
     */
    public record Routing(
            @DefaultValue("127.0.0.1") String advertisedHost,
            @DefaultValue("2s") Duration timeout,
            @DefaultValue("2") int retries,
            @DefaultValue("50ms") Duration backoff,
            @DefaultValue("5") int breakerFailures,
            @DefaultValue("5s") Duration breakerCoolDown) {
    }
}
