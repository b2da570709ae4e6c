package io.ledgerline.cli.replay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerline.cli.events.KeyPartition;
import io.ledgerline.cli.kafka.Cluster;
import io.ledgerline.cli.kafka.ClusterOptions;
import io.ledgerline.cli.kafka.Output;
import io.ledgerline.cli.kafka.RecordJson;
import io.ledgerline.cli.kafka.TopicReader;
import io.ledgerline.topics.Topics;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ledgerline replay}: a slice of the event log, by time and optionally by aggregate, copied to a sandbox topic
 * (the records byte for byte, so they keep their schema ids) or to an NDJSON file (decoded, as {@code events get
 * --json} prints them). The log itself is only read: no {@code ledger.*} topic is ever a target.
 */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = "Re-emit the events of [--from-time, --to-time) of ledger.events (all, or one aggregate's) to a "
                + "sandbox topic or an NDJSON file, without touching ledger.events.")
public final class ReplayCommand implements Callable<Integer> {

    private static final String PROTECTED_PREFIX = "ledger.";

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "Topic to read (default: ledger.events).")
    String topic;

    @Option(names = "--from-time", required = true, paramLabel = "INSTANT",
            description = "Start of the slice, inclusive (ISO-8601, e.g. 2026-11-28T17:00:00Z).")
    Instant fromTime;

    @Option(names = "--to-time", required = true, paramLabel = "INSTANT", description = "End of the slice, exclusive.")
    Instant toTime;

    @Option(names = "--aggregate", paramLabel = "ID",
            description = "Only this aggregate's events (read from the one partition its id hashes to).")
    String aggregate;

    @ArgGroup(multiplicity = "1")
    Target target;

    /** Where the slice goes: exactly one of a topic and a file. */
    static final class Target {

        @Option(names = "--to-topic", paramLabel = "TOPIC",
                description = "A sandbox topic (created with the source's partition count when missing); never a "
                        + "ledger.* topic.")
        String topic;

        @Option(names = "--to-file", paramLabel = "FILE",
                description = "A new NDJSON file: one decoded event per line.")
        Path file;
    }

    @Override
    public Integer call() throws IOException {
        String source = topic == null ? Topics.EVENTS.name() : topic;
        if (!fromTime.isBefore(toTime)) {
            throw new IllegalArgumentException("--from-time " + fromTime + " is not before --to-time " + toTime);
        }
        if (target.topic != null && (target.topic.startsWith(PROTECTED_PREFIX) || target.topic.equals(source))) {
            throw new IllegalArgumentException("refusing to replay into " + target.topic
                    + ": the target must be a sandbox topic, not a " + PROTECTED_PREFIX + "* topic or the source");
        }
        if (target.file != null && Files.exists(target.file)) {
            throw new IllegalArgumentException(target.file + " exists; replay writes a new file");
        }
        Output out = new Output(spec.commandLine().getOut(), cluster.json());
        try (Cluster connected = Cluster.connect(cluster)) {
            int partitions = connected.partitions(source);
            List<TopicPartition> read = aggregate == null
                    ? IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(source, p)).toList()
                    : List.of(new TopicPartition(source, KeyPartition.of(aggregate, partitions)));
            long copied = target.topic != null
                    ? toTopic(connected, read, partitions)
                    : toFile(connected, read);
            ObjectNode summary = Output.object();
            summary.put("events", copied);
            summary.put("from", source);
            summary.put("to", target.topic != null ? target.topic : target.file.toString());
            out.print(summary, "replayed " + copied + " event(s) of " + source + " [" + fromTime + ", " + toTime
                    + ") to " + summary.get("to").asText());
        }
        return 0;
    }

    private long toTopic(Cluster cluster, List<TopicPartition> read, int partitions) {
        cluster.createIfMissing(target.topic, partitions, Map.of());
        long[] copied = {0};
        try (KafkaProducer<byte[], byte[]> producer = cluster.producer(Optional.empty())) {
            slice(cluster, read, record -> {
                producer.send(new ProducerRecord<>(target.topic, null, record.timestamp(), record.key(),
                        record.value(), record.headers()));
                copied[0]++;
            });
            producer.flush();
        }
        return copied[0];
    }

    private long toFile(Cluster cluster, List<TopicPartition> read) throws IOException {
        RecordJson json = new RecordJson(cluster.registry());
        long[] copied = {0};
        try (BufferedWriter writer = Files.newBufferedWriter(target.file, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE_NEW)) {
            slice(cluster, read, record -> {
                try {
                    writer.write(json.describe(record, json.decode(record.topic(), record.value())).toString());
                    writer.newLine();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write " + target.file, e);
                }
                copied[0]++;
            });
        }
        return copied[0];
    }

    /** Hands over the records of the slice, in offset order within each partition. */
    private void slice(Cluster cluster, List<TopicPartition> read,
            java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> each) {
        try (KafkaConsumer<byte[], byte[]> consumer = cluster.consumer()) {
            consumer.assign(read);
            Map<TopicPartition, Long> ends = TopicReader.offsetsAt(consumer, read, toTime);
            TopicReader.offsetsAt(consumer, read, fromTime).forEach(consumer::seek);
            TopicReader.read(cluster, consumer, ends, record -> {
                long at = record.timestamp();
                if (at >= fromTime.toEpochMilli() && at < toTime.toEpochMilli()
                        && (aggregate == null || aggregate.equals(RecordJson.utf8(record.key())))) {
                    each.accept(record);
                }
                return true;
            });
        }
    }
}
