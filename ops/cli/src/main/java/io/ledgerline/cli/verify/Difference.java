package io.ledgerline.cli.verify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerline.cli.kafka.Output;

/**
 * One way a read model differs from the fold of the log: which model, which key, which field, and both values.
 *
 * @param model account, statement, portfolio, transfer, totals, or conservation (the log against itself)
 */
record Difference(String model, String id, String field, Object log, Object readModel) {

    ObjectNode json() {
        ObjectNode node = Output.object();
        node.put("model", model);
        node.put("id", id);
        node.put("field", field);
        node.put("log", String.valueOf(log));
        node.put("readModel", String.valueOf(readModel));
        return node;
    }

    String text() {
        return model + " " + id + " " + field + ": log " + log + ", read model " + readModel;
    }
}
