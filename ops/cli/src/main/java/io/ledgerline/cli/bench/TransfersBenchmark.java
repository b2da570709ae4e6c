package io.ledgerline.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ledgerline.command.saga.SagaStreamsConfig;
import io.ledgerline.saga.SagaConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ledgerline bench transfers}: the transfer saga's two figures of issue 4, end to end through the command
 * processor and the saga (both in this process, exactly-once): transfers settled per second at saturation, and the
 * completion latency at a fixed rate. A transfer is complete when its TransferCompleted (or TransferFailed) can be
 * read from {@code ledger.events} with {@code read_committed}; RequestTransfer goes in through a Kafka producer.
 * Both phases are measured in the steady state (ADR 0033, ADR 0034): each warms up in rounds until the JIT compiler
 * threads take at most {@code --jit-quiet} of the JVM's CPU.
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

    /** Saturation: transfers per warm-up round after the first. */
    private static final int SATURATION_WARMUP_ROUND = 10_000;
    /** Latency: seconds per warm-up round after the first, at the phase's rate. */
    private static final int LATENCY_WARMUP_ROUND_SECONDS = 10;
    /** How often the saturation phase's progress and CPU are sampled for its steady window. */
    private static final long SAMPLE_PERIOD_MILLIS = 200;

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

    @Option(names = "--streams-config", paramLabel = "KEY=VALUE",
            description = "Any other Kafka Streams, producer.* or consumer.* setting of both the processor and the "
                    + "saga; repeatable.")
    private Map<String, String> streamsConfig = new LinkedHashMap<>();

    @Option(names = "--saga-streams-config", paramLabel = "KEY=VALUE",
            description = "A Kafka Streams, producer.* or consumer.* setting of the saga alone, over "
                    + "--streams-config (e.g. commit.interval.ms=40); repeatable.")
    private Map<String, String> sagaStreamsConfig = new LinkedHashMap<>();

    @Option(names = "--broker-config", paramLabel = "KEY=VALUE",
            description = "A server property of the embedded broker over its defaults; repeatable.")
    private Map<String, String> brokerConfig = new LinkedHashMap<>();

    @Option(names = "--hop-sample", defaultValue = "0", paramLabel = "N",
            description = "Latency: follow every Nth timed transfer record by record and report where its time went, "
                    + "hop by hop (two more consumers of every transfer topic in this JVM, which slow the run: for "
                    + "the shape of the hops, not the figures); 0: off (default: ${DEFAULT-VALUE}).")
    private int hopSample;

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

    @Option(names = "--warmup-transfers", defaultValue = "10000", paramLabel = "N",
            description = "Saturation: transfers of the first warm-up round, all sent at once and settled; rounds of "
                    + "10,000 follow until the JIT is quiet (--jit-quiet) (default: ${DEFAULT-VALUE}).")
    private int warmupTransfers;

    @Option(names = "--rate", defaultValue = "500", paramLabel = "PER_SECOND",
            description = "Latency: transfers requested per second, fixed (default: ${DEFAULT-VALUE}).")
    private int rate;

    @Option(names = "--duration", defaultValue = "30", paramLabel = "SECONDS",
            description = "Latency: measured duration (default: ${DEFAULT-VALUE}).")
    private int durationSeconds;

    @Option(names = "--warmup", defaultValue = "10", paramLabel = "SECONDS",
            description = "Latency: first warm-up round at the same rate, not measured; rounds of 10 s follow until "
                    + "the JIT is quiet (--jit-quiet) (default: ${DEFAULT-VALUE}).")
    private int warmupSeconds;

    @Mixin
    private WarmupOptions warmup;

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
        if (accounts < 2 || transfers < 1 || warmupTransfers < 1 || rate < 1 || durationSeconds < 1
                || warmupSeconds < 1 || timeoutSeconds < 1 || hopSample < 0) {
            throw new ParameterException(spec.commandLine(), "counts, rates and durations must be positive "
                    + "(at least 2 accounts)");
        }
        warmup.validate();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("startedAt", Instant.now().toString());
        report.put("machine", HostLoad.machine());
        Duration commitInterval = commitIntervalMs == null ? SagaStreamsConfig.DEFAULT_COMMIT_INTERVAL
                : Duration.ofMillis(commitIntervalMs);
        report.put("commitIntervalMs", commitInterval.toMillis());
        SagaConfig policy = sagaPolicy();
        report.put("sagaInitialBackoffMs", policy.initialBackoff().toMillis());
        report.put("resendHold", !noResendHold);
        report.put("streamsConfig", streamsConfig);
        report.put("sagaStreamsConfig", sagaStreamsConfig);
        report.put("brokerConfig", brokerConfig);
        try (BenchCluster cluster = bootstrapServer == null ? BenchCluster.embedded(partitions, brokerConfig)
                : BenchCluster.external(bootstrapServer, registryUrl);
                TransferPipeline pipeline = new TransferPipeline(cluster, new TransferPipeline.Settings(accounts,
                        commitInterval, policy, !noResendHold, Map.copyOf(streamsConfig), Map.copyOf(sagaStreamsConfig),
                        Duration.ofSeconds(timeoutSeconds)))) {
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

    /**
     * Warm-up rounds of transfers sent at once, each settled, until the JIT is quiet; then the timed ones sent at
     * once. Two rates: first send to last settlement, and the steady window (10 % to 90 % of the settlements).
     */
    private Map<String, Object> saturation(TransferPipeline pipeline) throws InterruptedException {
        HostLoad host = HostLoad.now();
        JitWarmup.Result warmup = JitWarmup.run(warmupSettings(warmupTransfers, SATURATION_WARMUP_ROUND),
                (first, count) -> {
                    TransferPipeline.Request[] requests = requests(pipeline, "w", first, count);
                    return () -> {
                        long before = pipeline.settlements().settled();
                        sendAll(pipeline, requests);
                        pipeline.await("warm-up transfers",
                                () -> pipeline.settlements().settled() >= before + count);
                    };
                });
        Progress.say("saga warmed up: %,d transfers in %.0f s", warmup.operations(), warmup.seconds());
        TransferPipeline.Request[] requests = requests(pipeline, "s", 0, transfers);
        long settledBefore = pipeline.settlements().settled();
        long failedBefore = pipeline.settlements().failed();
        long resentBefore = pipeline.resent();
        CpuClock.Reading cpuBefore = pipeline.cpu();
        long start = System.nanoTime();
        double sendSeconds;
        List<SteadyWindow.Sample> samples;
        try (SteadyWindow steady = new SteadyWindow(transfers,
                () -> pipeline.settlements().settled() - settledBefore, SAMPLE_PERIOD_MILLIS, pipeline::cpu)) {
            sendAll(pipeline, requests);
            sendSeconds = (System.nanoTime() - start) / 1e9;
            pipeline.await("timed transfers", () -> pipeline.settlements().settled() >= settledBefore + transfers);
            samples = steady.samples();
        }
        double seconds = (pipeline.settlements().lastSettled() - start) / 1e9;
        CpuClock.Reading cpu = pipeline.cpu().minus(cpuBefore);
        Optional<SteadyWindow.Window> window = SteadyWindow.window(samples, transfers, SteadyWindow.FROM,
                SteadyWindow.TO);
        Progress.say("saturation: %,d transfers settled in %.2f s; steady %s", transfers, seconds,
                window.map(w -> String.format(Locale.ROOT, "%,.0f/s", w.perSecond())).orElse("not measured"));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("warmup", warmupReport(warmup));
        m.put("transfers", transfers);
        window.ifPresent(w -> {
            Map<String, Object> steady = new LinkedHashMap<>();
            steady.put("window", String.format(Locale.ROOT, "%.0f%% to %.0f%% of the settlements",
                    SteadyWindow.FROM * 100, SteadyWindow.TO * 100));
            steady.put("transfers", w.operations());
            steady.put("seconds", round(w.seconds()));
            steady.put("transfersPerSecond", Math.round(w.perSecond()));
            putCpu(steady, w.cpu(), w.operations());
            m.put("steady", steady);
        });
        m.put("seconds", round(seconds));
        m.put("transfersPerSecond", Math.round(transfers / seconds));
        m.put("transfersPerSecondEachSecond", SteadyWindow.ratesPerStretch(samples, 1.0));
        m.put("sendSeconds", round(sendSeconds));
        m.put("failed", pipeline.settlements().failed() - failedBefore);
        m.put("stepsResent", pipeline.resent() - resentBefore);
        putCpu(m, cpu, transfers);
        m.putAll(HostLoad.now().reportSince(host));
        return m;
    }

    private JitWarmup.Settings warmupSettings(long firstRound, long round) {
        return warmup.settings(firstRound, round, "transfer");
    }

    private static Map<String, Object> warmupReport(JitWarmup.Result warmup) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("transfers", warmup.operations());
        m.put("seconds", round(warmup.seconds()));
        m.put("rounds", warmup.rounds());
        m.put("lastRoundJitPercentOfCpu", round(warmup.lastRoundJitShare() * 100));
        return m;
    }

    /**
     * CPU per transfer: the whole JVM (broker, both applications, load) and by groups of threads, and the JIT
     * compiler threads' share of it (how far from the steady state the phase still was).
     */
    private static void putCpu(Map<String, Object> m, CpuClock.Reading cpu, long transfers) {
        m.put("cpuMicrosPerTransfer", round(cpu.processNanos() / 1e3 / transfers));
        m.put("jitPercentOfCpu", round(100.0 * cpu.byGroup().getOrDefault(CpuClock.JIT, 0L)
                / Math.max(1, cpu.processNanos())));
        m.put("cpuMicrosPerTransferByThreads", cpu.microsPerOperation(transfers));
    }

    /**
     * Open loop: transfer n is due at {@code start + n / rate} whatever happened to earlier ones, and its latency
     * runs from that intended start to the moment its settlement is read, so a stall shows in every transfer that
     * should have been requested meanwhile (no coordinated omission). Warm-up rounds at the same rate, each
     * settled, until the JIT is quiet.
     */
    private Map<String, Object> latency(TransferPipeline pipeline) throws InterruptedException {
        HostLoad host = HostLoad.now();
        JitWarmup.Result warmup = JitWarmup.run(warmupSettings((long) rate * warmupSeconds,
                (long) rate * LATENCY_WARMUP_ROUND_SECONDS), (first, count) -> () ->
                openLoop(pipeline, "lw", first, count, false, null));
        Progress.say("latency phase warmed up: %,d transfers at %d/s in %.0f s", warmup.operations(), rate,
                warmup.seconds());
        long resentBefore = pipeline.resent();
        pipeline.settlements().takeLatencies();
        HopTimes hops = hopSample > 0 ? pipeline.hopTimes("l", hopSample) : null;
        Instant from = Instant.now();
        CpuClock.Reading cpuBefore = pipeline.cpu();
        long behind;
        try {
            behind = openLoop(pipeline, "l", 0, (long) rate * durationSeconds, true, hops);
        } finally {
            if (hops != null) {
                hops.close();
            }
        }
        CpuClock.Reading cpu = pipeline.cpu().minus(cpuBefore);
        Instant to = Instant.now();
        Histogram h = pipeline.settlements().takeLatencies();
        Progress.say("latency: %,d transfers settled at %d/s, measured from %s to %s", h.getTotalCount(), rate, from,
                to);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("measuredFrom", from.toString());
        m.put("measuredTo", to.toString());
        m.put("warmup", warmupReport(warmup));
        m.put("rate", rate);
        m.put("durationSeconds", durationSeconds);
        m.put("settled", h.getTotalCount());
        m.put("latencyMillis", LatencyMillis.percentiles(h));
        m.put("senderMaxBehindMillis", LatencyMillis.millis(behind));
        m.put("stepsResent", pipeline.resent() - resentBefore);
        putCpu(m, cpu, h.getTotalCount());
        m.putAll(HostLoad.now().reportSince(host));
        if (hops != null) {
            m.put("hops", hops.report());
        }
        return m;
    }

    /**
     * Requests transfers {@code first} to {@code first + total - 1} of {@code phase} at {@code rate} per second, then
     * waits for all to settle; returns how far behind its schedule the sender was at most, in nanoseconds. When
     * {@code timed}, each one's latency is recorded, and {@code hops}, if not null, follows its sample of them.
     */
    private long openLoop(TransferPipeline pipeline, String phase, long first, long total, boolean timed,
            HopTimes hops)
            throws InterruptedException {
        long settledBefore = pipeline.settlements().settled();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
        long behind = 0;
        for (long i = 0; i < total; i++) {
            long n = first + i;
            long intended = start + i * 1_000_000_000L / rate;
            for (long wait = intended - System.nanoTime(); wait > 0; wait = intended - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            behind = Math.max(behind, System.nanoTime() - intended);
            TransferPipeline.Request request = pipeline.transfer(phase, n);
            if (timed) {
                pipeline.settlements().intendedStart(request.transferId(), intended);
                if (hops != null) {
                    hops.follow(request.transferId());
                }
            }
            pipeline.send(request);
        }
        pipeline.flush();
        pipeline.await(phase + " transfers", () -> pipeline.settlements().settled() >= settledBefore + total);
        return behind;
    }

    /** Transfers {@code first} to {@code first + count - 1} of {@code phase}, encoded. */
    private static TransferPipeline.Request[] requests(TransferPipeline pipeline, String phase, long first,
            long count) {
        TransferPipeline.Request[] requests = new TransferPipeline.Request[Math.toIntExact(count)];
        for (int i = 0; i < requests.length; i++) {
            requests[i] = pipeline.transfer(phase, first + i);
        }
        return requests;
    }

    private static void sendAll(TransferPipeline pipeline, TransferPipeline.Request[] requests) {
        for (TransferPipeline.Request request : requests) {
            pipeline.send(request);
        }
        pipeline.flush();
    }

    @SuppressWarnings("unchecked")
    private static void printTable(PrintWriter out, Map<String, Object> report) {
        out.printf("%nledgerline bench transfers — %s, commit interval %s ms, saga initial backoff %s ms, "
                + "re-sends %s%n", report.get("cluster"), report.get("commitIntervalMs"),
                report.get("sagaInitialBackoffMs"), (Boolean) report.get("resendHold") ? "held while backlogged"
                        : "not held");
        out.printf("host: %s%n", report.get("machine"));
        if (!((Map<?, ?>) report.get("streamsConfig")).isEmpty()) {
            out.printf("streams settings of both applications: %s%n", report.get("streamsConfig"));
        }
        if (!((Map<?, ?>) report.get("sagaStreamsConfig")).isEmpty()) {
            out.printf("streams settings of the saga: %s%n", report.get("sagaStreamsConfig"));
        }
        Map<String, Object> sat = (Map<String, Object>) report.get("saturation");
        if (sat != null) {
            out.printf("%nSaturation (first request sent to last settlement read read_committed)%n");
            warmupRow(out, sat);
            Map<String, Object> steady = (Map<String, Object>) sat.get("steady");
            if (steady != null) {
                row(out, "steady", String.format(Locale.ROOT, "%,d/s (%s: %,d in %.2f s)",
                        steady.get("transfersPerSecond"), steady.get("window"), steady.get("transfers"),
                        steady.get("seconds")));
                cpuRows(out, steady);
            }
            row(out, "whole", String.format(Locale.ROOT, "%,d/s (%,d in %.2f s; all sent in %.2f s; %d failed)",
                    sat.get("transfersPerSecond"), sat.get("transfers"), sat.get("seconds"), sat.get("sendSeconds"),
                    sat.get("failed")));
            row(out, "  each second", sat.get("transfersPerSecondEachSecond").toString());
            row(out, "steps re-sent", sat.get("stepsResent") + " (deadline passed before the answer)");
            cpuRows(out, sat);
            row(out, "load average", HostLoad.describe(sat));
        }
        Map<String, Object> lat = (Map<String, Object>) report.get("latency");
        if (lat != null) {
            Map<String, Object> ms = (Map<String, Object>) lat.get("latencyMillis");
            out.printf("%nCompletion latency at a fixed rate (from the intended request time)%n");
            warmupRow(out, lat);
            row(out, "rate", String.format(Locale.ROOT, "%,d/s for %d s; %,d settled", lat.get("rate"),
                    lat.get("durationSeconds"), lat.get("settled")));
            row(out, "latency ms", String.format(Locale.ROOT, "p50 %s  p90 %s  p99 %s  p99.9 %s  max %s",
                    ms.get("p50"), ms.get("p90"), ms.get("p99"), ms.get("p99.9"), ms.get("max")));
            row(out, "sender max behind", lat.get("senderMaxBehindMillis") + " ms");
            row(out, "steps re-sent", lat.get("stepsResent") + " (deadline passed before the answer)");
            cpuRows(out, lat);
            row(out, "load average", HostLoad.describe(lat));
            row(out, "measured", lat.get("measuredFrom") + " to " + lat.get("measuredTo"));
            Map<String, Object> hops = (Map<String, Object>) lat.get("hops");
            if (hops != null) {
                out.printf("%nHops of %s followed transfers (%s complete): pickup = input committed -> output "
                        + "appended, commit = appended -> committed; ms%n", hops.get("followed"), hops.get("complete"));
                ((Map<String, Object>) hops.get("hopsMillis")).forEach((hop, v) -> row(out, hop, v.toString()));
                row(out, "chain", hops.get("chainMillis").toString());
                out.printf("Slowest 1 %%, mean ms per hop%n");
                ((Map<String, Object>) hops.get("slowestPercentMeanHopMillis"))
                        .forEach((hop, v) -> row(out, hop, v.toString()));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void warmupRow(PrintWriter out, Map<String, Object> phase) {
        Map<String, Object> warmup = (Map<String, Object>) phase.get("warmup");
        row(out, "warm-up", String.format(Locale.ROOT, "%,d transfers in %.0f s, %d rounds; JIT compiler threads "
                + "%.0f %% of the JVM's CPU in the last", warmup.get("transfers"), warmup.get("seconds"),
                warmup.get("rounds"), warmup.get("lastRoundJitPercentOfCpu")));
    }

    private static void cpuRows(PrintWriter out, Map<String, Object> phase) {
        row(out, "CPU per transfer", phase.get("cpuMicrosPerTransfer") + " µs in the JVM (broker, processor, saga, "
                + "load); JIT compiler threads " + phase.get("jitPercentOfCpu") + " % of it");
        row(out, "  by threads (µs)", phase.get("cpuMicrosPerTransferByThreads").toString());
    }

    private static void row(PrintWriter out, String name, String value) {
        out.printf("  %-20s %s%n", name, value);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
