package io.ledgerline.cli.kafka;

import io.ledgerline.registry.SchemaRegistryClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The clients an operations command uses, all bounded by {@code --timeout}: an Admin client (opened first, and the
 * cluster asked for its id, so an unreachable cluster fails here with one clear line instead of a hanging poll),
 * read_committed consumers without a group, producers and the registry client. Closing closes them all.
 */
public final class Cluster implements AutoCloseable {

    private final ClusterOptions options;
    private final Duration timeout;
    private final Admin admin;
    private SchemaRegistryClient registry;

    private Cluster(ClusterOptions options, Admin admin) {
        this.options = options;
        this.timeout = options.timeout();
        this.admin = admin;
    }

    /** Connects and checks that the cluster answers within the timeout. */
    public static Cluster connect(ClusterOptions options) {
        int millis = Math.toIntExact(options.timeout().toMillis());
        Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis,
                AdminClientConfig.CLIENT_ID_CONFIG, "ledgerline-cli"));
        Cluster cluster = new Cluster(options, admin);
        try {
            cluster.await(admin.describeCluster(new DescribeClusterOptions().timeoutMs(millis)).clusterId(),
                    "connecting");
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    public Admin admin() {
        return admin;
    }

    public Duration timeout() {
        return timeout;
    }

    /** Waits for an Admin result; a timeout or failure becomes one line naming what was being done. */
    public <T> T await(KafkaFuture<T> future, String doing) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw unreachable(doing);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable(doing);
            }
            throw new IllegalStateException(doing + ": " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(doing + ": interrupted", e);
        }
    }

    private IllegalStateException unreachable(String doing) {
        return new IllegalStateException(doing + ": Kafka at " + options.bootstrapServers() + " did not answer within "
                + timeout.toSeconds() + " s");
    }

    /** The topic's partition count; a missing topic is an error naming it. */
    public int partitions(String topic) {
        try {
            return await(admin.describeTopics(List.of(topic)).allTopicNames(), "describing topic " + topic)
                    .get(topic).partitions().size();
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IllegalArgumentException("topic " + topic + " does not exist");
            }
            throw e;
        }
    }

    public boolean exists(String topic) {
        return await(admin.listTopics().names(), "listing topics").contains(topic);
    }

    /** Creates a topic unless it exists; true when this call created it. */
    public boolean createIfMissing(String topic, int partitions, Map<String, String> config) {
        int brokers = await(admin.describeCluster().nodes(), "counting brokers").size();
        NewTopic newTopic = new NewTopic(topic, partitions, (short) Math.min(3, brokers)).configs(config);
        try {
            await(admin.createTopics(List.of(newTopic)).all(), "creating topic " + topic);
            return true;
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw e;
        }
    }

    /** A consumer of raw bytes without a group (assign and seek only) that sees committed records only. */
    public KafkaConsumer<byte[], byte[]> consumer() {
        int millis = Math.toIntExact(timeout.toMillis());
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis,
                ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, millis,
                // Scans read whole partitions: bigger fetches and polls than a service's defaults (1 MiB, 500).
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000,
                ConsumerConfig.CLIENT_ID_CONFIG, "ledgerline-cli"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** An idempotent producer of raw bytes; transactional when an id is given. */
    public KafkaProducer<byte[], byte[]> producer(Optional<String> transactionalId) {
        int millis = Math.toIntExact(timeout.toMillis());
        Map<String, Object> config = new HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, millis,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, millis,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, millis + 5,
                ProducerConfig.CLIENT_ID_CONFIG, "ledgerline-cli"));
        transactionalId.ifPresent(id -> config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id));
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The registry client, created on first use. */
    public SchemaRegistryClient registry() {
        if (registry == null) {
            registry = options.registry();
        }
        return registry;
    }

    @Override
    public void close() {
        try {
            if (registry != null) {
                registry.close();
            }
        } finally {
            admin.close(Duration.ofSeconds(1));
        }
    }
}
