package io.ledgerline.cli.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Where a REST command's time goes between the gateway's send and the reply listener's receipt, from the lines
 * {@link RestHopProbe} wrote in the command service's JVM ({@code bench commands --hop-sample}). The hops:
 * <em>send → acked</em> (the gateway's linger and produce round trip), <em>send → polled</em> (until the
 * processor's poll returns the command), <em>polled → processed</em> (the stream thread's processing, up to the
 * outcome handed to its producer), <em>processed → flushed</em> (the rest of the commit interval and the commit's
 * flush: the outcome appended), <em>flushed → received</em> (the end of the transaction, its markers and the
 * listener's {@code read_committed} fetch). What lies before the send (Tomcat, Spring MVC, the body) and after the
 * receipt (waking the request thread, the answer) is the load's latency minus send → received.
 */
final class RestHops {

    static final int SENT = 0;
    static final int ACKED = 1;
    static final int POLLED = 2;
    static final int PROCESSED = 3;
    static final int FLUSHED = 4;
    static final int RECEIVED = 5;
    static final int MOMENTS = 6;

    /** Two flushes of sampled outcomes less than this apart are taken for the same commit. */
    private static final long SAME_COMMIT_NANOS = 2_000_000L;

    private record Hop(String name, int from, int to) {
    }

    private static final List<Hop> HOPS = List.of(
            new Hop("send -> acked (gateway linger, produce)", SENT, ACKED),
            new Hop("send -> polled (to the stream thread)", SENT, POLLED),
            new Hop("polled -> processed", POLLED, PROCESSED),
            new Hop("processed -> flushed (commit interval, flush)", PROCESSED, FLUSHED),
            new Hop("flushed -> received (end txn, markers, fetch)", FLUSHED, RECEIVED),
            new Hop("send -> received", SENT, RECEIVED));

    private RestHops() {
    }

    /**
     * The followed commands sent within {@code [fromNanos, toNanos)} that have every moment: each hop's percentiles
     * in ms, the slowest 1 % (by send → received) with each hop's mean, and the commits' cadence (the gaps between
     * the flushes of sampled outcomes).
     */
    static Map<String, Object> report(Path file, long fromNanos, long toNanos) throws IOException {
        List<long[]> complete = new ArrayList<>();
        int followed = 0;
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                long[] t = parse(line);
                if (t == null || t[SENT] < fromNanos || t[SENT] >= toNanos) {
                    continue;
                }
                followed++;
                boolean all = true;
                for (long moment : t) {
                    all &= moment != 0;
                }
                if (all) {
                    complete.add(t);
                }
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("followed", followed);
        m.put("complete", complete.size());
        Map<String, Object> hops = new LinkedHashMap<>();
        for (Hop hop : HOPS) {
            Histogram h = new Histogram(3);
            complete.forEach(t -> h.recordValue(Math.max(0, t[hop.to()] - t[hop.from()])));
            hops.put(hop.name(), LatencyMillis.percentiles(h));
        }
        m.put("hopsMillis", hops);
        m.put("slowestPercentMeanMillis", slowest(complete));
        m.put("commitGapsMillis", commitGaps(complete));
        return m;
    }

    static long[] parse(String line) {
        String[] parts = line.trim().split(" ");
        if (parts.length != MOMENTS + 1) {
            return null;
        }
        long[] t = new long[MOMENTS];
        for (int i = 0; i < MOMENTS; i++) {
            t[i] = Long.parseLong(parts[i + 1]);
        }
        return t;
    }

    private static Map<String, Object> slowest(List<long[]> complete) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (complete.isEmpty()) {
            return m;
        }
        List<long[]> slowest = complete.stream()
                .sorted(Comparator.comparingLong((long[] t) -> t[RECEIVED] - t[SENT]).reversed())
                .limit(Math.max(1, complete.size() / 100)).toList();
        for (Hop hop : HOPS) {
            double sum = 0;
            for (long[] t : slowest) {
                sum += t[hop.to()] - t[hop.from()];
            }
            m.put(hop.name(), LatencyMillis.millis(Math.round(sum / slowest.size())));
        }
        return m;
    }

    /** The gaps between distinct commits seen in the sample: the commit interval plus each commit's own time. */
    private static Map<String, Object> commitGaps(List<long[]> complete) {
        long[] flushes = complete.stream().mapToLong(t -> t[FLUSHED]).sorted().toArray();
        Histogram gaps = new Histogram(3);
        long commit = -1;
        for (long flush : flushes) {
            if (commit >= 0 && flush - commit >= SAME_COMMIT_NANOS) {
                gaps.recordValue(flush - commit);
            }
            if (commit < 0 || flush - commit >= SAME_COMMIT_NANOS) {
                commit = flush;
            }
        }
        Map<String, Object> m = new LinkedHashMap<>(LatencyMillis.percentiles(gaps));
        m.put("commits", gaps.getTotalCount() + 1);
        return m;
    }

    static String describe(Map<String, Object> percentiles) {
        StringBuilder s = new StringBuilder();
        percentiles.forEach((k, v) -> s.append(String.format(Locale.ROOT, "%s %s  ", k, v)));
        return s.toString().trim();
    }
}
