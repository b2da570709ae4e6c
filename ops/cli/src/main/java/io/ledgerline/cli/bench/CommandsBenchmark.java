package io.ledgerline.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ledgerline.command.processing.CommandProcessorConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ledgerline bench commands}: the command side's two figures of issue 3 — Kafka intake throughput with
 * exactly-once next to the raw producer in the same run ({@link IntakeThroughput}), and REST latency at a fixed rate
 * ({@link RestLatency}) — on a fresh embedded broker and registry unless pointed at a running cluster.
 */
@Command(
        name = "commands",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Command-side benchmarks: (1) Kafka intake throughput through the exactly-once command processor, "
                    + "against the raw producer in the same run; (2) REST latency of POST deposits at a fixed rate "
                    + "(open loop, coordinated-omission-safe, HdrHistogram), the command service and the load "
                    + "generator each running as a child JVM. "
                    + "Runs on an embedded broker and registry on a temporary dir unless "
                    + "--bootstrap-server and --registry-url name running ones. Progress goes to stderr."
        })
final class CommandsBenchmark implements Callable<Integer> {

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

    @Option(names = "--skip-intake", description = "Skip the Kafka intake throughput measurement.")
    private boolean skipIntake;

    @Option(names = "--skip-rest", description = "Skip the REST latency measurement.")
    private boolean skipRest;

    @Option(names = "--commands", defaultValue = "300000", paramLabel = "N",
            description = "Intake: timed deposit commands, all sent at once; the rate is reported over the whole "
                    + "run and over its steady window, 10 %% to 90 %% of the outcomes (default: ${DEFAULT-VALUE}).")
    private int commands;

    @Option(names = "--warmup-commands", defaultValue = "200000", paramLabel = "N",
            description = "Intake: deposits of the first warm-up round; rounds of 100,000 follow until the JIT is "
                    + "quiet (--jit-quiet) (default: ${DEFAULT-VALUE}).")
    private int warmupCommands;

    @Mixin
    private WarmupOptions warmup;

    @Option(names = "--accounts", defaultValue = "1000", paramLabel = "N",
            description = "Intake: accounts opened first; deposits go round-robin over them (default: ${DEFAULT-VALUE}).")
    private int accounts;

    @Option(names = "--commit-interval", paramLabel = "MS",
            description = "Intake: the processor's commit.interval.ms (default: CommandProcessorConfig's, "
                    + "currently 20).")
    private Long commitIntervalMs;

    @Option(names = "--stream-threads", defaultValue = "1", paramLabel = "N",
            description = "Intake: the processor's stream threads (default: ${DEFAULT-VALUE}).")
    private int streamThreads;

    @Option(names = "--streams-config", paramLabel = "KEY=VALUE",
            description = "Intake: any other Kafka Streams, producer.* or consumer.* setting of the processor; repeatable.")
    private Map<String, String> streamsConfig = new LinkedHashMap<>();

    @Option(names = "--intake-timeout", defaultValue = "300", paramLabel = "SECONDS",
            description = "Intake: the longest wait for the outcomes of one phase (default: ${DEFAULT-VALUE}).")
    private int intakeTimeoutSeconds;

    @Option(names = "--rate", defaultValue = "2000", paramLabel = "PER_SECOND",
            description = "REST: requests per second, fixed (default: ${DEFAULT-VALUE}).")
    private int rate;

    @Option(names = "--duration", defaultValue = "30", paramLabel = "SECONDS",
            description = "REST: measured duration (default: ${DEFAULT-VALUE}).")
    private int durationSeconds;

    @Option(names = "--warmup", defaultValue = "60", paramLabel = "SECONDS",
            description = "REST: warm-up at the same rate, not measured; the service JVM is still compiling long after "
                    + "start-up (default: ${DEFAULT-VALUE}).")
    private int warmupSeconds;

    @Option(names = "--max-in-flight", defaultValue = "1000", paramLabel = "N",
            description = "REST: requests in flight at most; latency still counts from each intended start "
                    + "(default: ${DEFAULT-VALUE}).")
    private int maxInFlight;

    @Option(names = "--connections", defaultValue = "256", paramLabel = "N",
            description = "REST: keep-alive connections of the load process at most, opened as needed; a request "
                    + "that finds none free waits, and that wait counts in its latency. Each POST holds one until its "
                    + "outcome is back, so rate x latency must fit: 64 capped a loaded run near 800/s "
                    + "(default: ${DEFAULT-VALUE}, above Tomcat's 200 threads).")
    private int connections;

    @Option(names = "--rest-accounts", defaultValue = "200", paramLabel = "N",
            description = "REST: accounts opened first; deposits go round-robin over them (default: ${DEFAULT-VALUE}).")
    private int restAccounts;

    @Option(names = "--service-jvm-option", paramLabel = "OPTION",
            description = "REST: a JVM option of the command service's child JVM; repeatable (e.g. -Xmx1g).")
    private List<String> serviceJvmOptions = new ArrayList<>();

    @Option(names = "--hop-sample", defaultValue = "0", paramLabel = "N",
            description = "REST: follow every Nth command (by id) hop by hop inside the command service, by an "
                    + "interceptor on its Kafka clients (RestHopProbe): the gateway's send and acknowledgement, the "
                    + "processor's poll, processing and flush, the reply listener's receipt; 0: off "
                    + "(default: ${DEFAULT-VALUE}).")
    private int hopSample;

    @Option(names = "--json", description = "Print the results as JSON instead of a table.")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        if ((bootstrapServer == null) != (registryUrl == null)) {
            throw new ParameterException(spec.commandLine(), "--bootstrap-server and --registry-url go together");
        }
        if (commands < 1 || accounts < 1 || restAccounts < 1 || rate < 1 || durationSeconds < 1 || warmupSeconds < 0
                || warmupCommands < 1 || streamThreads < 1 || maxInFlight < 1 || connections < 1 || hopSample < 0) {
            throw new ParameterException(spec.commandLine(), "counts, rates and durations must be positive");
        }
        warmup.validate();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("startedAt", Instant.now().toString());
        report.put("machine", HostLoad.machine());
        try (BenchCluster cluster = bootstrapServer == null ? BenchCluster.embedded(partitions)
                : BenchCluster.external(bootstrapServer, registryUrl)) {
            report.put("cluster", cluster.embedded() ? "embedded, " + partitions + " partitions, RF 1"
                    : cluster.bootstrapServers());
            Progress.say("cluster %s, registry %s", cluster.bootstrapServers(), cluster.registryUrl());
            if (!skipIntake) {
                HostLoad before = HostLoad.now();
                IntakeThroughput.Result intake = new IntakeThroughput(cluster, new IntakeThroughput.Settings(
                        accounts, commands, warmupCommands, warmup.jitQuiet(), warmup.max(),
                        commitIntervalMs == null ? CommandProcessorConfig.DEFAULT_COMMIT_INTERVAL
                                : Duration.ofMillis(commitIntervalMs),
                        streamThreads, Map.copyOf(streamsConfig), Duration.ofSeconds(intakeTimeoutSeconds))).run();
                report.put("intake", intakeReport(intake, HostLoad.now().reportSince(before)));
            }
            if (!skipRest) {
                HostLoad before = HostLoad.now();
                RestLatency.Result rest = new RestLatency(cluster, new RestLatency.Settings(rate,
                        Duration.ofSeconds(durationSeconds), Duration.ofSeconds(warmupSeconds), maxInFlight,
                        connections, restAccounts, serviceJvmOptions, hopSample)).run();
                report.put("rest", restReport(rest, HostLoad.now().reportSince(before)));
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

    private static Map<String, Object> intakeReport(IntakeThroughput.Result r, Map<String, Object> host) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("commands", r.commands());
        m.put("recordBytes", r.recordBytes());
        Map<String, Object> warmup = new LinkedHashMap<>();
        warmup.put("deposits", r.warmup().operations());
        warmup.put("seconds", round(r.warmup().seconds()));
        warmup.put("rounds", r.warmup().rounds());
        warmup.put("lastRoundJitPercentOfCpu", round(r.warmup().lastRoundJitShare() * 100));
        m.put("warmup", warmup);
        m.put("seconds", round(r.seconds()));
        m.put("commandsPerSecond", Math.round(r.commandsPerSecond()));
        m.put("sendSeconds", round(r.sendSeconds()));
        m.put("rawProducerSeconds", List.of(round(r.rawSecondsBefore()), round(r.rawSecondsAfter())));
        m.put("rawProducerPerSecond", Math.round(r.rawPerSecond()));
        m.put("ratioToRawProducer", round(r.ratioToRaw()));
        m.put("accepted", r.accepted());
        m.put("refused", r.refused());
        m.put("cpuMicrosPerCommand", round(r.processCpuMicrosPerCommand()));
        m.put("streamThreadCpuMicrosPerCommand", round(r.streamThreadCpuMicrosPerCommand()));
        m.put("cpuMicrosPerCommandByThreads", r.cpu().microsPerOperation(r.commands()));
        r.steady().ifPresent(w -> {
            Map<String, Object> steady = new LinkedHashMap<>();
            steady.put("window", String.format(Locale.ROOT, "%.0f%% to %.0f%% of the outcomes", SteadyWindow.FROM * 100,
                    SteadyWindow.TO * 100));
            steady.put("commands", w.operations());
            steady.put("seconds", round(w.seconds()));
            steady.put("commandsPerSecond", Math.round(w.perSecond()));
            steady.put("ratioToRawProducer", round(w.perSecond() / r.rawPerSecond()));
            steady.put("cpuMicrosPerCommand", round(w.processCpuMicrosPerOperation()));
            steady.put("streamThreadCpuMicrosPerCommand", round(w.cpu().streamThreadNanos() / 1e3 / w.operations()));
            steady.put("cpuMicrosPerCommandByThreads", w.cpu().microsPerOperation(w.operations()));
            m.put("steady", steady);
        });
        m.put("commandsPerSecondEachSecond", r.ratesPerSecond());
        m.put("topicsPerCommand", r.topicsPerCommand());
        m.put("processorSettings", r.processorSettings());
        m.put("producerSettings", r.producerSettings());
        m.putAll(host);
        return m;
    }

    private static Map<String, Object> restReport(RestLatency.Result r, Map<String, Object> host) {
        Histogram h = r.latencies();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rate", r.rate());
        m.put("durationSeconds", r.duration().toSeconds());
        m.put("sent", r.outcome().sent());
        m.put("answered", r.outcome().answered());
        m.put("achievedRate", Math.round(r.outcome().achievedRate()));
        m.put("statuses", r.outcome().statuses());
        m.put("failures", r.outcome().failures());
        m.put("errors", r.outcome().errors());
        m.put("latencyMillis", LatencyMillis.percentiles(h));
        m.put("senderMaxBehindMillis", LatencyMillis.millis(r.outcome().senderBehindNanos()));
        m.put("serviceCpuMicrosPerRequest", round(r.serviceCpuMicrosPerRequest()));
        m.put("serviceJitMicrosPerRequest", round(r.serviceMicrosPerRequest(CpuClock.JIT)));
        m.put("serviceGcMicrosPerRequest", round(r.serviceMicrosPerRequest(CpuClock.GC)));
        m.put("loadCpuMicrosPerRequest", round(r.loadCpuMicrosPerRequest()));
        m.put("benchCpuMicrosPerRequest", round(r.benchCpuMicrosPerRequest()));
        m.putAll(host);
        m.put("serviceGcPauses", r.serviceGc().toMap());
        m.put("benchGcPauses", r.benchGc().toMap());
        if (r.hops() != null) {
            m.put("hops", r.hops());
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private static void printTable(PrintWriter out, Map<String, Object> report) {
        out.printf("%nledgerline bench commands — %s, %s%n", report.get("cluster"), report.get("machine"));
        Map<String, Object> intake = (Map<String, Object>) report.get("intake");
        if (intake != null) {
            out.printf("%nKafka intake, exactly-once (first send to last outcome read read_committed)%n");
            row(out, "commands", String.format(Locale.ROOT, "%,d deposits of %d B", intake.get("commands"),
                    intake.get("recordBytes")));
            Map<String, Object> warmup = (Map<String, Object>) intake.get("warmup");
            row(out, "warm-up", String.format(Locale.ROOT, "%,d deposits in %.0f s, %d rounds; JIT compiler "
                    + "threads %.0f %% of the JVM's CPU in the last", warmup.get("deposits"), warmup.get("seconds"),
                    warmup.get("rounds"), warmup.get("lastRoundJitPercentOfCpu")));
            Map<String, Object> steady = (Map<String, Object>) intake.get("steady");
            if (steady != null) {
                row(out, "processor, steady", String.format(Locale.ROOT, "%,d commands/s (%s: %,d in %.2f s)",
                        steady.get("commandsPerSecond"), steady.get("window"), steady.get("commands"),
                        steady.get("seconds")));
            }
            row(out, "processor, whole", String.format(Locale.ROOT, "%,d commands/s (first send to last outcome: "
                    + "%.2f s; all sent in %.2f s)", intake.get("commandsPerSecond"), intake.get("seconds"),
                    intake.get("sendSeconds")));
            row(out, "  each second", intake.get("commandsPerSecondEachSecond").toString());
            row(out, "raw producer", String.format(Locale.ROOT, "%,d records/s (faster of %s s before and after; "
                    + "same records and producer, acks=all)", intake.get("rawProducerPerSecond"),
                    intake.get("rawProducerSeconds")));
            row(out, "ratio", String.format(Locale.ROOT, "%.2f of the raw producer (whole run)%s",
                    intake.get("ratioToRawProducer"), steady == null ? ""
                            : String.format(Locale.ROOT, ", %.2f (steady)", steady.get("ratioToRawProducer"))));
            row(out, "outcomes", intake.get("accepted") + " accepted, " + intake.get("refused") + " refused");
            if (steady != null) {
                row(out, "CPU/command steady", String.format(Locale.ROOT, "%s µs in the JVM (broker, processor, "
                        + "load), %s µs in the stream threads", steady.get("cpuMicrosPerCommand"),
                        steady.get("streamThreadCpuMicrosPerCommand")));
                row(out, "  by threads (µs)", steady.get("cpuMicrosPerCommandByThreads").toString());
            }
            row(out, "CPU/command whole", String.format(Locale.ROOT, "%s µs in the JVM (broker, processor, load), "
                    + "%s µs in the stream threads", intake.get("cpuMicrosPerCommand"),
                    intake.get("streamThreadCpuMicrosPerCommand")));
            row(out, "  by threads (µs)", intake.get("cpuMicrosPerCommandByThreads").toString());
            row(out, "per command", "offsets (records and transaction markers) and log bytes by topic: "
                    + intake.get("topicsPerCommand"));
            row(out, "processor settings", intake.get("processorSettings").toString());
            row(out, "producer settings", intake.get("producerSettings").toString());
            row(out, "load average", HostLoad.describe(intake));
        }
        Map<String, Object> rest = (Map<String, Object>) report.get("rest");
        if (rest != null) {
            Map<String, Object> ms = (Map<String, Object>) rest.get("latencyMillis");
            out.printf("%nREST POST deposits at a fixed rate (latency from the intended start)%n");
            row(out, "rate", String.format(Locale.ROOT, "%,d/s for %d s; achieved %,d/s", rest.get("rate"),
                    rest.get("durationSeconds"), rest.get("achievedRate")));
            row(out, "latency ms", String.format(Locale.ROOT, "p50 %s  p90 %s  p99 %s  p99.9 %s  max %s",
                    ms.get("p50"), ms.get("p90"), ms.get("p99"), ms.get("p99.9"), ms.get("max")));
            row(out, "answers", rest.get("answered") + " of " + rest.get("sent") + ", statuses " + rest.get("statuses")
                    + ", failures " + rest.get("failures") + ", errors (non-2xx or failed) " + rest.get("errors"));
            row(out, "sender max behind", rest.get("senderMaxBehindMillis") + " ms");
            row(out, "CPU per request", String.format(Locale.ROOT, "%s µs in the service JVM (of which JIT compiler "
                    + "threads %s, GC threads %s), %s µs in the load process, %s µs in the benchmark JVM (broker, "
                    + "registry)", rest.get("serviceCpuMicrosPerRequest"), rest.get("serviceJitMicrosPerRequest"),
                    rest.get("serviceGcMicrosPerRequest"), rest.get("loadCpuMicrosPerRequest"),
                    rest.get("benchCpuMicrosPerRequest")));
            row(out, "GC pauses", "service JVM " + pauses((Map<String, Object>) rest.get("serviceGcPauses"))
                    + "; benchmark JVM (broker, registry) " + pauses((Map<String, Object>) rest.get("benchGcPauses")));
            row(out, "load average", HostLoad.describe(rest));
            Map<String, Object> hops = (Map<String, Object>) rest.get("hops");
            if (hops != null) {
                out.printf("%nHops of %s followed commands (%s complete), ms; before the send and after the receipt: "
                        + "HTTP, Spring MVC, waking the request thread%n", hops.get("followed"), hops.get("complete"));
                ((Map<String, Object>) hops.get("hopsMillis")).forEach((hop, v) ->
                        row(out, hop, RestHops.describe((Map<String, Object>) v)));
                row(out, "commit gaps", RestHops.describe((Map<String, Object>) hops.get("commitGapsMillis")));
                out.printf("Slowest 1 %% (send -> received), mean ms per hop%n");
                ((Map<String, Object>) hops.get("slowestPercentMeanMillis")).forEach((hop, v) ->
                        row(out, hop, v.toString()));
            }
        }
    }

    private static String pauses(Map<String, Object> p) {
        return String.format(Locale.ROOT, "%s, total %s ms, max %s ms", p.get("count"), p.get("totalMillis"),
                p.get("maxMillis"));
    }

    private static void row(PrintWriter out, String name, String value) {
        out.printf("  %-20s %s%n", name, value);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
