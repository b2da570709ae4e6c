package io.ledgerline.streams;

/**
 * On a machine with 2 CPUs the JVM's common fork-join pool has parallelism 1, and {@code CompletableFuture} then runs
 * every asynchronous step without an executor on a new thread — the JDK {@code HttpClient} completes each
 * {@code sendAsync} that way, so every forwarded read, peer lookup and benchmark request started a thread
 * (docs/BENCHMARKS.md). The services' and the CLI's {@code main} call {@link #atLeastTwoWorkers()} first thing.
 */
public final class CommonPool {

    static final String PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    private CommonPool() {
    }

    /**
     * Gives the common pool at least two workers, unless {@code -D} set its parallelism. Works only before the pool
     * is first used, hence at the start of {@code main}.
     */
    public static void atLeastTwoWorkers() {
        if (System.getProperty(PARALLELISM) == null) {
            System.setProperty(PARALLELISM, Integer.toString(Math.max(2, Runtime.getRuntime().availableProcessors())));
        }
    }
}
