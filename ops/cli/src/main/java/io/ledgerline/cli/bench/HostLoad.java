package io.ledgerline.cli.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The host at one moment, so a benchmark phase can say what else it ran beside: the load average, and the CPU time
 * counters of Linux's {@code /proc/stat}, whose {@code steal} column is the time the hypervisor gave a vCPU to someone
 * else while it had work. The machines are shared virtual ones: a phase with a steal share of more than a few percent
 * ran on less CPU than it seemed to, and its figures say as much about the host as about the code. Where
 * {@code /proc/stat} cannot be read (not Linux), the steal share is unknown.
 */
record HostLoad(double loadAverage, long stealTicks, long totalTicks) {

    private static final Path PROC_STAT = Path.of("/proc/stat");
    private static final Path CPU_INFO = Path.of("/proc/cpuinfo");
    private static final int STEAL = 8;

    /**
     * The machine a run is on, for its report's head: CPUs, the CPU's model name ({@code /proc/cpuinfo}), the kernel
     * and the JVM. Two runs are comparable when these agree; runs on different hosts differ in CPU per operation as
     * much as any change does (ADR 0055).
     */
    static Map<String, Object> machine() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cpus", Runtime.getRuntime().availableProcessors());
        machine.put("cpu", cpuModel());
        machine.put("kernel", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("java", System.getProperty("java.vm.version"));
        return machine;
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(CPU_INFO)) {
            return lines.filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        } catch (IOException | UncheckedIOException e) {
            return "unknown";
        }
    }

    static HostLoad now() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        try (Stream<String> lines = Files.lines(PROC_STAT)) {
            return parse(load, lines.findFirst().orElse(""));
        } catch (IOException | UncheckedIOException e) {
            return new HostLoad(load, -1, -1);
        }
    }

    /**
     * From the first line of {@code /proc/stat}: {@code cpu user nice system idle iowait irq softirq steal guest
     * guest_nice}, in clock ticks summed over the CPUs. The total is the first eight (the guest columns are already
     * counted in user and nice).
     */
    static HostLoad parse(double loadAverage, String cpuLine) {
        String[] fields = cpuLine.trim().split("\\s+");
        if (fields.length <= STEAL || !fields[0].equals("cpu")) {
            return new HostLoad(loadAverage, -1, -1);
        }
        long total = 0;
        try {
            for (int i = 1; i <= STEAL; i++) {
                total += Long.parseLong(fields[i]);
            }
            return new HostLoad(loadAverage, Long.parseLong(fields[STEAL]), total);
        } catch (NumberFormatException e) {
            return new HostLoad(loadAverage, -1, -1);
        }
    }

    /** The steal share in percent of all CPU time from {@code before} to this, or null when unknown. */
    Double stealPercentSince(HostLoad before) {
        long total = totalTicks - before.totalTicks;
        if (stealTicks < 0 || before.stealTicks < 0 || total <= 0) {
            return null;
        }
        return Math.round(1000.0 * (stealTicks - before.stealTicks) / total) / 10.0;
    }

    /** For a benchmark's report: {@code loadAverage} [before, this] and {@code stealPercent} (null when unknown). */
    Map<String, Object> reportSince(HostLoad before) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("loadAverage", List.of(hundredths(before.loadAverage), hundredths(loadAverage)));
        report.put("stealPercent", stealPercentSince(before));
        return report;
    }

    /** A report's two entries as one line of its table: {@code [1.2, 2.3] (before, after); steal 0.1 % of CPU time}. */
    static String describe(Map<String, Object> report) {
        return report.get("loadAverage") + " (before, after); steal " + percent(report.get("stealPercent"))
                + " of CPU time";
    }

    /** For a benchmark's last line: {@code load average at end: 2.03; steal 0.1 % of CPU time since the start}. */
    String describeEndSince(HostLoad start) {
        return String.format(Locale.ROOT, "load average at end: %.2f; steal %s of CPU time since the start",
                loadAverage, percent(stealPercentSince(start)));
    }

    private static String percent(Object share) {
        return share == null ? "unknown" : share + " %";
    }

    private static double hundredths(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
