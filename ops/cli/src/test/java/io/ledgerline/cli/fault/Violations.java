package io.ledgerline.cli.fault;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Collects what an audit finds wrong, so a failure shows the shape of the damage rather than its first instance;
 * it keeps the first {@value #SHOWN} messages and counts the rest.
 */
final class Violations {

    private static final int SHOWN = 30;

    private final String what;
    private final List<String> shown = new ArrayList<>();
    private int count;

    Violations(String what) {
        this.what = what;
    }

    /** Records {@code message} unless {@code holds}. */
    void check(boolean holds, Supplier<String> message) {
        if (!holds) {
            count++;
            if (shown.size() < SHOWN) {
                shown.add(message.get());
            }
        }
    }

    /** Fails with every recorded violation (the first {@value #SHOWN} of them spelled out). */
    void assertNone() {
        if (count > 0) {
            throw new AssertionError(count + " violation(s) of " + what + ":\n  " + String.join("\n  ", shown)
                    + (count > shown.size() ? "\n  ... and " + (count - shown.size()) + " more" : ""));
        }
    }
}
