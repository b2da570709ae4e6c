package io.ledgerline.cli.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Freshness of the read side: events appended at a fixed rate, open loop (event n is due at {@code start + n / rate}
 * whether or not earlier ones are visible yet), and every {@code every}-th one read back at once with a
 * read-your-writes wait ({@code minVersion}); its latency runs from the event's intended append time to the answer
 * that shows it. Only answers that show it count as visible: one that comes back {@code stale} (the wait ran out) or
 * with another status is counted apart, not as a latency. Reading back a sample rather than every event keeps the
 * reader's own HTTP cost (the JDK client, in the broker's JVM) from competing with the projections it measures; the
 * projections still process every event at the full rate. The first {@code warmup} is not recorded.
 */
final class Freshness {

    /** Latencies in nanoseconds from the intended append time to the answer that shows the event. */
    record Outcome(Histogram latencies, long appended, long read, long stale, Map<Integer, Long> statuses,
            long failures, long senderBehindNanos) {
    }

    private final HttpClient client;
    private final String baseUrl;
    private final int maxInFlight;

    Freshness(HttpClient client, String baseUrl, int maxInFlight) {
        this.client = client;
        this.baseUrl = baseUrl;
        this.maxInFlight = maxInFlight;
    }

    /**
     * Appends {@code rate} events a second for {@code warmup + length}: {@code append} appends event n and returns the
     * path and query that read it back once it is visible.
     */
    Outcome run(int rate, int every, Duration warmup, Duration length, LongFunction<String> append,
            Duration drainTimeout) throws InterruptedException {
        Recorder recorder = new Recorder(3);
        Semaphore inFlight = new Semaphore(maxInFlight);
        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        LongAdder stale = new LongAdder();
        LongAdder failures = new LongAdder();
        LongAdder read = new LongAdder();
        long warmupEvents = rate * warmup.toSeconds();
        long total = warmupEvents + rate * length.toSeconds();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
        long behind = 0;
        for (long n = 0; n < total; n++) {
            long intended = start + n * 1_000_000_000L / rate;
            for (long wait = intended - System.nanoTime(); wait > 0; wait = intended - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            String path = append.apply(n);
            behind = Math.max(behind, System.nanoTime() - intended);
            if (n < warmupEvents || n % every != 0) {
                continue;
            }
            if (!inFlight.tryAcquire(drainTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(maxInFlight + " reads in flight for " + drainTimeout);
            }
            read.increment();
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                    .build();
            client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
                long now = System.nanoTime();
                if (error != null) {
                    failures.increment();
                } else {
                    statuses.computeIfAbsent(response.statusCode(), s -> new LongAdder()).increment();
                    if (response.statusCode() == 200 && response.body().contains("\"stale\":false")) {
                        recorder.recordValue(now - intended);
                    } else if (response.statusCode() == 200) {
                        stale.increment();
                    }
                }
                inFlight.release();
            });
        }
        boolean drained = inFlight.tryAcquire(maxInFlight, drainTimeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!drained) {
            Progress.say("%d reads unanswered after %s", maxInFlight - inFlight.availablePermits(), drainTimeout);
        }
        Map<Integer, Long> counted = new TreeMap<>();
        statuses.forEach((status, count) -> counted.put(status, count.sum()));
        return new Freshness.Outcome(recorder.getIntervalHistogram(), total, read.sum(), stale.sum(), counted,
                failures.sum(), behind);
    }
}
