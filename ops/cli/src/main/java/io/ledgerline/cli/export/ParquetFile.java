package io.ledgerline.cli.export;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;

/**
 * One Parquet file being written by parquet-java without Hadoop: {@code LocalOutputFile},
 * {@code PlainParquetConfiguration}, an explicit Avro data model (else parquet-avro asks Hadoop for one) and SNAPPY
 * pages through {@link SnappyPages}. It is written under a hidden temporary name beside its target
 * ({@code .NAME.partial}) and moved into place by {@link #publish}, so a failed export leaves no half-written file
 * under a name that readers pick up.
 */
final class ParquetFile implements AutoCloseable {

    /**
     * Rows are buffered in memory up to a row group: 16 MiB keeps one export of all fourteen event types well under
     * half a GiB of heap, and is still large enough for columnar scans.
     */
    static final long ROW_GROUP_BYTES = 16L * 1024 * 1024;

    private static final MethodHandle BUILDER;
    private static final MethodHandle WITH_CONF;

    static {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        try {
            BUILDER = lookup.findStatic(AvroParquetWriter.class, "builder",
                    MethodType.methodType(AvroParquetWriter.Builder.class, OutputFile.class));
            WITH_CONF = lookup.findVirtual(ParquetWriter.Builder.class, "withConf",
                    MethodType.methodType(ParquetWriter.Builder.class, ParquetConfiguration.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Path target;
    private final Path partial;
    private final Schema schema;
    private final ParquetWriter<GenericRecord> writer;
    private long rows;
    private boolean closed;

    ParquetFile(Path target, Schema schema) throws IOException {
        this.target = target;
        this.partial = target.resolveSibling("." + target.getFileName() + ".partial");
        this.schema = schema;
        this.writer = builder(partial)
                .withSchema(schema)
                .withDataModel(dataModel())
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withCodecFactory(new SnappyPages())
                .withRowGroupSize(ROW_GROUP_BYTES)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build();
    }

    /**
     * {@code AvroParquetWriter.builder(OutputFile).withConf(ParquetConfiguration)}, called through method handles:
     * both methods have a Hadoop-typed overload of the same arity ({@code builder(org.apache.hadoop.fs.Path)},
     * {@code withConf(org.apache.hadoop.conf.Configuration)}), and javac needs those classes to choose between them,
     * though the JVM does not need them to run the chosen one. A method handle names the exact signature, so Hadoop
     * stays off the compile class path as well.
     */
    @SuppressWarnings("unchecked")
    private static AvroParquetWriter.Builder<GenericRecord> builder(Path file) {
        try {
            AvroParquetWriter.Builder<GenericRecord> builder =
                    (AvroParquetWriter.Builder<GenericRecord>) BUILDER.invoke((OutputFile) new LocalOutputFile(file));
            return (AvroParquetWriter.Builder<GenericRecord>) WITH_CONF.invoke((ParquetWriter.Builder<?, ?>) builder,
                    (ParquetConfiguration) new PlainParquetConfiguration());
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot create a Parquet writer for " + file, e);
        }
    }

    /** Generic records whose timestamp-millis fields hold {@link java.time.Instant}s, as the generated classes do. */
    private static GenericData dataModel() {
        GenericData model = new GenericData();
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        return model;
    }

    void write(GenericRecord row) throws IOException {
        writer.write(row);
        rows++;
    }

    long rows() {
        return rows;
    }

    Path target() {
        return target;
    }

    Schema schema() {
        return schema;
    }

    /**
     * Completes the file (its footer) and moves it to its target name; an existing file there is replaced only when
     * asked to. Answers the file's size in bytes.
     */
    long publish(boolean overwrite) throws IOException {
        close();
        if (overwrite) {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } else {
            Files.move(partial, target);
        }
        return Files.size(target);
    }

    /** Completes the file under its temporary name. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            writer.close();
        }
    }

    /** Removes the temporary file of an export that failed. */
    void discard() throws IOException {
        try {
            close();
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
