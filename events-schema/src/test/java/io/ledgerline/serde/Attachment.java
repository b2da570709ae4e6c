package io.ledgerline.serde;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * A test-local record written by hand the way avro-maven-plugin would generate it, with the types whose declared
 * lengths the deserializer must check: bytes, an array and a map.
 */
public class Attachment extends SpecificRecordBase {

    public static final Schema SCHEMA$ = new Schema.Parser().parse("""
            {"type": "record", "name": "Attachment", "namespace": "io.ledgerline.serde",
             "fields": [
               {"name": "content", "type": "bytes"},
               {"name": "amounts", "type": {"type": "array", "items": "long"}},
               {"name": "totals", "type": {"type": "map", "values": "long", "avro.java.string": "String"}},
               {"name": "note", "type": {"type": "string", "avro.java.string": "String"}}
             ]}""");

    private ByteBuffer content;
    private List<Long> amounts;
    private Map<String, Long> totals;
    private String note;

    public Attachment() {
    }

    public Attachment(ByteBuffer content, List<Long> amounts, Map<String, Long> totals, String note) {
        this.content = content;
        this.amounts = amounts;
        this.totals = totals;
        this.note = note;
    }

    public static Schema getClassSchema() {
        return SCHEMA$;
    }

    @Override
    public Schema getSchema() {
        return SCHEMA$;
    }

    @Override
    public Object get(int field) {
        return switch (field) {
            case 0 -> content;
            case 1 -> amounts;
            case 2 -> totals;
            case 3 -> note;
            default -> throw new IndexOutOfBoundsException(field);
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public void put(int field, Object value) {
        switch (field) {
            case 0 -> content = (ByteBuffer) value;
            case 1 -> amounts = (List<Long>) value;
            case 2 -> totals = (Map<String, Long>) value;
            case 3 -> note = (String) value;
            default -> throw new IndexOutOfBoundsException(field);
        }
    }
}
