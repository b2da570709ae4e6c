package io.ledgerline.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every published schema must read everything written with its earlier versions (BACKWARD_TRANSITIVE, the
 * embedded registry's default for our subjects), and every change must be recorded: the newest file under
 * {@code src/test/resources/schema-history/<full name>/vN.avsc} is the schema the build generates. To change a
 * schema, edit its .avsc and add the next vN.avsc (the generated class's SCHEMA$, pretty-printed); an edit that
 * would break old data fails here.
 */
class SchemaHistoryCompatibilityTest {

    private static final Path HISTORY = Path.of("src/test/resources/schema-history");

    static Stream<String> publishedSchemas() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/avro"))) {
            return files.filter(f -> f.toString().endsWith(".avsc"))
                    .map(SchemaHistoryCompatibilityTest::fullName)
                    .sorted()
                    .collect(Collectors.toList())
                    .stream();
        }
    }

    @ParameterizedTest
    @MethodSource("publishedSchemas")
    void currentSchemaIsTheNewestRecordedVersion(String fullName) throws Exception {
        List<Schema> history = history(fullName);

        assertThat(history).as("recorded versions of %s", fullName).isNotEmpty();
        assertThat(current(fullName).toString(true))
                .as("%s changed: record it as the next version under %s", fullName, HISTORY.resolve(fullName))
                .isEqualTo(history.get(history.size() - 1).toString(true));
    }

    @ParameterizedTest
    @MethodSource("publishedSchemas")
    void currentSchemaReadsEveryEarlierVersion(String fullName) throws Exception {
        Schema reader = current(fullName);
        for (Schema writer : history(fullName)) {
            var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
            assertThat(result.getCompatibility())
                    .as("%s cannot read an earlier version: %s", fullName, result.getIncompatibilities())
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        }
    }

    private static Schema current(String fullName) throws ReflectiveOperationException {
        return (Schema) Class.forName(fullName).getField("SCHEMA$").get(null);
    }

    private static List<Schema> history(String fullName) throws IOException {
        Path dir = HISTORY.resolve(fullName);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> versions = Files.list(dir)) {
            return versions.filter(v -> v.getFileName().toString().matches("v\\d+\\.avsc"))
                    .sorted(Comparator.comparingInt(SchemaHistoryCompatibilityTest::versionNumber))
                    .map(SchemaHistoryCompatibilityTest::parse)
                    .collect(Collectors.toList());
        }
    }

    private static int versionNumber(Path file) {
        return Integer.parseInt(file.getFileName().toString().replaceAll("\\D", ""));
    }

    private static Schema parse(Path file) {
        try {
            return new Schema.Parser().parse(file.toFile());
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    private static String fullName(Path avsc) {
        try {
            var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(avsc.toFile());
            return json.get("namespace").asText() + "." + json.get("name").asText();
        } catch (IOException e) {
            throw new AssertionError("cannot read " + avsc, e);
        }
    }
}
