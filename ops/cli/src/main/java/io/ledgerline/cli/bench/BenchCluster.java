package io.ledgerline.cli.bench;

import io.ledgerline.cli.dev.DevSettings;
import io.ledgerline.cli.dev.DevStack;
import io.ledgerline.devkit.Directories;
import io.ledgerline.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a benchmark runs: a fresh embedded broker and registry on a temporary data dir (deleted afterwards), or a
 * cluster and registry someone else runs. Either way the ledger topics exist once this is open.
 */
final class BenchCluster implements AutoCloseable {

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final String registryUrl;
    private final DevStack stack;
    private final Path workDir;
    private final Admin admin;

    private BenchCluster(String bootstrapServers, String registryUrl, DevStack stack, Path workDir) {
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
        this.stack = stack;
        this.workDir = workDir;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** An embedded broker (ports chosen by the OS) with the ledger topics and the registry. */
    static BenchCluster embedded(int partitions) throws IOException, InterruptedException, TimeoutException {
        return embedded(partitions, Map.of());
    }

    /** As {@link #embedded(int)}, with these broker properties over the embedded broker's. */
    static BenchCluster embedded(int partitions, Map<String, String> brokerProperties)
            throws IOException, InterruptedException, TimeoutException {
        Path workDir = Files.createTempDirectory("ledgerline-bench-");
        // DevStack is the infrastructure only; the benchmark starts its own processor and service (command port unused).
        DevStack stack = DevStack.start(new DevSettings(workDir.resolve("data"), 0, 0, partitions, 0),
                brokerProperties);
        return new BenchCluster(stack.bootstrapServers(), stack.registryUrl(), stack, workDir);
    }

    /** A running cluster and registry; the ledger topics must exist (e.g. created by {@code ledgerline dev}). */
    static BenchCluster external(String bootstrapServers, String registryUrl) throws IOException {
        return new BenchCluster(bootstrapServers, registryUrl, null, Files.createTempDirectory("ledgerline-bench-"));
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    String registryUrl() {
        return registryUrl;
    }

    boolean embedded() {
        return stack != null;
    }

    /** Scratch space of this run (state dirs, logs); deleted on close. */
    Path workDir() {
        return workDir;
    }

    Admin admin() {
        return admin;
    }

    /**
     * Commits {@code groupId}'s offsets on {@code ledger.commands} at the topic's current end, so a processor started
     * under that new application id reads only what is sent from now on, not the history (Streams' default reset
     * is earliest).
     */
    void startGroupAtEnd(String groupId) throws InterruptedException, ExecutionException, TimeoutException {
        startGroupAtEnd(groupId, Topics.COMMANDS.name());
    }

    /** The same for {@code topic}, e.g. {@code ledger.events} for a saga that should not fold the history. */
    void startGroupAtEnd(String groupId, String topic)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic).partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        Map<TopicPartition, OffsetAndMetadata> ends = admin
                .listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                .all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue().offset())));
        admin.alterConsumerGroupOffsets(groupId, ends).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        try {
            admin.close(ADMIN_TIMEOUT);
        } finally {
            if (stack != null) {
                stack.close();
            }
            Directories.deleteQuietly(workDir);
        }
    }
}
