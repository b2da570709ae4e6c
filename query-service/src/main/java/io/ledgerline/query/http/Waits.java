package io.ledgerline.query.http;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Read-your-writes waits without a thread per waiter: a waiting read is a future that one scheduler thread completes
 * when a poll of the store finds what the caller asked for, or at the caller's deadline with what the store has then
 * (the answer says it is stale). At most {@code maxWaiters} reads wait at once; one more is refused (503) rather than
 * queued. A poll reads a local store (a RocksDB get), so polling every {@code pollInterval} costs little and bounds
 * how late a waiter sees an update.
 */
public final class Waits implements AutoCloseable {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ledgerline-read-waits");
        thread.setDaemon(true);
        return thread;
    });
    private final Semaphore waiters;
    private final long pollNanos;

    public Waits(int maxWaiters, Duration pollInterval) {
        this.waiters = new Semaphore(maxWaiters);
        this.pollNanos = pollInterval.toNanos();
    }

    /**
     * What {@code read} returns once {@code done} holds for it, or at {@code wait} whatever it returns then. A failing
     * read (a store that went away) fails the future with its exception.
     */
    public <T> CompletableFuture<Optional<T>> until(Supplier<Optional<T>> read, Predicate<Optional<T>> done,
            Duration wait) {
        Optional<T> now = read.get();
        if (done.test(now) || wait.isZero()) {
            return CompletableFuture.completedFuture(now);
        }
        if (!waiters.tryAcquire()) {
            throw new UnavailableException("too many reads are waiting in this instance; retry without a wait or"
                    + " later");
        }
        CompletableFuture<Optional<T>> result = new CompletableFuture<>();
        // The slot is given back before the caller sees the answer, so a caller that waits again right away finds it.
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                waiters.release();
            }
        };
        long deadline = System.nanoTime() + wait.toNanos();
        ScheduledFuture<?> poll = scheduler.scheduleWithFixedDelay(() -> {
            try {
                Optional<T> current = read.get();
                if (done.test(current) || System.nanoTime() - deadline >= 0) {
                    release.run();
                    result.complete(current);
                }
            } catch (RuntimeException e) {
                release.run();
                result.completeExceptionally(e);
            }
        }, pollNanos, pollNanos, TimeUnit.NANOSECONDS);
        result.whenComplete((value, error) -> {
            poll.cancel(false);
            release.run();
        });
        return result;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
