package io.ledgerline.cli.export;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerline.cli.kafka.Cluster;
import io.ledgerline.cli.kafka.ClusterOptions;
import io.ledgerline.cli.kafka.Output;
import io.ledgerline.cli.kafka.RecordJson;
import io.ledgerline.cli.kafka.TopicReader;
import io.ledgerline.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ledgerline export}: a time slice of the event log as a columnar archive for analytics, one Parquet file per
 * event type. The log is read as it is when the command starts (read_committed, no consumer group) and decoded
 * through the registry; nothing is written to Kafka.
 */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = {
            "Export [--from-time, --to-time) of ledger.events (default: all of it, as it is now) to DIR as Parquet: "
                    + "one file per event type, <EventType>.parquet, whose columns are kafka_partition, kafka_offset, "
                    + "kafka_timestamp and kafka_key, then the event's own fields. Records that cannot be decoded go "
                    + "to undecodable.parquet with the reason and their bytes.",
            "Files appear only when the whole slice is written. A directory that already holds .parquet files is "
                    + "refused unless --overwrite."
        })
public final class ExportCommand implements Callable<Integer> {

    /** The file formats there are: one for now; the option exists so that a script says what it expects. */
    public enum Format {
        PARQUET
    }

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--format", defaultValue = "parquet", paramLabel = "FORMAT",
            description = "File format, any case: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--to", required = true, paramLabel = "DIR",
            description = "Directory for the files (created when missing).")
    Path dir;

    @Option(names = "--from-time", paramLabel = "INSTANT",
            description = "Start of the slice, inclusive (ISO-8601, e.g. 2026-11-28T00:00:00Z; default: the oldest "
                    + "event).")
    Instant fromTime;

    @Option(names = "--to-time", paramLabel = "INSTANT",
            description = "End of the slice, exclusive (default: the end of the log when the export starts).")
    Instant toTime;

    @Option(names = "--overwrite", description = "Replace files of the same names in DIR.")
    boolean overwrite;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "Topic to read (default: ledger.events).")
    String topic;

    @Override
    public Integer call() throws IOException {
        String source = topic == null ? Topics.EVENTS.name() : topic;
        if (fromTime != null && toTime != null && !fromTime.isBefore(toTime)) {
            throw new IllegalArgumentException("--from-time " + fromTime + " is not before --to-time " + toTime);
        }
        Output out = new Output(spec.commandLine().getOut(), cluster.json());
        // The directory is checked first: a refused export never reads the log. Closing the export after the cluster
        // removes what an export that failed had written.
        try (ParquetExport export = ParquetExport.into(dir, overwrite); Cluster connected = Cluster.connect(cluster)) {
            List<TopicPartition> partitions = IntStream.range(0, connected.partitions(source))
                    .mapToObj(p -> new TopicPartition(source, p)).toList();
            slice(connected, partitions, export);
            print(out, source, export.publish());
        }
        return 0;
    }

    /** Hands every record of the slice to the export, in offset order within each partition. */
    private void slice(Cluster cluster, List<TopicPartition> partitions, ParquetExport export) {
        RecordJson decoder = new RecordJson(cluster.registry());
        try (KafkaConsumer<byte[], byte[]> consumer = cluster.consumer()) {
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = toTime == null
                    ? consumer.endOffsets(partitions)
                    : TopicReader.offsetsAt(consumer, partitions, toTime);
            if (fromTime == null) {
                consumer.seekToBeginning(partitions);
            } else {
                TopicReader.offsetsAt(consumer, partitions, fromTime).forEach(consumer::seek);
            }
            TopicReader.read(cluster, consumer, ends, record -> {
                if (inSlice(record.timestamp())) {
                    try {
                        export.add(record, decoder.decode(record.topic(), record.value()));
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot write to " + dir, e);
                    }
                }
                return true;
            });
        }
    }

    private boolean inSlice(long timestamp) {
        return (fromTime == null || timestamp >= fromTime.toEpochMilli())
                && (toTime == null || timestamp < toTime.toEpochMilli());
    }

    private void print(Output out, String source, List<ParquetExport.Written> written) {
        long rows = 0;
        long bytes = 0;
        for (ParquetExport.Written file : written) {
            ObjectNode line = Output.object();
            line.put("file", file.file().toString());
            line.put("type", file.type());
            line.put("rows", file.rows());
            line.put("bytes", file.bytes());
            out.print(line, file.file() + ": " + file.rows() + " rows, " + file.bytes() + " bytes");
            rows += file.rows();
            bytes += file.bytes();
        }
        ObjectNode summary = Output.object();
        summary.put("from", source);
        summary.put("to", dir.toString());
        summary.put("files", written.size());
        summary.put("rows", rows);
        summary.put("bytes", bytes);
        out.print(summary, "exported " + rows + " event(s) of " + source + " [" + (fromTime == null ? "start" : fromTime)
                + ", " + (toTime == null ? "end" : toTime) + ") to " + dir + ": " + written.size() + " file(s), "
                + bytes + " bytes");
    }
}
