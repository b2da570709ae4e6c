package io.ledgerline.cli.bench;

import io.ledgerline.account.AccountEvent;
import io.ledgerline.mapping.EventMapper;
import io.ledgerline.message.EventEnvelope;
import io.ledgerline.message.EventMetadata;
import io.ledgerline.query.ProjectionsRunner;
import io.ledgerline.query.QueryServiceApplication;
import io.ledgerline.query.projection.ProjectionConfig;
import io.ledgerline.query.projection.Projections;
import io.ledgerline.query.rebuild.BulkLoad;
import io.ledgerline.query.totals.LedgerTotal;
import io.ledgerline.query.totals.TotalsProjector;
import io.ledgerline.registry.SchemaRegistryClients;
import io.ledgerline.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import org.HdrHistogram.Histogram;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.springframework.boot.Banner;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ledgerline bench queries}: the query side on an embedded broker. (1) Catch-up: {@code --events} account
 * events appended to {@code ledger.events}, then the projections started from offset zero and timed until the
 * ledger totals (the last stage, behind a repartition topic) have counted every event; with {@code --bulk}, the log is
 * bulk-loaded first (ADR 0028) and the projections then restore and count from the changelogs. (2) GET account view at
 * {@code --get-rate} from a separate load process ({@link LoadProcess}, a child JVM; open loop) against the query
 * service on loopback. (3) Freshness ({@link Freshness}): deposits appended at {@code --freshness-rate}, every
 * {@code --freshness-every}-th read back with {@code minVersion}; latency from the intended append to the answer
 * that shows it.
 */
@Command(
        name = "queries",
        mixinStandardHelpOptions = true,
        description = "Query side: projection catch-up from offset zero, GET account view throughput and latency "
                + "from a separate load process, and event-to-REST freshness at a fixed event rate.")
final class QueriesBenchmark implements Callable<Integer> {

    private static final String PREFIX = "bench-q-";
    private static final String APPLICATION_ID = "bench-projections";
    private static final ThreadMXBean LOADER = ManagementFactory.getThreadMXBean();

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions (default: ${DEFAULT-VALUE}).")
    private int partitions;

    @Option(names = "--events", defaultValue = "1000000", description = "Catch-up: events (default: ${DEFAULT-VALUE}).")
    private int events;

    @Option(names = "--accounts", defaultValue = "10000", description = "Accounts (default: ${DEFAULT-VALUE}).")
    private int accounts;

    @Option(names = "--connections", defaultValue = "32",
            description = "GET load: keep-alive connections at most, opened as needed (default: ${DEFAULT-VALUE}).")
    private int connections;

    @Option(names = "--get-rate", defaultValue = "15000",
            description = "GET load: requests per second, fixed, open loop (default: ${DEFAULT-VALUE}).")
    private int getRate;

    @Option(names = "--duration", defaultValue = "20", description = "GET load and freshness: measured seconds "
            + "(default: ${DEFAULT-VALUE}).")
    private int durationSeconds;

    @Mixin
    private WarmupOptions warmup;

    @Option(names = "--freshness-rate", defaultValue = "2000",
            description = "Freshness: events per second (default: ${DEFAULT-VALUE}).")
    private int freshnessRate;

    @Option(names = "--freshness-every", defaultValue = "10",
            description = "Freshness: read back every n-th event; 1 reads every one (default: ${DEFAULT-VALUE}).")
    private int freshnessEvery;

    @Option(names = "--catch-up-only", description = "Run the catch-up part alone (no GET load, no freshness).")
    private boolean catchUpOnly;

    @Option(names = "--bulk", description = "Catch-up by the bulk load (ADR 0028): fold the log, write the final "
            + "states to the changelogs, then start the projections, which restore them (default: the Streams replay).")
    private boolean bulk;

    @Option(names = "--stream-threads", defaultValue = "1",
            description = "Catch-up: stream threads of the projections (default: ${DEFAULT-VALUE}).")
    private int streamThreads;

    @Option(names = "--streams-config", paramLabel = "KEY=VALUE",
            description = "Catch-up: a Kafka Streams, consumer or producer setting over the projections' own (repeatable).")
    private Map<String, String> streamsConfig = Map.of();

    @Override
    public Integer call() throws Exception {
        warmup.validate();
        HostLoad start = HostLoad.now();
        System.out.printf(Locale.ROOT, "host: %s; load average at start: %.2f%n", HostLoad.machine(),
                start.loadAverage());
        try (BenchCluster cluster = BenchCluster.embedded(partitions)) {
            long[] versions = append(cluster, events, accounts);
            Path stateDir = cluster.workDir().resolve("query-state");
            catchUp(cluster, stateDir);
            if (catchUpOnly) {
                System.out.println(HostLoad.now().describeEndSince(start));
                return 0;
            }
            ConfigurableApplicationContext service = QueryServiceApplication.builder().bannerMode(Banner.Mode.OFF)
                    .logStartupInfo(false).registerShutdownHook(false)
                    .run("--server.port=0", "--ledgerline.kafka.bootstrap-servers=" + cluster.bootstrapServers(),
                            "--ledgerline.registry.url=" + cluster.registryUrl(),
                            "--ledgerline.projections.application-id=" + APPLICATION_ID,
                            "--ledgerline.projections.state-dir=" + stateDir, "--logging.level.root=WARN");
            try {
                int port = ((WebServerApplicationContext) service).getWebServer().getPort();
                awaitReady(port);
                getLoad(port, cluster.workDir());
                freshness(cluster, port, versions, service.getBean(ProjectionsRunner.class).running().values()
                        .iterator().next().streams());
            } finally {
                service.close();
            }
        }
        System.out.println(HostLoad.now().describeEndSince(start));
        return 0;
    }

    /** Opens the accounts and deposits round-robin until {@code events}; returns each account's last version. */
    static long[] append(BenchCluster cluster, int events, int accounts) throws Exception {
        long[] versions = new long[accounts];
        try (KafkaProducer<String, SpecificRecord> producer = producer(cluster)) {
            Instant at = Instant.parse("2026-11-01T00:00:00Z");
            for (int n = 0; n < events; n++) {
                int account = n % accounts;
                long version = ++versions[account];
                String id = PREFIX + account;
                var event = version == 1 ? new AccountEvent.AccountOpened(id, "bench-c-" + (account / 4), "EUR", "B")
                        : new AccountEvent.MoneyDeposited(id, 1 + n % 97, "EUR", null);
                producer.send(record(new EventEnvelope(new EventMetadata("b-" + n + ":0", version,
                        at.plusMillis(n), "b-" + n), event)));
            }
            producer.flush();
        }
        System.out.printf(Locale.ROOT, "appended %,d events over %,d accounts%n", events, accounts);
        return versions;
    }

    private void catchUp(BenchCluster cluster, Path stateDir) throws Exception {
        ProjectionConfig config = ProjectionConfig.defaults(cluster.bootstrapServers(), cluster.registryUrl())
                .withApplicationId(APPLICATION_ID).withStateDir(stateDir).withStreamThreads(streamThreads)
                .withStreamsOverrides(Map.copyOf(streamsConfig));
        CpuClock.Reading cpuAtStart = CpuClock.read();
        long start = System.nanoTime();
        CpuClock.Reading cpuAtLoaded = cpuAtStart;
        if (bulk) {
            long loaderAtStart = LOADER.getCurrentThreadCpuTime();
            BulkLoad.Result loaded = new BulkLoad(cluster.admin(), Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                    cluster.bootstrapServers()), SchemaRegistryClients.create(cluster.registryUrl(), Map.of()),
                    config.activityRetention(), Duration.ofSeconds(30)).load(APPLICATION_ID, (read, total) -> { });
            System.out.printf(Locale.ROOT, "bulk load: %,d events folded in %.1f s (%,.0f events/s), %,d changelog "
                    + "records, final states written in %.1f s%n", loaded.events(), loaded.fold().toNanos() / 1e9,
                    loaded.events() / (loaded.fold().toNanos() / 1e9), loaded.changelog(),
                    loaded.write().toNanos() / 1e9);
            cpuAtLoaded = CpuClock.read();
            CpuClock.Reading load = cpuAtLoaded.minus(cpuAtStart);
            System.out.printf(Locale.ROOT, "bulk load CPU: %.1f us/event on the loading thread, %.1f us/event for the "
                    + "process (broker included), by group %s%n", (LOADER.getCurrentThreadCpuTime() - loaderAtStart)
                    / 1e3 / events, load.processNanos() / 1e3 / events, load.microsPerOperation(events));
        }
        long loadedAt = System.nanoTime();
        try (Projections projections = Projections.create(config, Duration.ofSeconds(30))) {
            projections.start();
            long running = 0;
            while (counted(projections.streams()) < events) {
                if (running == 0 && projections.streams().state() == KafkaStreams.State.RUNNING) {
                    running = System.nanoTime();
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double fromRunning = (System.nanoTime() - (running == 0 ? start : running)) / 1e9;
            System.out.printf(Locale.ROOT, "catch-up: %,d events in %.1f s from start = %,.0f events/s "
                    + "(%,.0f events/s from the first RUNNING state)%s%n", events, seconds, events / seconds,
                    events / fromRunning, bulk ? String.format(Locale.ROOT, "; after the bulk load, the start "
                    + "with restore until the totals counted every event took %.1f s",
                    (System.nanoTime() - loadedAt) / 1e9) : "");
            // Read while the stream threads are alive: a closed thread's CPU time is no longer counted.
            CpuClock.Reading cpu = CpuClock.read().minus(cpuAtStart);
            System.out.printf(Locale.ROOT, "catch-up CPU: %.1f us/event for the process (broker included), %.1f "
                    + "us/event on the stream threads; load average %.2f%n", cpu.processNanos() / 1e3 / events,
                    cpu.streamThreadNanos() / 1e3 / events, HostLoad.now().loadAverage());
            if (bulk) {
                CpuClock.Reading restore = CpuClock.read(List.of(APPLICATION_ID)).minus(cpuAtLoaded);
                System.out.printf(Locale.ROOT, "start with restore CPU: %.1f us/event for the process, by group %s%n",
                        restore.processNanos() / 1e3 / events, restore.microsPerOperation(events));
            }
        }
    }

    /** How many events the ledger totals have counted: each event here is one delta. */
    private static long counted(KafkaStreams streams) {
        try {
            ReadOnlyKeyValueStore<String, LedgerTotal> totals = streams.store(StoreQueryParameters
                    .fromNameAndType(TotalsProjector.STORE, QueryableStoreTypes.keyValueStore()));
            long sum = 0;
            try (KeyValueIterator<String, LedgerTotal> all = totals.all()) {
                while (all.hasNext()) {
                    sum += all.next().value.version();
                }
            }
            return sum;
        } catch (InvalidStateStoreException e) {
            return 0;
        }
    }

    /** GET account views at a fixed rate from a load process of its own; this JVM runs the service and the broker. */
    private void getLoad(int port, Path workDir) throws Exception {
        List<String> requests = new ArrayList<>();
        for (int n = 0; n < accounts; n++) {
            requests.add("GET\t/api/accounts/" + PREFIX + Math.floorMod(n * 7919L, accounts));
        }
        warmUp(port, workDir, requests);
        CpuClock.Reading[] cpu = new CpuClock.Reading[2];
        HostLoad[] host = new HostLoad[2];
        LoadProcess.Result result = LoadProcess.run("127.0.0.1", port, new LoadProcess.Settings(getRate,
                Duration.ofSeconds(5), Duration.ofSeconds(durationSeconds), connections, 1_000), requests, workDir,
                () -> {
                    cpu[0] = CpuClock.read();
                    host[0] = HostLoad.now();
                }, () -> {
                    cpu[1] = CpuClock.read();
                    host[1] = HostLoad.now();
                });
        HttpLoad.Outcome outcome = result.outcome();
        CpuClock.Reading spent = cpu[1].minus(cpu[0]);
        System.out.printf(Locale.ROOT, "GET /api/accounts/{id} at %,d/s offered, %d connections, %d s (after 5 s "
                + "warm-up): achieved %,.0f/s, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms; statuses %s, "
                + "errors %d; CPU per request: %.1f µs in the load process (per request answered), %.1f µs in this JVM "
                + "(query service, broker, registry; per request answered), of it JIT compiler threads %.1f µs%n",
                getRate, connections, durationSeconds,
                outcome.achievedRate(),
                outcome.latencies().getValueAtPercentile(50) / 1e6,
                outcome.latencies().getValueAtPercentile(99) / 1e6,
                outcome.latencies().getValueAtPercentile(99.9) / 1e6, outcome.latencies().getMaxValue() / 1e6,
                outcome.statuses(), outcome.errors(), result.loadCpuMicrosPerRequest(),
                spent.processNanos() / 1e3 / Math.max(1, outcome.answered()),
                spent.byGroup().getOrDefault(CpuClock.JIT, 0L) / 1e3 / Math.max(1, outcome.answered()));
        // Background work (the broker's log cleaner, RocksDB compactions after a catch-up) competes with the requests
        // for the same cores: say which threads spent this JVM's CPU.
        System.out.printf(Locale.ROOT, "GET: this JVM's CPU per request answered by threads (µs): %s%n",
                spent.microsPerOperation(Math.max(1, outcome.answered())));
        // Heap allocated per GET sets how often G1 pauses at this rate (ADR 0038); unlike CPU, a busy machine does
        // not change it.
        System.out.printf(Locale.ROOT, "GET: this JVM's heap allocated per request answered: %,d bytes on the HTTP "
                + "server threads, %,d bytes by all Java threads%n",
                spent.allocatedBytes(CpuClock.HTTP) / Math.max(1, outcome.answered()),
                spent.allocatedBytes() / Math.max(1, outcome.answered()));
        System.out.printf(Locale.ROOT, "GET: the host over the measured phase: load average %s%n",
                HostLoad.describe(host[1].reportSince(host[0])));
    }

    /**
     * Rounds of 10 s at the GET rate until one in which the JIT compiler threads took at most {@code --jit-quiet} of
     * this JVM's CPU, or {@code --max-warmup} has passed (ADR 0033's rule for {@code bench commands}): a 5 s warm-up
     * left the JIT compiling Spring's and Tomcat's request path through the measured phase (ADR 0036).
     */
    private void warmUp(int port, Path workDir, List<String> requests) throws Exception {
        long perRound = getRate * 10L;
        JitWarmup.run(warmup.settings(perRound, perRound, "GET"), (first, count) -> () -> {
                    try {
                        LoadProcess.Result round = LoadProcess.run("127.0.0.1", port, new LoadProcess.Settings(getRate,
                                Duration.ZERO, Duration.ofSeconds(10), connections, 1_000), requests, workDir,
                                () -> { }, () -> { });
                        Progress.say("GET warm-up round: %,.0f/s achieved of %,d/s",
                                round.outcome().achievedRate(), getRate);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    private void freshness(BenchCluster cluster, int port, long[] versions, KafkaStreams projections)
            throws Exception {
        try (KafkaProducer<String, SpecificRecord> producer = producer(cluster)) {
            if (freshnessEvery < 1) {
                throw new IllegalArgumentException("--freshness-every must be at least 1, was " + freshnessEvery);
            }
            InetSocketAddress service = new InetSocketAddress("127.0.0.1", port);
            long[] appended = {0};
            LongFunction<String> append = n -> {
                long event = appended[0]++;
                int account = (int) (event % accounts);
                long version = ++versions[account];
                String id = PREFIX + account;
                producer.send(record(new EventEnvelope(new EventMetadata("f-" + event + ":0", version,
                        Instant.now(), "f-" + event), new AccountEvent.MoneyDeposited(id, 1, "EUR", null))));
                return "/api/accounts/" + id + "?minVersion=" + version + "&waitMs=5000";
            };
            // The phase runs code the GET phase never ran (appends, the projections at a rate, waits woken by
            // writes): warm it up the same way, until the JIT is quiet (ADR 0043).
            long perRound = freshnessRate * 10L;
            JitWarmup.run(warmup.settings(perRound, perRound, "event"), (first, count) -> () -> new Freshness(
                    service, 256, 4_000).run(freshnessRate, freshnessEvery, Duration.ZERO, Duration.ofSeconds(10),
                    append, Duration.ofSeconds(30)));
            CpuClock.Reading before = CpuClock.read();
            long started = System.nanoTime();
            Freshness.Outcome outcome;
            CommitStalls.Summary commits;
            try (CommitStalls stalls = CommitStalls.watch(projections)) {
                outcome = new Freshness(service, 256, 4_000).run(freshnessRate, freshnessEvery, Duration.ofSeconds(5),
                        Duration.ofSeconds(durationSeconds), append, Duration.ofSeconds(30));
                commits = stalls.summary();
            }
            CpuClock.Reading used = CpuClock.read().minus(before);
            long elapsed = System.nanoTime() - started;
            Histogram latencies = outcome.latencies();
            System.out.printf(Locale.ROOT, "freshness at %d events/s for %d s (after 5 s), every %d-th read back: %,d"
                    + " visible of %,d read, %,d stale, statuses %s, %,d failed; p50 %.1f ms, p90 %.1f ms, p99 %.1f ms,"
                    + " p99.9 %.1f ms, max %.1f ms (intended append to visible over REST); sender at most %.1f ms"
                    + " late; this JVM (broker, projections, service, producer, reader) %.0f%% of one core%n",
                    freshnessRate, durationSeconds, freshnessEvery, latencies.getTotalCount(), outcome.read(),
                    outcome.stale(), outcome.statuses(), outcome.failures(),
                    latencies.getValueAtPercentile(50) / 1e6, latencies.getValueAtPercentile(90) / 1e6,
                    latencies.getValueAtPercentile(99) / 1e6, latencies.getValueAtPercentile(99.9) / 1e6,
                    latencies.getMaxValue() / 1e6, outcome.senderBehindNanos() / 1e6,
                    100.0 * used.processNanos() / elapsed);
            // The event rate is fixed, so CPU per event says what the phase costs whatever else the machine runs;
            // by thread group it says which part (ADR 0043).
            System.out.printf(Locale.ROOT, "freshness: this JVM's CPU per event appended %.1f µs, by threads (µs): "
                    + "%s; load average %.2f%n", used.processNanos() / 1e3 / Math.max(1, outcome.appended()),
                    used.microsPerOperation(Math.max(1, outcome.appended())), HostLoad.now().loadAverage());
            // An event waits for the commit its stream thread is in: how long the commits held the threads, and what
            // a commit carried (ADR 0051).
            System.out.printf(Locale.ROOT, "freshness: the projections' commits: %s%n", commits.describe());
        }
    }

    private static ProducerRecord<String, SpecificRecord> record(EventEnvelope envelope) {
        return new ProducerRecord<>(Topics.EVENTS.name(), envelope.event().aggregateId(), EventMapper.toAvro(envelope));
    }

    private static KafkaProducer<String, SpecificRecord> producer(BenchCluster cluster) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 262_144),
                Topics.EVENTS.keySerde().serializer(),
                Topics.EVENTS.valueSerde(SchemaRegistryClients.create(cluster.registryUrl(), Map.of()), true)
                        .serializer());
    }

    private static void awaitReady(int port) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/actuator/health/readiness")).build(), java.net.http.HttpResponse.BodyHandlers.discarding())
                .statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the query service was not ready within 120 s");
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

}
