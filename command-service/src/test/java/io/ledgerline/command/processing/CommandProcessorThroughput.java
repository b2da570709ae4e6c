package io.ledgerline.command.processing;

import io.ledgerline.devkit.kafka.SharedEmbeddedKafka;
import io.ledgerline.devkit.registry.EmbeddedSchemaRegistry;
import io.ledgerline.devkit.registry.EmbeddedSchemaRegistryConfig;
import io.ledgerline.mapping.CommandMapper;
import io.ledgerline.registry.SchemaRegistryClients;
import io.ledgerline.serde.AvroSerializer;
import io.ledgerline.topics.TopicSetup;
import io.ledgerline.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Not a test: a quick throughput figure of the command processor on the embedded broker. Pre-loads
 * {@code accounts} openings and {@code deposits} deposits onto {@code ledger.commands} with a raw producer (timing
 * that too), then for each commit interval given runs a fresh processor (new application id, empty state) over all
 * of them and times it until its committed offsets cover the whole topic.
 *
 * <p>Arguments: {@code deposits accounts threads commitMs...}, e.g. {@code 100000 1000 1 20 100}; system properties
 * {@code -Dbench.streams.<key>=<value>} become Streams overrides (e.g. {@code -Dbench.streams.producer.linger.ms=20}).
 */
public final class CommandProcessorThroughput {

    private CommandProcessorThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int deposits = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int accounts = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        String bootstrap = SharedEmbeddedKafka.bootstrapServers();
        try (EmbeddedSchemaRegistry registry =
                     new EmbeddedSchemaRegistry(EmbeddedSchemaRegistryConfig.defaults(bootstrap).withPort(0)).start();
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicSetup.createMissing(admin, Topics.LEDGER, Optional.empty(), (short) 1, Duration.ofSeconds(30));
            long total = preload(bootstrap, registry.url(), deposits, accounts);
            for (int i = 3; i < Math.max(args.length, 4); i++) {
                long commitMs = args.length > i ? Long.parseLong(args[i]) : 20;
                run(admin, bootstrap, registry.url(), total, threads, commitMs);
            }
        }
        System.exit(0);
    }

    private static long preload(String bootstrap, String registryUrl, int deposits, int accounts) {
        byte[][] keys = new byte[accounts][];
        byte[][] opens = new byte[accounts][];
        byte[][] depositValues = new byte[deposits][];
        try (AvroSerializer<SpecificRecord> avro = new AvroSerializer<>(
                SchemaRegistryClients.create(registryUrl, Map.of()), true)) {
            for (int a = 0; a < accounts; a++) {
                keys[a] = ("acc-" + a).getBytes(StandardCharsets.UTF_8);
                opens[a] = avro.serialize(Topics.COMMANDS.name(),
                        CommandMapper.toAvro(Commands.open("open-" + a, "acc-" + a)));
            }
            for (int d = 0; d < deposits; d++) {
                depositValues[d] = avro.serialize(Topics.COMMANDS.name(),
                        CommandMapper.toAvro(Commands.deposit("dep-" + d, "acc-" + (d % accounts), 1 + d % 500)));
            }
        }
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int a = 0; a < accounts; a++) {
                producer.send(new ProducerRecord<>(Topics.COMMANDS.name(), keys[a], opens[a]));
            }
            for (int d = 0; d < deposits; d++) {
                producer.send(new ProducerRecord<>(Topics.COMMANDS.name(), keys[d % accounts], depositValues[d]));
            }
            producer.flush();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long total = (long) accounts + deposits;
        System.out.printf("raw producer: %d commands (%d B each) in %.2f s = %.0f records/s (acks=all, linger 5 ms)%n",
                total, depositValues[0].length, seconds, total / seconds);
        return total;
    }

    private static void run(Admin admin, String bootstrap, String registryUrl, long total, int threads,
            long commitMs) throws Exception {
        String appId = "throughput-" + System.nanoTime();
        Path stateDir = Files.createTempDirectory("throughput-state-");
        CommandProcessorConfig config = CommandProcessorConfig.defaults(bootstrap, registryUrl)
                .withApplicationId(appId).withStateDir(stateDir).withStreamThreads(threads)
                .withCommitInterval(Duration.ofMillis(commitMs)).withStreamsOverrides(overrides());
        long end = commandsEndOffset(admin);
        try (KafkaStreams streams = CommandProcessorStreams.create(config)) {
            long start = System.nanoTime();
            streams.start();
            long firstProgress = 0;
            long firstProgressAt = 0;
            long done;
            while ((done = committed(admin, appId)) < end) {
                if (firstProgressAt == 0 && done > 0) {
                    firstProgressAt = System.nanoTime();
                    firstProgress = done;
                }
                if (System.nanoTime() - start > Duration.ofMinutes(10).toNanos()) {
                    throw new IllegalStateException("not done after 10 minutes: " + done + " of " + end);
                }
                Thread.sleep(50);
            }
            long finished = System.nanoTime();
            double all = (finished - start) / 1e9;
            double steady = (finished - firstProgressAt) / 1e9;
            System.out.printf("processor (EOS v2, commit %d ms, %d thread(s), overrides %s): %d commands in %.2f s "
                    + "from start = %.0f/s; %.0f/s after the first commit%n", commitMs, threads, overrides(), total,
                    all, total / all, (end - firstProgress) / steady);
            streams.close(Duration.ofSeconds(30));
        }
    }

    private static Map<String, Object> overrides() {
        Map<String, Object> overrides = new java.util.TreeMap<>();
        System.getProperties().forEach((k, v) -> {
            if (k.toString().startsWith("bench.streams.")) {
                overrides.put(k.toString().substring("bench.streams.".length()), v);
            }
        });
        return overrides;
    }

    private static long commandsEndOffset(Admin admin) throws Exception {
        var partitions = admin.describeTopics(java.util.List.of(Topics.COMMANDS.name())).allTopicNames().get()
                .get(Topics.COMMANDS.name()).partitions();
        Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest =
                new java.util.HashMap<>();
        partitions.forEach(p -> latest.put(new org.apache.kafka.common.TopicPartition(Topics.COMMANDS.name(),
                p.partition()), org.apache.kafka.clients.admin.OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
    }

    private static long committed(Admin admin, String group) throws Exception {
        Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> offsets =
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(Topics.COMMANDS.name()))
                .filter(e -> e.getValue() != null).mapToLong(e -> e.getValue().offset()).sum();
    }
}
