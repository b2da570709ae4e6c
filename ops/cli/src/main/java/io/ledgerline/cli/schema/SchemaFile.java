package io.ledgerline.cli.schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** An {@code .avsc} file, parsed after the files declaring the named types it uses (as the build's imports). */
final class SchemaFile {

    @Parameters(index = "0", paramLabel = "FILE.avsc", description = "The schema to check or register.")
    Path file;

    @Option(names = "--import", paramLabel = "FILE|DIR",
            description = "An .avsc file, or a directory of them, declaring named types FILE uses (e.g. "
                    + "events-schema/src/main/avro/common); parsed first, in order.")
    List<Path> imports = List.of();

    Schema parse() {
        Schema.Parser parser = new Schema.Parser();
        for (Path imported : avscFiles()) {
            parse(parser, imported);
        }
        return parse(parser, file);
    }

    private List<Path> avscFiles() {
        List<Path> files = new ArrayList<>();
        for (Path imported : imports) {
            if (Files.isDirectory(imported)) {
                try (Stream<Path> listed = Files.list(imported)) {
                    listed.filter(path -> path.toString().endsWith(".avsc")).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + imported, e);
                }
            } else {
                files.add(imported);
            }
        }
        return files;
    }

    private static Schema parse(Schema.Parser parser, Path path) {
        try {
            return parser.parse(path.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        } catch (SchemaParseException e) {
            throw new IllegalArgumentException(path + " is not a valid Avro schema: " + e.getMessage(), e);
        }
    }
}
