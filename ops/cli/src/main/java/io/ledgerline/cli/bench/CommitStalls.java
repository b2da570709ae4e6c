package io.ledgerline.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * How long a Kafka Streams application's stream threads stood still in their commits during a phase, read from their
 * producers' own cumulative timers: the flush of every send of the transaction, the offsets sent to it, the end of
 * the transaction. A stream thread neither polls nor processes meanwhile, so for a read model written by that thread
 * this is the time during which no event can become visible (ADR 0043, ADR 0051). A sampler thread reads the timers
 * every {@link #SAMPLE_NANOS}; the growth of one thread's timers that follows a pause of more than {@link #GAP_NANOS}
 * is one commit (a commit's flushes, offsets and end follow each other within milliseconds, commits are a commit
 * interval apart), which gives the distribution of the commits' durations as well as their sum. Unlike a latency,
 * the time a thread waits per commit and the requests and re-sends per commit say something even on a loaded host.
 */
final class CommitStalls implements AutoCloseable {

    static final long SAMPLE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    static final long GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private static final String PRODUCER_GROUP = "producer-metrics";
    private static final String FLUSH = "flush-time-ns-total";
    private static final String OFFSETS = "txn-send-offsets-time-ns-total";
    private static final String END = "txn-commit-time-ns-total";

    /**
     * @param commits   commits seen (a commit of each stream thread counts once)
     * @param durations each commit's time blocked, in microseconds
     * @param flush     nanoseconds blocked flushing the producer, all threads
     * @param offsets   nanoseconds blocked sending the consumed offsets to the transaction
     * @param end       nanoseconds blocked ending (committing) the transaction
     * @param records   records the threads' producers sent (first attempts)
     * @param retries   records they sent again after the broker refused them
     * @param requests  requests their producers sent (produce and transaction requests)
     * @param elapsed   nanoseconds watched
     */
    record Summary(long commits, Histogram durations, long flush, long offsets, long end, double records,
            double retries, double requests, long elapsed) {

        /** Milliseconds of stream-thread time blocked in commits per second watched. */
        double blockedMillisPerSecond() {
            return (flush + offsets + end) / 1e6 / (elapsed / 1e9);
        }

        String describe() {
            double seconds = elapsed / 1e9;
            long count = Math.max(1, commits);
            return String.format(Locale.ROOT, "%,d commits (%.1f/s); the stream threads blocked in them "
                    + "%.1f ms per second (flush %.1f, offsets %.1f, end of transaction %.1f); per commit blocked "
                    + "p50 %.1f ms, p90 %.1f, p99 %.1f, max %.1f; per commit %.0f records sent, %.1f records re-sent, "
                    + "%.1f requests", commits, commits / seconds, blockedMillisPerSecond(), flush / 1e6 / seconds,
                    offsets / 1e6 / seconds, end / 1e6 / seconds, durations.getValueAtPercentile(50) / 1e3,
                    durations.getValueAtPercentile(90) / 1e3, durations.getValueAtPercentile(99) / 1e3,
                    durations.getMaxValue() / 1e3, records / count, retries / count, requests / count);
        }
    }

    /** One stream thread's producer: its three timers and counters, and the commit being summed. */
    private static final class Producer {
        final List<Metric> timers = new ArrayList<>();
        Metric flush;
        Metric offsets;
        Metric end;
        Metric records;
        Metric retries;
        Metric requests;
        long last;
        long pending;
        long changedAt;
    }

    private final List<Producer> producers = new ArrayList<>();
    private final Histogram durations = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
    private final Thread sampler;
    private final long started = System.nanoTime();
    private final long[] atStart;
    private volatile boolean stopped;
    private long commits;

    /** Reads {@code metrics} (live metric objects); samples on a thread of its own when {@code sampling}. */
    CommitStalls(Map<MetricName, ? extends Metric> metrics, boolean sampling) {
        Map<String, Producer> byClient = new TreeMap<>();
        for (Map.Entry<MetricName, ? extends Metric> metric : metrics.entrySet()) {
            MetricName name = metric.getKey();
            if (!PRODUCER_GROUP.equals(name.group())) {
                continue;
            }
            Producer producer = byClient.computeIfAbsent(name.tags().getOrDefault("client-id", ""), id -> new Producer());
            switch (name.name()) {
                case FLUSH -> producer.flush = metric.getValue();
                case OFFSETS -> producer.offsets = metric.getValue();
                case END -> producer.end = metric.getValue();
                case "record-send-total" -> producer.records = metric.getValue();
                case "record-retry-total" -> producer.retries = metric.getValue();
                case "request-total" -> producer.requests = metric.getValue();
                default -> { }
            }
        }
        for (Producer producer : byClient.values()) {
            if (producer.flush != null && producer.offsets != null && producer.end != null) {
                producer.timers.addAll(List.of(producer.flush, producer.offsets, producer.end));
                producer.last = blocked(producer);
                producers.add(producer);
            }
        }
        atStart = totals();
        sampler = new Thread(this::sample, "bench-commit-stalls");
        sampler.setDaemon(true);
        if (sampling) {
            sampler.start();
        }
    }

    /** Watches the commits of {@code streams}' stream threads from now until {@link #close()}. */
    static CommitStalls watch(KafkaStreams streams) {
        return new CommitStalls(streams.metrics(), true);
    }

    private static long blocked(Producer producer) {
        long sum = 0;
        for (Metric timer : producer.timers) {
            sum += value(timer);
        }
        return sum;
    }

    private static long value(Metric metric) {
        return metric == null ? 0 : (long) ((Number) metric.metricValue()).doubleValue();
    }

    private void sample() {
        while (!stopped) {
            LockSupport.parkNanos(SAMPLE_NANOS);
            sample(System.nanoTime());
        }
    }

    /** One reading of the timers at {@code now} (nanoseconds): growth after a pause starts the next commit. */
    synchronized void sample(long now) {
        for (Producer producer : producers) {
            long blocked = blocked(producer);
            if (blocked != producer.last) {
                if (producer.pending > 0 && now - producer.changedAt > GAP_NANOS) {
                    record(producer);
                }
                producer.pending += blocked - producer.last;
                producer.last = blocked;
                producer.changedAt = now;
            }
        }
    }

    private void record(Producer producer) {
        durations.recordValue(Math.min(durations.getHighestTrackableValue(), producer.pending / 1_000));
        commits++;
        producer.pending = 0;
    }

    /** flush, offsets, end, records, retries, requests: sums over the threads. */
    private long[] totals() {
        long[] sums = new long[6];
        for (Producer producer : producers) {
            sums[0] += value(producer.flush);
            sums[1] += value(producer.offsets);
            sums[2] += value(producer.end);
            sums[3] += value(producer.records);
            sums[4] += value(producer.retries);
            sums[5] += value(producer.requests);
        }
        return sums;
    }

    /** Stops watching; what was watched is {@link #summary()}. */
    @Override
    public void close() {
        stopped = true;
        try {
            if (sampler.isAlive()) {
                sampler.join(TimeUnit.SECONDS.toMillis(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the threads' commits cost from the start of watching until now (or {@link #close()}). */
    synchronized Summary summary() {
        long elapsed = System.nanoTime() - started;
        for (Producer producer : producers) {
            long blocked = blocked(producer);
            producer.pending += blocked - producer.last;
            producer.last = blocked;
            if (producer.pending > 0) {
                record(producer);
            }
        }
        long[] now = totals();
        return new Summary(commits, durations.copy(), now[0] - atStart[0], now[1] - atStart[1], now[2] - atStart[2],
                now[3] - atStart[3], now[4] - atStart[4], now[5] - atStart[5], elapsed);
    }
}
