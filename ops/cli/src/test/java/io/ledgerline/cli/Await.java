package io.ledgerline.cli;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Polls a condition until it holds, failing with what it waited for once the deadline has passed. */
public final class Await {

    private static final Duration POLL = Duration.ofMillis(50);

    private Await() {
    }

    /** Returns once {@code condition} holds; fails the test if it still does not after {@code within}. */
    public static void until(String waitingFor, Duration within, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + within + " waiting for " + waitingFor);
            }
            Thread.sleep(POLL.toMillis());
        }
    }
}
