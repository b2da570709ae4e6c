package io.ledgerline.registry;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;

/**
 * Checks a new schema against earlier ones with Avro's own {@link SchemaCompatibility}, in the directions a
 * {@link CompatibilityLevel} asks for, and words each conflict like Confluent's verbose answer.
 */
final class AvroCompatibility {

    private AvroCompatibility() {
    }

    /** The earlier versions are given newest first; an empty list is always compatible. */
    static CompatibilityResult check(CompatibilityLevel level, Schema candidate, List<RegisteredSchema> earlier) {
        List<String> messages = new ArrayList<>();
        for (RegisteredSchema old : earlier) {
            List<String> conflicts = new ArrayList<>();
            if (level.checksBackward()) {
                conflicts.addAll(conflicts(candidate, old.schema(), "new", "old"));
            }
            if (level.checksForward()) {
                conflicts.addAll(conflicts(old.schema(), candidate, "old", "new"));
            }
            if (!conflicts.isEmpty()) {
                messages.addAll(conflicts);
                messages.add("{oldSchemaVersion: %d}".formatted(old.version()));
                messages.add("{oldSchema: '%s'}".formatted(old.schema()));
                messages.add("{compatibility: '%s'}".formatted(level));
            }
        }
        return messages.isEmpty() ? CompatibilityResult.ok() : new CompatibilityResult(false, messages);
    }

    private static List<String> conflicts(Schema reader, Schema writer, String readerName, String writerName) {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
        List<String> out = new ArrayList<>();
        for (Incompatibility i : result.getIncompatibilities()) {
            out.add("{errorType:'%s', description:'The %s schema cannot read data written by the %s schema at "
                    .formatted(i.getType(), readerName, writerName)
                    + "path '%s': %s', additionalInfo:'%s'}".formatted(i.getLocation(), i.getMessage(),
                    i.getReaderFragment()));
        }
        return out;
    }
}
