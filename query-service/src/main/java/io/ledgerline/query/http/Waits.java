package io.ledgerline.query.http;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Read-your-writes waits without a thread per waiter: a waiting read is a future that completes when what the caller
 * asked for is in the store, or at the caller's deadline with what the store has then (the answer says it is stale).
 * A waiter on a store this instance writes is woken by the write itself ({@link Changes}, fed by the projector on the
 * stream thread): it reads the store again on this class's one thread right after the write, so the wait adds no
 * polling delay and costs nothing while nothing happens. A waiter on a standby copy, which Streams updates without
 * any projector, polls every {@code pollInterval}. At most {@code maxWaiters} reads wait at once; one more is refused
 * (503) rather than queued.
 */
public final class Waits implements AutoCloseable {

    /** Where a waiter hears that what it reads may have changed. */
    @FunctionalInterface
    public interface Changes {

        /** Nothing tells: the waiter polls. */
        Changes POLLED = changed -> () -> { };

        /** Calls {@code changed} after each change; run the result to stop. */
        Runnable subscribe(Runnable changed);
    }

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
     * What {@code read} returns once {@code done} holds for it, or at {@code wait} whatever it returns then; looked at
     * again whenever {@code changes} says so ({@link Changes#POLLED}: every poll interval). A failing read (a store
     * that went away) fails the future with its exception.
     */
    public <T> CompletableFuture<Optional<T>> until(Supplier<Optional<T>> read, Predicate<Optional<T>> done,
            Duration wait, Changes changes) {
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
        Runnable look = () -> {
            if (result.isDone()) {
                return;
            }
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
        };
        Runnable stop;
        ScheduledFuture<?> timer;
        try {
            if (changes == Changes.POLLED) {
                stop = () -> { };
                timer = scheduler.scheduleWithFixedDelay(look, pollNanos, pollNanos, TimeUnit.NANOSECONDS);
            } else {
                stop = changes.subscribe(() -> lookSoon(look, result));
                timer = scheduler.schedule(look, wait.toNanos(), TimeUnit.NANOSECONDS);
                // A write between the first read and the subscription told no one: look once more.
                scheduler.execute(look);
            }
        } catch (RejectedExecutionException e) {
            release.run();
            throw new UnavailableException("this instance is shutting down", e);
        }
        result.whenComplete((value, error) -> {
            stop.run();
            timer.cancel(false);
            release.run();
        });
        return result;
    }

    /** Runs on the stream thread: hands the look over to this class's thread. */
    private void lookSoon(Runnable look, CompletableFuture<?> result) {
        try {
            scheduler.execute(look);
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new UnavailableException("this instance is shutting down", e));
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
