package io.ledgerline.cli.bench;

import io.ledgerline.cli.Ledgerline;
import io.ledgerline.query.QueryServiceApplication;
import io.ledgerline.query.projection.ProjectionConfig;
import io.ledgerline.query.rebuild.BulkLoad;
import io.ledgerline.registry.SchemaRegistryClients;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.CommonClientConfigs;
import org.springframework.boot.Banner;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ledgerline bench rebuild}: the rebuild of all projections (ADR 0021, ADR 0028) as an operator runs it. On an
 * embedded broker, {@code --events} account events are appended; version v1 is bulk-loaded (with {@code --replay},
 * not: the query service replays it), a query service runs it and is followed until it has caught up; then {@code
 * ledgerline projections rebuild all --version v2 --switch} (by default the bulk load, with {@code --replay} the
 * Streams replay) runs against it unchanged and its last lines (the load: fold and changelog write; then events, wall
 * time from the start to caught up and ready, events/s, the load and the start with restore; then the switch) are the
 * result, with the CPU the JVM (broker included) spent meanwhile per event.
 */
@Command(
        name = "rebuild",
        mixinStandardHelpOptions = true,
        description = "Rebuild of all projections: append --events events, let a query service build v1, then run "
                + "'projections rebuild all --version v2 --switch' (bulk load, or --replay) and print its events/s "
                + "and wall time.")
final class RebuildBenchmark implements Callable<Integer> {

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions (default: ${DEFAULT-VALUE}).")
    private int partitions;

    @Option(names = "--events", defaultValue = "1000000", description = "Events (default: ${DEFAULT-VALUE}).")
    private int events;

    @Option(names = "--accounts", defaultValue = "10000", description = "Accounts (default: ${DEFAULT-VALUE}).")
    private int accounts;

    @Option(names = "--replay", description = "Rebuild v2 by the Streams replay instead of the bulk load.")
    private boolean replay;

    @Override
    public Integer call() throws Exception {
        HostLoad start = HostLoad.now();
        System.out.printf(Locale.ROOT, "host: %s; load average at start: %.2f%n", HostLoad.machine(),
                start.loadAverage());
        try (BenchCluster cluster = BenchCluster.embedded(partitions)) {
            QueriesBenchmark.append(cluster, events, accounts);
            Path stateDir = cluster.workDir().resolve("query-state");
            if (!replay) {
                // v1 is set up the fast way too (before the service runs it): the measured part is v2's rebuild.
                Progress.say("bulk-loading v1 (the live version) before the query service starts");
                CpuClock.Reading before = CpuClock.read();
                BulkLoad.Result v1 = new BulkLoad(cluster.admin(), Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                        cluster.bootstrapServers()), SchemaRegistryClients.create(cluster.registryUrl(), Map.of()),
                        ProjectionConfig.DEFAULT_ACTIVITY_RETENTION, Duration.ofSeconds(30))
                        .load(ProjectionConfig.DEFAULT_APPLICATION_ID, (read, total) -> { });
                CpuClock.Reading cpu = CpuClock.read().minus(before);
                // Nothing else runs in the JVM meanwhile but the broker and registry: the load's whole cost.
                System.out.printf(Locale.ROOT, "v1 bulk load: %,d events, fold %.1f s, final states written in %.1f s;"
                        + " CPU (broker included) %.1f s = %.1f µs per event%n", v1.events(),
                        v1.fold().toNanos() / 1e9, v1.write().toNanos() / 1e9, cpu.processNanos() / 1e9,
                        cpu.processNanos() / 1e3 / v1.events());
            }
            ConfigurableApplicationContext service = QueryServiceApplication.builder().bannerMode(Banner.Mode.OFF)
                    .logStartupInfo(false).registerShutdownHook(false)
                    .run("--server.port=0", "--ledgerline.kafka.bootstrap-servers=" + cluster.bootstrapServers(),
                            "--ledgerline.registry.url=" + cluster.registryUrl(),
                            "--ledgerline.projections.state-dir=" + stateDir, "--logging.level.root=WARN");
            try {
                String url = "http://127.0.0.1:" + ((WebServerApplicationContext) service).getWebServer().getPort();
                String[] target = {"--bootstrap-server", cluster.bootstrapServers(), "--registry-url",
                        cluster.registryUrl(), "--query-url", url, "--max-lag", "0"};
                Progress.say("building v1 (the live version)");
                // v1 is the query service's configured version: "rebuild" of it only follows it until caught up.
                int v1 = run(concat(new String[] {"projections", "rebuild", "all", "--version", "v1"}, target));
                Progress.say("rebuilding all projections as v2 beside v1");
                CpuClock.Reading before = CpuClock.read();
                String[] rebuild = {"projections", "rebuild", "all", "--version", "v2", "--switch"};
                int v2 = v1 != 0 ? v1 : run(concat(replay ? concat(rebuild, new String[] {"--replay"}) : rebuild,
                        target));
                CpuClock.Reading cpu = CpuClock.read().minus(before);
                // The JVM holds the broker, the query service (v1 idle, v2 building) and the CLI's polling.
                System.out.printf(Locale.ROOT, "CPU during the v2 rebuild: process %.1f s = %.1f µs per event, "
                        + "stream threads %.1f s = %.1f µs per event%n", cpu.processNanos() / 1e9,
                        cpu.processNanos() / 1e3 / events, cpu.streamThreadNanos() / 1e9,
                        cpu.streamThreadNanos() / 1e3 / events);
                System.out.println(HostLoad.now().describeEndSince(start));
                return v2;
            } finally {
                service.close();
            }
        }
    }

    private static int run(String[] args) {
        System.out.println("$ ledgerline " + String.join(" ", args));
        return Ledgerline.commandLine().execute(args);
    }

    private static String[] concat(String[] first, String[] second) {
        String[] all = new String[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
