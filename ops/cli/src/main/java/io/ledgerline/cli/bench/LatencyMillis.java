package io.ledgerline.cli.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** How the benchmarks report a latency histogram recorded in nanoseconds: milliseconds to two decimals. */
final class LatencyMillis {

    private LatencyMillis() {
    }

    /** p50, p90, p99, p99.9 and max of {@code nanos}, in milliseconds, in that order. */
    static Map<String, Object> percentiles(Histogram nanos) {
        Map<String, Object> ms = new LinkedHashMap<>();
        ms.put("p50", millis(nanos.getValueAtPercentile(50)));
        ms.put("p90", millis(nanos.getValueAtPercentile(90)));
        ms.put("p99", millis(nanos.getValueAtPercentile(99)));
        ms.put("p99.9", millis(nanos.getValueAtPercentile(99.9)));
        ms.put("max", millis(nanos.getMaxValue()));
        return ms;
    }

    /** {@code nanos} in milliseconds, to two decimals. */
    static double millis(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }
}
