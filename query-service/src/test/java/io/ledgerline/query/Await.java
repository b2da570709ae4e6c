package io.ledgerline.query;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * Polls until a condition holds, failing with what it waited for once the deadline has passed: the shape of the CLI
 * tests' {@code Await}, on Awaitility as the command service's tests use it (both come with spring-boot-starter-test).
 */
public final class Await {

    private static final Duration POLL = Duration.ofMillis(50);

    private Await() {
    }

    /** Returns once {@code condition} holds; fails the test if it still does not after {@code within}. */
    public static void until(String waitingFor, Duration within, Callable<Boolean> condition) {
        Awaitility.await(waitingFor).atMost(within).pollInterval(POLL).until(condition);
    }

    /** The first answer that {@code accepted} takes, asked again until {@code within}; the timeout names the last. */
    public static <T> T until(String waitingFor, Duration within, Callable<T> answer, Predicate<? super T> accepted) {
        return Awaitility.await(waitingFor).atMost(within).pollInterval(POLL).until(answer, accepted);
    }
}
