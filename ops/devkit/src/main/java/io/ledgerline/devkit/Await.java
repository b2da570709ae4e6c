package io.ledgerline.devkit;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * For tests: polls a condition until it holds, failing with what it waited for once the deadline has passed. Used by
 * devkit's and ops/cli's tests (neither has Awaitility); it lives beside {@code kafka.SharedEmbeddedKafka}, the other
 * piece of test support here.
 */
public final class Await {

    private static final Duration POLL = Duration.ofMillis(50);

    private Await() {
    }

    /** Returns once {@code condition} holds; fails the test if it still does not after {@code within}. */
    public static void until(String waitingFor, Duration within, Callable<Boolean> condition) throws Exception {
        value(() -> waitingFor, within, () -> condition.call() ? Optional.of(true) : Optional.empty());
    }

    /**
     * The first answer of {@code answer} that is present; fails the test if none is after {@code within}, with
     * {@code waitingFor} asked then, so it can tell the last answer seen.
     */
    public static <T> T value(Supplier<String> waitingFor, Duration within, Callable<Optional<T>> answer)
            throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            Optional<T> found = answer.call();
            if (found.isPresent()) {
                return found.get();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + within + " waiting for " + waitingFor.get());
            }
            Thread.sleep(POLL.toMillis());
        }
    }
}
