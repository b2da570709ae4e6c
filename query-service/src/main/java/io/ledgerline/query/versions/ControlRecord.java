package io.ledgerline.query.versions;

import java.util.regex.Pattern;

/**
 * One record of {@code ledger.projection-control} (ADR 0021): start a projection version, drop one, or route a read
 * model's reads to one. The key says what the record is about, so compaction keeps the last word on each: a version's
 * latest state and each read model's serving version.
 */
public sealed interface ControlRecord {

    /** Version names: letters, digits, {@code _} and {@code .}; no {@code -}, which ends the application id's prefix. */
    Pattern VERSION = Pattern.compile("[A-Za-z0-9_.]{1,64}");

    String version();

    /** Run this version (Streams application {@code <prefix><version>}) on every instance. */
    record Run(String version) implements ControlRecord {
        public Run {
            requireValid(version);
        }
    }

    /** Stop this version on every instance and delete its local state; a dropped version never runs again. */
    record Drop(String version) implements ControlRecord {
        public Drop {
            requireValid(version);
        }
    }

    /** Answer the reads of {@code model} from {@code version}. */
    record Serve(ReadModel model, String version) implements ControlRecord {
        public Serve {
            if (model == null) {
                throw new IllegalArgumentException("a serve record needs a read model");
            }
            requireValid(version);
        }
    }

    static String requireValid(String version) {
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("invalid projection version '" + version + "': use letters, digits, "
                    + "'_' and '.' (at most 64), e.g. v2");
        }
        return version;
    }
}
