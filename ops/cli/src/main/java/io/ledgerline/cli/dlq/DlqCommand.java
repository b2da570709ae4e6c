package io.ledgerline.cli.dlq;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerline.cli.kafka.AvroJson;
import io.ledgerline.cli.kafka.Cluster;
import io.ledgerline.cli.kafka.ClusterOptions;
import io.ledgerline.cli.kafka.Output;
import io.ledgerline.cli.kafka.RecordJson;
import io.ledgerline.cli.kafka.TopicReader;
import io.ledgerline.topics.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ledgerline dlq list|show|redrive}: dead letters, why they were refused, and sending them back. */
@Command(
        name = "dlq",
        mixinStandardHelpOptions = true,
        description = "Inspect dead letters (ledger.dlq) with their reasons and send chosen ones back to their source "
                + "topic after a fix. A dead letter is named PARTITION:OFFSET, as list prints it.",
        subcommands = {DlqCommand.ListLetters.class, DlqCommand.Show.class, DlqCommand.RedriveLetters.class})
public final class DlqCommand {

    /** The options every dlq subcommand has. */
    static final class DlqOptions {

        @Mixin
        ClusterOptions cluster;

        @Option(names = "--topic", paramLabel = "TOPIC",
                description = "Dead-letter topic (default: ledger.dlq).")
        String topic;

        String topic() {
            return topic == null ? Topics.DEAD_LETTERS.name() : topic;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "One line per dead letter: position, time, source record, key, whether it was redriven, "
                    + "error class and message.")
    static final class ListLetters implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        DlqOptions options;

        @Option(names = "--filter", paramLabel = "TEXT",
                description = "Only dead letters whose source topic, key, error class or message contains TEXT "
                        + "(any case).")
        String filter;

        @Override
        public Integer call() {
            Output out = new Output(spec.commandLine().getOut(), options.cluster.json());
            try (Cluster cluster = Cluster.connect(options.cluster)) {
                Set<String> redriven = Redrive.alreadyRedriven(cluster);
                for (DeadLetter letter : read(cluster, options.topic(), filter)) {
                    boolean sent = redriven.contains(letter.id());
                    out.print(letter.summary(sent), letter.summaryText(sent));
                }
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "One dead letter in full: every header, and its value decoded through the registry (as the "
                    + "source topic's record) or, when it cannot be decoded, in hex with the reason.")
    static final class Show implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        DlqOptions options;

        @Parameters(paramLabel = "PARTITION:OFFSET", description = "The dead letter, as list names it.")
        String position;

        @Override
        public Integer call() {
            Output out = new Output(spec.commandLine().getOut(), options.cluster.json());
            try (Cluster cluster = Cluster.connect(options.cluster)) {
                DeadLetter letter = readOne(cluster, options.topic(), position);
                RecordJson json = new RecordJson(cluster.registry());
                RecordJson.Decoded decoded = json.decode(letter.sourceTopic().orElse(options.topic()),
                        letter.record().value());
                ObjectNode object = letter.summary(Redrive.alreadyRedriven(cluster).contains(letter.id()));
                ObjectNode headers = object.putObject("headers");
                for (Header header : letter.record().headers()) {
                    headers.put(header.key(), RecordJson.utf8(header.value()));
                }
                if (decoded.value() != null) {
                    object.put("type", decoded.type());
                    object.set("fields", AvroJson.fields(decoded.value()));
                } else {
                    object.put("decodeError", decoded.error());
                    object.put("valueHex", RecordJson.hex(letter.record().value()));
                }
                out.print(object, object.toPrettyString());
            }
            return 0;
        }
    }

    @Command(name = "redrive", mixinStandardHelpOptions = true,
            description = {
                "Send chosen dead letters back to the topic named by their dlq-topic header (to the partition they "
                        + "came from), with the original key, value and headers, minus dlq-*, plus redriven-from.",
                "Idempotent: a dead letter is sent back at most once, however often redrive runs (ADR 0014)."
            })
    static final class RedriveLetters implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        DlqOptions options;

        @Parameters(paramLabel = "PARTITION:OFFSET", arity = "0..*",
                description = "The dead letters to send back, as list names them.")
        List<String> positions = List.of();

        @Option(names = "--filter", paramLabel = "TEXT",
                description = "Send back every dead letter list --filter TEXT shows.")
        String filter;

        @Option(names = "--dry-run", description = "Print what would be sent back; send nothing.")
        boolean dryRun;

        @Override
        public Integer call() {
            if (positions.isEmpty() && filter == null) {
                throw new IllegalArgumentException("name the dead letters to send back (PARTITION:OFFSET ...) "
                        + "or select them with --filter");
            }
            Output out = new Output(spec.commandLine().getOut(), options.cluster.json());
            try (Cluster cluster = Cluster.connect(options.cluster)) {
                List<DeadLetter> chosen = new ArrayList<>();
                for (String position : positions) {
                    chosen.add(readOne(cluster, options.topic(), position));
                }
                if (filter != null) {
                    chosen.addAll(read(cluster, options.topic(), filter));
                }
                if (dryRun) {
                    Set<String> redriven = Redrive.alreadyRedriven(cluster);
                    chosen.forEach(letter -> report(out, letter, redriven.contains(letter.id())
                            ? Redrive.Outcome.ALREADY_REDRIVEN : null));
                    return 0;
                }
                try (Redrive redrive = Redrive.start(cluster,
                        options.topic())) {
                    List<Redrive.Outcome> outcomes = redrive.send(chosen);
                    for (int i = 0; i < chosen.size(); i++) {
                        report(out, chosen.get(i), outcomes.get(i));
                    }
                }
            }
            return 0;
        }

        /** One line per dead letter; a null outcome is a dry run's "would send back". */
        private static void report(Output out, DeadLetter letter, Redrive.Outcome outcome) {
            String result = outcome == null ? "WOULD_REDRIVE" : outcome.name();
            ObjectNode object = Output.object();
            object.put("deadLetter", letter.position());
            object.put("to", letter.sourceTopic().orElse(null));
            object.put("result", result);
            out.print(object, letter.position() + " -> " + letter.sourceTopic().orElse("?") + " " + result);
        }
    }

    /** The dead letters of the topic as it is now, those matching the filter (all when it is null). */
    static List<DeadLetter> read(Cluster cluster, String topic, String filter) {
        List<DeadLetter> letters = new ArrayList<>();
        TopicReader.readAll(cluster, topic, record -> {
            DeadLetter letter = new DeadLetter(record);
            if (filter == null || letter.matches(filter)) {
                letters.add(letter);
            }
            return true;
        });
        return letters;
    }

    /** The dead letter at PARTITION:OFFSET; an error when there is none. */
    static DeadLetter readOne(Cluster cluster, String topic, String position) {
        String[] parts = position.split(":");
        TopicPartition partition;
        long offset;
        try {
            if (parts.length != 2) {
                throw new NumberFormatException();
            }
            partition = new TopicPartition(topic, Integer.parseInt(parts[0]));
            offset = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a dead letter is named PARTITION:OFFSET (e.g. 3:17), not " + position);
        }
        if (partition.partition() < 0 || partition.partition() >= cluster.partitions(topic)) {
            throw new IllegalArgumentException("no dead letter " + position + " in " + topic);
        }
        try (KafkaConsumer<byte[], byte[]> consumer = cluster.consumer()) {
            consumer.assign(List.of(partition));
            Map<TopicPartition, Long> end = consumer.endOffsets(List.of(partition));
            if (offset >= end.get(partition)) {
                throw new IllegalArgumentException("no dead letter " + position + " in " + topic
                        + " (the partition ends at " + end.get(partition) + ")");
            }
            consumer.seek(partition, offset);
            List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
            TopicReader.read(cluster, consumer, end, record -> !found.add(record));
            if (found.isEmpty() || found.get(0).offset() != offset) {
                throw new IllegalArgumentException("no dead letter " + position + " in " + topic
                        + " (deleted, compacted, or a transaction marker)");
            }
            return new DeadLetter(found.get(0));
        }
    }
}
