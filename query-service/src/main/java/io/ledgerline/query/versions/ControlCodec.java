package io.ledgerline.query.versions;

/**
 * The text form of a {@link ControlRecord}, readable with any console consumer: key {@code version/<v>} with value
 * {@code run} or {@code drop}, or key {@code serve/<read model>} with the version as value.
 */
public final class ControlCodec {

    private static final String VERSION = "version/";
    private static final String SERVE = "serve/";
    private static final String RUN = "run";
    private static final String DROP = "drop";

    private ControlCodec() {
    }

    public static String key(ControlRecord record) {
        if (record instanceof ControlRecord.Serve serve) {
            return SERVE + serve.model().id();
        }
        return VERSION + record.version();
    }

    public static String value(ControlRecord record) {
        if (record instanceof ControlRecord.Serve serve) {
            return serve.version();
        }
        return record instanceof ControlRecord.Run ? RUN : DROP;
    }

    /** The record a key and value stand for; anything else is an {@link IllegalArgumentException} naming it. */
    public static ControlRecord decode(String key, String value) {
        if (key == null || value == null) {
            throw new IllegalArgumentException("a control record needs a key and a value, got " + key + " = " + value);
        }
        if (key.startsWith(VERSION)) {
            String version = key.substring(VERSION.length());
            return switch (value) {
                case RUN -> new ControlRecord.Run(version);
                case DROP -> new ControlRecord.Drop(version);
                default -> throw new IllegalArgumentException("unknown state '" + value + "' of " + key);
            };
        }
        if (key.startsWith(SERVE)) {
            return new ControlRecord.Serve(ReadModel.parse(key.substring(SERVE.length())), value);
        }
        throw new IllegalArgumentException("unknown control record key " + key);
    }
}
