package io.ledgerline.cli.bench;

import java.time.Duration;

/**
 * A warm-up in rounds until the JIT is quiet (ADR 0033): a first round, then rounds of a fixed size, each awaited,
 * until one in which the JIT compiler threads took at most a given share of the JVM's CPU, or a time limit has
 * passed. A JVM holding the broker, the Streams applications and their clients keeps compiling for minutes (the
 * broker's per-commit paths run only tens of times a second), so a fixed short warm-up leaves the compiler's work in
 * the timed phase: that is start-up, not the steady state. A fixed longer one would do on one machine and be too
 * short or too long on another; the JIT's share is what says the JVM has reached its steady state.
 */
final class JitWarmup {

    /**
     * How to warm up.
     *
     * @param firstRound operations of the first round
     * @param round      operations of each later round
     * @param jitQuiet   the warm-up ends after a round in which the JIT compiler threads took at most this share of
     *                   the JVM's CPU (1 for one round only)
     * @param max        or once the warm-up has run this long, quiet or not
     * @param unit       what one operation is called in the progress lines ("deposit", "transfer")
     */
    record Settings(long firstRound, long round, double jitQuiet, Duration max, String unit) {
    }

    /** How the warm-up went: operations, seconds, rounds, and the JIT's share of the JVM's CPU in its last round. */
    record Result(long operations, double seconds, int rounds, double lastRoundJitShare) {
    }

    /** One round: what is prepared untimed (e.g. encoding), and the timed part, which returns once it is done. */
    @FunctionalInterface
    interface Round {
        /** Prepares operations {@code first} to {@code first + count - 1}; the returned run does and awaits them. */
        Timed prepare(long first, long count);
    }

    /** The measured part of a round. */
    @FunctionalInterface
    interface Timed {
        void run() throws InterruptedException;
    }

    private JitWarmup() {
    }

    /** Runs rounds until the JIT is quiet or {@code settings.max()} has passed; prints each round to stderr. */
    static Result run(Settings settings, Round round) throws InterruptedException {
        long start = System.nanoTime();
        long done = 0;
        int rounds = 0;
        double jitShare;
        do {
            long count = rounds == 0 ? settings.firstRound() : settings.round();
            Timed timed = round.prepare(done, count);
            CpuClock.Reading before = CpuClock.read();
            timed.run();
            CpuClock.Reading spent = CpuClock.read().minus(before);
            done += count;
            rounds++;
            jitShare = spent.byGroup().getOrDefault(CpuClock.JIT, 0L) / (double) Math.max(1, spent.processNanos());
            Progress.say("warm-up round %d: %,d %ss, %.0f µs CPU per %s, JIT compiler threads %.0f %% of it",
                    rounds, count, settings.unit(), spent.processNanos() / 1e3 / Math.max(1, count), settings.unit(),
                    jitShare * 100);
        } while (jitShare > settings.jitQuiet() && System.nanoTime() - start < settings.max().toNanos());
        return new Result(done, (System.nanoTime() - start) / 1e9, rounds, jitShare);
    }
}
