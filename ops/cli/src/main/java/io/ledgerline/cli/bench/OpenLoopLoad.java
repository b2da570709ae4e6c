package io.ledgerline.cli.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Sends requests at a fixed rate, open loop: request n is due at {@code start + n / rate}, whether or not earlier
 * ones have been answered, and its latency runs from that intended start, not from when it was actually sent. A
 * server that stalls therefore shows its stall in every request that should have gone out meanwhile (no coordinated
 * omission), even when the in-flight bound holds the sender back.
 */
final class OpenLoopLoad {

    /** Latencies in nanoseconds from the intended start; every answer counts, whatever its status. */
    record Outcome(Histogram latencies, long sent, Map<Integer, Long> statuses, long failures, double seconds,
            long senderBehindNanos) {

        long answered() {
            return latencies.getTotalCount();
        }

        double achievedRate() {
            return answered() / seconds;
        }
    }

    private final HttpClient client;
    private final int maxInFlight;

    OpenLoopLoad(HttpClient client, int maxInFlight) {
        this.client = client;
        this.maxInFlight = maxInFlight;
    }

    /**
     * Runs for {@code length} at {@code rate} requests/s; {@code requests} makes request n. Returns when every sent
     * request has been answered or has failed, or after {@code drainTimeout} past the last one.
     */
    Outcome run(int rate, Duration length, LongFunction<HttpRequest> requests, Duration drainTimeout)
            throws InterruptedException {
        Recorder recorder = new Recorder(3);
        Semaphore inFlight = new Semaphore(maxInFlight);
        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        LongAdder failures = new LongAdder();
        AtomicLong lastAnswer = new AtomicLong();
        long total = rate * length.toSeconds();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
        long behind = 0;
        for (long n = 0; n < total; n++) {
            long intended = start + n * 1_000_000_000L / rate;
            for (long wait = intended - System.nanoTime(); wait > 0; wait = intended - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            if (!inFlight.tryAcquire(drainTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(maxInFlight + " requests in flight for " + drainTimeout);
            }
            behind = Math.max(behind, System.nanoTime() - intended);
            client.sendAsync(requests.apply(n), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                long now = System.nanoTime();
                recorder.recordValue(now - intended);
                if (error != null) {
                    failures.increment();
                } else {
                    statuses.computeIfAbsent(response.statusCode(), s -> new LongAdder()).increment();
                }
                lastAnswer.accumulateAndGet(now, Math::max);
                inFlight.release();
            });
        }
        boolean drained = inFlight.tryAcquire(maxInFlight, drainTimeout.toMillis(), TimeUnit.MILLISECONDS);
        Histogram latencies = recorder.getIntervalHistogram();
        Map<Integer, Long> counted = new TreeMap<>();
        statuses.forEach((status, count) -> counted.put(status, count.sum()));
        long unanswered = total - latencies.getTotalCount();
        if (!drained || unanswered > 0) {
            Progress.say("%d requests unanswered after %s", unanswered, drainTimeout);
        }
        inFlight.release(drained ? maxInFlight : 0);
        return new Outcome(latencies, total, counted, failures.sum() + unanswered,
                (Math.max(lastAnswer.get(), start) - start) / 1e9, behind);
    }
}
