package io.ledgerline.registry;

import org.apache.avro.Schema;

/** Small Avro record schemas for registry tests: a record named {@code T} with the given fields JSON. */
final class Schemas {

    private Schemas() {
    }

    static String text(String fields) {
        return "{\"type\":\"record\",\"name\":\"T\",\"namespace\":\"test\",\"fields\":[" + fields + "]}";
    }

    static Schema record(String fields) {
        return new Schema.Parser().parse(text(fields));
    }

    static final Schema V1 = record("{\"name\":\"a\",\"type\":\"string\"}");
    static final Schema V2_WITH_DEFAULT =
            record("{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"int\",\"default\":0}");
    static final Schema V2_WITHOUT_DEFAULT =
            record("{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"int\"}");
    static final Schema ONLY_B = record("{\"name\":\"b\",\"type\":\"int\",\"default\":0}");
}
