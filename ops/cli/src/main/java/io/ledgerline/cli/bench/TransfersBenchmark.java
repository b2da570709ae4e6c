package io.ledgerline.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ledgerline.command.saga.SagaStreamsConfig;
import io.ledgerline.saga.SagaConfig;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ledgerline bench transfers}: the transfer saga's two figures of issue 4, end to end through the command
 * processor and the saga (both in this process, exactly-once): transfers settled per second at saturation, and the
 * completion latency at a fixed rate. A transfer is complete when its TransferCompleted (or TransferFailed) can be
 * read from {@code ledger.events} with {@code read_committed}; RequestTransfer goes in through a Kafka producer.
 */
@Command(
        name = "transfers",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Transfer benchmarks: (1) transfers settled end to end per second at saturation; (2) completion latency "
                    + "at a fixed rate (open loop, coordinated-omission-safe, HdrHistogram). Completion = "
                    + "TransferCompleted/TransferFailed read from ledger.events (read_committed). The command "
                    + "processor and the saga run in this process. Embedded broker and registry on a temporary dir "
                    + "unless --bootstrap-server and --registry-url name running ones. Progress goes to stderr."
        })
final class TransfersBenchmark implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT",
            description = "Run against this Kafka cluster (ledger topics must exist) instead of an embedded one.")
    private String bootstrapServer;

    @Option(names = "--registry-url", paramLabel = "URL",
            description = "The schema registry of --bootstrap-server's cluster.")
    private String registryUrl;

    @Option(names = "--partitions", defaultValue = "6", paramLabel = "N",
            description = "Partitions of the embedded broker's ledger topics (default: ${DEFAULT-VALUE}).")
    private int partitions;

    @Option(names = "--accounts", defaultValue = "1000", paramLabel = "N",
            description = "Accounts opened and funded first (default: ${DEFAULT-VALUE}).")
    private int accounts;

    @Option(names = "--commit-interval", paramLabel = "MS",
            description = "commit.interval.ms of the processor and the saga (default: theirs, currently 20).")
    private Long commitIntervalMs;

    @Option(names = "--initial-backoff", paramLabel = "MS",
            description = "The saga's first re-send delay (default: SagaConfig's, currently 15000); the rest of "
                    + "the policy scales with it: max backoff = max(its default, this), step deadline unchanged.")
    private Long initialBackoffMs;

    @Option(names = "--no-resend-hold", description = "Let the saga's deadlines fire while the processor or the "
            + "saga has a backlog (the command service holds them by default; ADR 0032).")
    private boolean noResendHold;

    @Option(names = "--skip-saturation", description = "Skip the saturation throughput measurement.")
    private boolean skipSaturation;

    @Option(names = "--skip-latency", description = "Skip the fixed-rate latency measurement.")
    private boolean skipLatency;

    @Option(names = "--transfers", defaultValue = "30000", paramLabel = "N",
            description = "Saturation: timed transfers, all sent at once (default: ${DEFAULT-VALUE}).")
    private int transfers;

    @Option(names = "--warmup-transfers", defaultValue = "5000", paramLabel = "N",
            description = "Saturation: transfers settled before timing starts (default: ${DEFAULT-VALUE}).")
    private int warmupTransfers;

    @Option(names = "--rate", defaultValue = "500", paramLabel = "PER_SECOND",
            description = "Latency: transfers requested per second, fixed (default: ${DEFAULT-VALUE}).")
    private int rate;

    @Option(names = "--duration", defaultValue = "30", paramLabel = "SECONDS",
            description = "Latency: measured duration (default: ${DEFAULT-VALUE}).")
    private int durationSeconds;

    @Option(names = "--warmup", defaultValue = "10", paramLabel = "SECONDS",
            description = "Latency: warm-up at the same rate, not measured (default: ${DEFAULT-VALUE}).")
    private int warmupSeconds;

    @Option(names = "--timeout", defaultValue = "300", paramLabel = "SECONDS",
            description = "The longest wait for one phase to settle (default: ${DEFAULT-VALUE}).")
    private int timeoutSeconds;

    @Option(names = "--json", description = "Print the results as JSON instead of a table.")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        if ((bootstrapServer == null) != (registryUrl == null)) {
            throw new ParameterException(spec.commandLine(), "--bootstrap-server and --registry-url go together");
        }
        if (accounts < 2 || transfers < 1 || warmupTransfers < 0 || rate < 1 || durationSeconds < 1
                || warmupSeconds < 0 || timeoutSeconds < 1) {
            throw new ParameterException(spec.commandLine(), "counts, rates and durations must be positive "
                    + "(at least 2 accounts)");
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("startedAt", Instant.now().toString());
        report.put("cpus", Runtime.getRuntime().availableProcessors());
        Duration commitInterval = commitIntervalMs == null ? SagaStreamsConfig.DEFAULT_COMMIT_INTERVAL
                : Duration.ofMillis(commitIntervalMs);
        report.put("commitIntervalMs", commitInterval.toMillis());
        SagaConfig policy = sagaPolicy();
        report.put("sagaInitialBackoffMs", policy.initialBackoff().toMillis());
        report.put("resendHold", !noResendHold);
        try (BenchCluster cluster = bootstrapServer == null ? BenchCluster.embedded(partitions)
                : BenchCluster.external(bootstrapServer, registryUrl);
                TransferPipeline pipeline = new TransferPipeline(cluster, new TransferPipeline.Settings(accounts,
                        commitInterval, policy, !noResendHold, Duration.ofSeconds(timeoutSeconds)))) {
            report.put("cluster", cluster.embedded() ? "embedded, " + partitions + " partitions, RF 1"
                    : cluster.bootstrapServers());
            Progress.say("cluster %s, registry %s", cluster.bootstrapServers(), cluster.registryUrl());
            pipeline.start();
            if (!skipSaturation) {
                report.put("saturation", saturation(pipeline));
            }
            if (!skipLatency) {
                report.put("latency", latency(pipeline));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
        } else {
            printTable(out, report);
        }
        out.flush();
        return 0;
    }

    private SagaConfig sagaPolicy() {
        SagaConfig d = SagaConfig.DEFAULTS;
        if (initialBackoffMs == null) {
            return d;
        }
        Duration initial = Duration.ofMillis(initialBackoffMs);
        return new SagaConfig(initial, d.multiplier(), initial.compareTo(d.maxBackoff()) > 0 ? initial : d.maxBackoff(),
                d.maxAttempts(), d.stepDeadline(), d.jitter());
    }

    /** Warm-up transfers, all settled; then the timed ones sent at once; first send to last settlement. */
    private Map<String, Object> saturation(TransferPipeline pipeline) throws InterruptedException {
        double loadBefore = loadAverage();
        long before = pipeline.settlements().settled();
        sendAll(pipeline, "w", warmupTransfers);
        pipeline.await("warm-up transfers", () -> pipeline.settlements().settled() >= before + warmupTransfers);
        Progress.say("saga warmed up (%,d transfers)", warmupTransfers);
        TransferPipeline.Request[] requests = new TransferPipeline.Request[transfers];
        for (int n = 0; n < transfers; n++) {
            requests[n] = pipeline.transfer("s", n);
        }
        long settledBefore = pipeline.settlements().settled();
        long failedBefore = pipeline.settlements().failed();
        long resentBefore = pipeline.resent();
        CpuClock.Reading cpuBefore = pipeline.cpu();
        long start = System.nanoTime();
        for (TransferPipeline.Request request : requests) {
            pipeline.send(request);
        }
        pipeline.flush();
        double sendSeconds = (System.nanoTime() - start) / 1e9;
        pipeline.await("timed transfers", () -> pipeline.settlements().settled() >= settledBefore + transfers);
        double seconds = (pipeline.settlements().lastSettled() - start) / 1e9;
        CpuClock.Reading cpu = pipeline.cpu().minus(cpuBefore);
        Progress.say("saturation: %,d transfers settled in %.2f s", transfers, seconds);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("transfers", transfers);
        m.put("seconds", round(seconds));
        m.put("transfersPerSecond", Math.round(transfers / seconds));
        m.put("sendSeconds", round(sendSeconds));
        m.put("failed", pipeline.settlements().failed() - failedBefore);
        m.put("stepsResent", pipeline.resent() - resentBefore);
        putCpu(m, cpu, transfers);
        m.put("loadAverage", List.of(round(loadBefore), round(loadAverage())));
        return m;
    }

    /** CPU per transfer: the whole JVM (broker, both applications, load) and by groups of threads. */
    private static void putCpu(Map<String, Object> m, CpuClock.Reading cpu, long transfers) {
        m.put("cpuMicrosPerTransfer", round(cpu.processNanos() / 1e3 / transfers));
        m.put("cpuMicrosPerTransferByThreads", cpu.microsPerOperation(transfers));
    }

    /**
     * Open loop: transfer n is due at {@code start + n / rate} whatever happened to earlier ones, and its latency
     * runs from that intended start to the moment its settlement is read, so a stall shows in every transfer that
     * should have been requested meanwhile (no coordinated omission).
     */
    private Map<String, Object> latency(TransferPipeline pipeline) throws InterruptedException {
        double loadBefore = loadAverage();
        openLoop(pipeline, "lw", warmupSeconds, false);
        long resentBefore = pipeline.resent();
        pipeline.settlements().takeLatencies();
        CpuClock.Reading cpuBefore = pipeline.cpu();
        long behind = openLoop(pipeline, "l", durationSeconds, true);
        CpuClock.Reading cpu = pipeline.cpu().minus(cpuBefore);
        Histogram h = pipeline.settlements().takeLatencies();
        Progress.say("latency: %,d transfers settled at %d/s", h.getTotalCount(), rate);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rate", rate);
        m.put("durationSeconds", durationSeconds);
        m.put("settled", h.getTotalCount());
        Map<String, Object> ms = new LinkedHashMap<>();
        ms.put("p50", millis(h.getValueAtPercentile(50)));
        ms.put("p90", millis(h.getValueAtPercentile(90)));
        ms.put("p99", millis(h.getValueAtPercentile(99)));
        ms.put("p99.9", millis(h.getValueAtPercentile(99.9)));
        ms.put("max", millis(h.getMaxValue()));
        m.put("latencyMillis", ms);
        m.put("senderMaxBehindMillis", millis(behind));
        m.put("stepsResent", pipeline.resent() - resentBefore);
        putCpu(m, cpu, h.getTotalCount());
        m.put("loadAverage", List.of(round(loadBefore), round(loadAverage())));
        return m;
    }

    /** Requests {@code rate} transfers per second for {@code seconds}, then waits for all to settle. */
    private long openLoop(TransferPipeline pipeline, String phase, int seconds, boolean timed)
            throws InterruptedException {
        long total = (long) rate * seconds;
        long settledBefore = pipeline.settlements().settled();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
        long behind = 0;
        for (long n = 0; n < total; n++) {
            long intended = start + n * 1_000_000_000L / rate;
            for (long wait = intended - System.nanoTime(); wait > 0; wait = intended - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            behind = Math.max(behind, System.nanoTime() - intended);
            TransferPipeline.Request request = pipeline.transfer(phase, n);
            if (timed) {
                pipeline.settlements().intendedStart(request.transferId(), intended);
            }
            pipeline.send(request);
        }
        pipeline.flush();
        pipeline.await(phase + " transfers", () -> pipeline.settlements().settled() >= settledBefore + total);
        return behind;
    }

    private static void sendAll(TransferPipeline pipeline, String phase, int count) {
        for (int n = 0; n < count; n++) {
            pipeline.send(pipeline.transfer(phase, n));
        }
        pipeline.flush();
    }

    @SuppressWarnings("unchecked")
    private static void printTable(PrintWriter out, Map<String, Object> report) {
        out.printf("%nledgerline bench transfers — %s, %s CPUs, commit interval %s ms, saga initial backoff %s ms, "
                + "re-sends %s%n", report.get("cluster"), report.get("cpus"), report.get("commitIntervalMs"),
                report.get("sagaInitialBackoffMs"), (Boolean) report.get("resendHold") ? "held while backlogged"
                        : "not held");
        Map<String, Object> sat = (Map<String, Object>) report.get("saturation");
        if (sat != null) {
            out.printf("%nSaturation (first request sent to last settlement read read_committed)%n");
            row(out, "transfers", String.format(Locale.ROOT, "%,d/s (%,d in %.2f s; all sent in %.2f s; %d failed)",
                    sat.get("transfersPerSecond"), sat.get("transfers"), sat.get("seconds"), sat.get("sendSeconds"),
                    sat.get("failed")));
            row(out, "steps re-sent", sat.get("stepsResent") + " (deadline passed before the answer)");
            cpuRows(out, sat);
            row(out, "load average", sat.get("loadAverage") + " (before, after)");
        }
        Map<String, Object> lat = (Map<String, Object>) report.get("latency");
        if (lat != null) {
            Map<String, Object> ms = (Map<String, Object>) lat.get("latencyMillis");
            out.printf("%nCompletion latency at a fixed rate (from the intended request time)%n");
            row(out, "rate", String.format(Locale.ROOT, "%,d/s for %d s; %,d settled", lat.get("rate"),
                    lat.get("durationSeconds"), lat.get("settled")));
            row(out, "latency ms", String.format(Locale.ROOT, "p50 %s  p90 %s  p99 %s  p99.9 %s  max %s",
                    ms.get("p50"), ms.get("p90"), ms.get("p99"), ms.get("p99.9"), ms.get("max")));
            row(out, "sender max behind", lat.get("senderMaxBehindMillis") + " ms");
            row(out, "steps re-sent", lat.get("stepsResent") + " (deadline passed before the answer)");
            cpuRows(out, lat);
            row(out, "load average", lat.get("loadAverage") + " (before, after)");
        }
    }

    private static void cpuRows(PrintWriter out, Map<String, Object> phase) {
        row(out, "CPU per transfer", phase.get("cpuMicrosPerTransfer") + " µs in the JVM (broker, processor, saga, "
                + "load)");
        row(out, "  by threads (µs)", phase.get("cpuMicrosPerTransferByThreads").toString());
    }

    private static void row(PrintWriter out, String name, String value) {
        out.printf("  %-20s %s%n", name, value);
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
