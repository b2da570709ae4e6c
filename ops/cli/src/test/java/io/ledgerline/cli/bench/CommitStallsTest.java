package io.ledgerline.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

class CommitStallsTest {

    /** A producer metric whose value the test sets. */
    private static final class Value implements Metric {
        private final MetricName name;
        double value;

        Value(String name, String client) {
            this.name = new MetricName(name, "producer-metrics", "", Map.of("client-id", client));
        }

        @Override
        public MetricName metricName() {
            return name;
        }

        @Override
        public Object metricValue() {
            return value;
        }
    }

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void givenTwoCommitsAPauseApart_whenSampled_thenEachCommitsWaitsAreOneDuration() {
        Map<String, Value> metrics = new HashMap<>();
        for (String name : new String[] {"flush-time-ns-total", "txn-send-offsets-time-ns-total",
                "txn-commit-time-ns-total", "record-send-total", "record-retry-total", "request-total"}) {
            metrics.put(name, new Value(name, "thread-1-producer"));
        }
        Map<MetricName, Value> byName = new HashMap<>();
        metrics.values().forEach(metric -> byName.put(metric.metricName(), metric));
        try (CommitStalls stalls = new CommitStalls(byName, false)) {
            // First commit: a 30 ms flush, then 5 ms for the offsets and 2 ms to end, read a millisecond apart.
            metrics.get("flush-time-ns-total").value = 30 * MS;
            stalls.sample(100 * MS);
            metrics.get("txn-send-offsets-time-ns-total").value = 5 * MS;
            stalls.sample(101 * MS);
            metrics.get("txn-commit-time-ns-total").value = 2 * MS;
            metrics.get("record-send-total").value = 1_000;
            metrics.get("request-total").value = 4;
            stalls.sample(102 * MS);
            // Second commit a commit interval later: a 10 ms flush.
            metrics.get("flush-time-ns-total").value = 40 * MS;
            stalls.sample(200 * MS);

            CommitStalls.Summary summary = stalls.summary();
            assertThat(summary.commits()).isEqualTo(2);
            assertThat(summary.durations().getMaxValue()).isBetween(36_900L, 37_100L);
            assertThat(summary.durations().getMinValue()).isBetween(9_990L, 10_010L);
            assertThat(summary.flush() + summary.offsets() + summary.end()).isEqualTo(47 * MS);
            assertThat(summary.records()).isEqualTo(1_000);
            assertThat(summary.requests()).isEqualTo(4);
        }
    }
}
