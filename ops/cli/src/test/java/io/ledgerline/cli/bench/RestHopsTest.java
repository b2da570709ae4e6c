package io.ledgerline.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST hop report from the probe's lines: the measured window, complete commands only, hops and commit gaps. */
class RestHopsTest {

    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    @Test
    void givenProbeLines_whenReported_thenHopsOfTheCompleteCommandsSentInTheWindow() throws Exception {
        Path file = dir.resolve("hops.txt");
        Files.write(file, List.of(
                // sent, acked, polled, processed, flushed, received (ms)
                line("a", 1000, 1002, 1003, 1004, 1020, 1024),
                line("b", 1010, 1012, 1013, 1014, 1020, 1025),
                line("c", 1030, 1032, 1033, 1034, 1050, 1056),
                line("incomplete", 1040, 1042, 1043, 1044, 1060, 0),
                line("before-the-window", 10, 12, 13, 14, 20, 24),
                "not a probe line"));

        Map<String, Object> report = RestHops.report(file, 1000 * MS, 2000 * MS);

        assertThat(report).containsEntry("followed", 4).containsEntry("complete", 3);
        Map<String, Map<String, Object>> hops = cast(report.get("hopsMillis"));
        // HdrHistogram keeps three significant digits: a value reads back within 0.1 %.
        assertThat(millis(hops.get("send -> received"), "max")).isCloseTo(26.0, within(0.05));
        assertThat(millis(hops.get("processed -> flushed (commit interval, flush)"), "p50")).isCloseTo(16.0, within(0.05));
        assertThat(millis(hops.get("flushed -> received (end txn, markers, fetch)"), "max")).isCloseTo(6.0, within(0.05));
        // a and b were flushed by one commit, c by the next, 30 ms later.
        Map<String, Object> gaps = cast(report.get("commitGapsMillis"));
        assertThat(gaps).containsEntry("commits", 2L);
        assertThat(millis(gaps, "max")).isCloseTo(30.0, within(0.05));
        // The slowest 1 % of three is the slowest one: c.
        assertThat((Map<String, Object>) cast(report.get("slowestPercentMeanMillis")))
                .containsEntry("send -> received", 26.0);
    }

    @Test
    void givenNoFile_whenReported_thenNothingFollowed() throws Exception {
        Map<String, Object> report = RestHops.report(dir.resolve("absent.txt"), 0, Long.MAX_VALUE);

        assertThat(report).containsEntry("followed", 0).containsEntry("complete", 0);
    }

    private static double millis(Map<String, Object> percentiles, String key) {
        return (Double) percentiles.get(key);
    }

    private static String line(String id, long... millis) {
        StringBuilder s = new StringBuilder(id);
        for (long m : millis) {
            s.append(' ').append(m * MS);
        }
        return s.toString();
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }
}
