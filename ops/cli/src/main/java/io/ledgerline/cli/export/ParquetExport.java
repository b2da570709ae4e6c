package io.ledgerline.cli.export;

import io.ledgerline.cli.kafka.RecordJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The files of one export into a directory: {@code <EventType>.parquet} per event type met in the slice, and
 * {@code undecodable.parquet} for records this build could not decode (none is skipped). Files appear under their
 * names only when the whole slice is written ({@link #publish}); closing an export that was not published removes
 * what it wrote.
 */
final class ParquetExport implements AutoCloseable {

    static final String EXTENSION = ".parquet";

    private final Path dir;
    private final boolean overwrite;
    private final Map<String, ParquetFile> files = new TreeMap<>();
    private boolean published;

    private ParquetExport(Path dir, boolean overwrite) {
        this.dir = dir;
        this.overwrite = overwrite;
    }

    /**
     * An export into the directory, created when missing. A directory that already holds Parquet files is refused
     * unless {@code overwrite}: files of two exports side by side would read as one data set.
     */
    static ParquetExport into(Path dir, boolean overwrite) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is not a directory");
        }
        Files.createDirectories(dir);
        if (!overwrite) {
            List<String> existing;
            try (Stream<Path> listing = Files.list(dir)) {
                existing = listing.map(path -> path.getFileName().toString())
                        .filter(name -> name.endsWith(EXTENSION)).sorted().toList();
            }
            if (!existing.isEmpty()) {
                throw new IllegalArgumentException(dir + " already holds " + String.join(", ", existing)
                        + "; export into an empty directory, or replace files of the same names with --overwrite");
            }
        }
        return new ParquetExport(dir, overwrite);
    }

    /** Appends the record to the file of its event type, or to the undecodable file. */
    void add(ConsumerRecord<byte[], byte[]> record, RecordJson.Decoded decoded) throws IOException {
        if (decoded.value() != null) {
            Schema event = decoded.value().getSchema();
            ParquetFile file = file(event.getName(), event);
            file.write(ExportColumns.eventRow(file.schema(), record, decoded.value()));
        } else {
            ParquetFile file = file(ExportColumns.UNDECODABLE, null);
            file.write(ExportColumns.undecodableRow(file.schema(), record, decoded.error()));
        }
    }

    private ParquetFile file(String name, Schema event) throws IOException {
        ParquetFile file = files.get(name);
        if (file == null) {
            Schema table = event == null ? ExportColumns.forUndecodable() : ExportColumns.forEvent(event);
            file = new ParquetFile(dir.resolve(name + EXTENSION), table);
            files.put(name, file);
        } else if (event != null && !file.schema().getFullName().equals(event.getFullName())) {
            throw new IllegalStateException("two event types would share " + name + EXTENSION + ": "
                    + file.schema().getFullName() + " and " + event.getFullName());
        }
        return file;
    }

    /** Completes every file and moves it to its name; answers what was written, by file name. */
    List<Written> publish() throws IOException {
        List<Written> written = new ArrayList<>();
        for (Map.Entry<String, ParquetFile> entry : files.entrySet()) {
            ParquetFile file = entry.getValue();
            long bytes = file.publish(overwrite);
            written.add(new Written(file.target(), entry.getKey(), file.rows(), bytes));
        }
        published = true;
        return written;
    }

    /** Removes the temporary files of an export that was not published. */
    @Override
    public void close() throws IOException {
        if (published) {
            return;
        }
        IOException failure = null;
        for (ParquetFile file : files.values()) {
            try {
                file.discard();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** One file of a published export: its path, the event type (or {@code undecodable}), rows and size. */
    record Written(Path file, String type, long rows, long bytes) {
    }
}
