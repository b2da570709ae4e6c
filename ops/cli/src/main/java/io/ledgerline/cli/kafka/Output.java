package io.ledgerline.cli.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;

/**
 * Where a command prints its results: one JSON object per line with {@code --json}, a line of text otherwise. Each
 * line is flushed at once, so {@code tail} output reaches a pipe as it happens.
 */
public final class Output {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintWriter out;
    private final boolean json;

    public Output(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    public boolean json() {
        return json;
    }

    /** Prints the object with {@code --json}, the text otherwise. */
    public void print(ObjectNode object, String text) {
        line(json ? object.toString() : text);
    }

    /** Prints the text as it is, no line break: a progress bar redrawn in place with {@code \r} on a terminal. */
    public void raw(String text) {
        out.print(text);
        out.flush();
    }

    /** Prints a line whatever the format (data that is JSON in both, or a closing text-only summary). */
    public void line(String text) {
        out.println(text);
        out.flush();
    }
}
