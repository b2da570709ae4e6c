package io.ledgerline.cli.fault;

import java.time.Duration;
import java.util.function.Supplier;

/** A bounded wait: loops check it on every round and fail with what they were waiting for. */
final class Deadline {

    private final long end;
    private final Duration within;

    Deadline(Duration within) {
        this.within = within;
        this.end = System.nanoTime() + within.toNanos();
    }

    boolean passed() {
        return System.nanoTime() - end > 0;
    }

    void check(String waitingFor) {
        check(() -> waitingFor);
    }

    void check(Supplier<String> waitingFor) {
        if (passed()) {
            throw new AssertionError("timed out after " + within + " waiting for " + waitingFor.get());
        }
    }
}
