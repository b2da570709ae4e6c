package io.ledgerline.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * REST latency at a fixed rate: the command service (Spring Boot app with its own command processor) runs as a
 * child JVM on a free port against the benchmark's cluster, so its heap, GC and JIT are its own as in production;
 * a {@link LoadProcess} (a third JVM: {@link HttpLoad}, open loop over keep-alive connections) then posts deposits
 * to pre-opened accounts, first for the warm-up (discarded), then for the measured duration. Three JVMs, three CPU
 * figures: the service's, the load's, and this one's (broker and registry).
 */
final class RestLatency {

    /** What to run. */
    record Settings(int rate, Duration duration, Duration warmup, int maxInFlight, int connections, int accounts,
            List<String> serviceJvmOptions, int hopSample) {
    }

    /**
     * What was measured; latencies in nanoseconds from each request's intended start; CPU in nanoseconds over the
     * measured phase, of the service's JVM, of the load process and of this one (broker, registry).
     */
    record Result(int rate, Duration duration, Histogram latencies, HttpLoad.Outcome outcome, String serviceUrl,
            long serviceCpuNanos, Map<String, Long> serviceNativeNanos, long loadCpuNanos, long benchCpuNanos,
            Map<String, Object> hops, GcPauses.Summary serviceGc, GcPauses.Summary benchGc) {

        /**
         * Requests the service answered in the measured phase: the divisor of every CPU figure. Due requests the
         * sender never sent (it gives up 30 s behind) cost the service nothing; dividing by them would flatter it.
         */
        long answered() {
            return Math.max(1, outcome.answered());
        }

        double serviceCpuMicrosPerRequest() {
            return serviceCpuNanos / 1e3 / answered();
        }

        /** Of the service's CPU per request, its JIT compiler threads' and its GC threads' (0 without /proc). */
        double serviceMicrosPerRequest(String nativeGroup) {
            return serviceNativeNanos.getOrDefault(nativeGroup, 0L) / 1e3 / answered();
        }

        double loadCpuMicrosPerRequest() {
            return loadCpuNanos / 1e3 / answered();
        }

        double benchCpuMicrosPerRequest() {
            return benchCpuNanos / 1e3 / answered();
        }
    }

    // Generous: on a machine shared with other builds the service (and JFR, when asked for) can take minutes.
    private static final Duration START_TIMEOUT = Duration.ofSeconds(300);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration HOP_FLUSH = Duration.ofSeconds(3);

    private final BenchCluster cluster;
    private final Settings settings;
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    RestLatency(BenchCluster cluster, Settings settings) {
        this.cluster = cluster;
        this.settings = settings;
    }

    Result run() throws Exception {
        String applicationId = "bench-rest-" + run;
        cluster.startGroupAtEnd(applicationId);
        int port = freePort();
        Path log = cluster.workDir().resolve("command-service-" + run + ".log");
        Path hopFile = cluster.workDir().resolve("rest-hops-" + run + ".txt");
        Path gcLog = cluster.workDir().resolve("command-service-gc-" + run + ".log");
        Process service = startService(port, applicationId, log, hopFile, gcLog);
        Thread killer = new Thread(service::destroyForcibly, "bench-stop-command-service");
        Runtime.getRuntime().addShutdownHook(killer);
        try {
            String url = "http://127.0.0.1:" + port;
            awaitHealthy(service, url, log);
            List<String> accounts = openAccounts(url);
            Progress.say("command service up at %s, %d accounts open; warm-up %s at %d/s", url, accounts.size(),
                    settings.warmup(), settings.rate());
            LoadProcess.Settings load = new LoadProcess.Settings(settings.rate(), settings.warmup(),
                    settings.duration(), settings.connections(), settings.maxInFlight());
            long[] cpu = new long[4]; // service and this JVM, at the start and at the end of the measured phase
            long[] phase = new long[2]; // System.nanoTime, the machine's monotonic clock, as the probe's
            CpuClock.NativeThreads[] serviceNative = new CpuClock.NativeThreads[2];
            GcPauses.Recorder[] benchGc = new GcPauses.Recorder[1];
            GcPauses.Summary[] benchPauses = new GcPauses.Summary[1];
            LoadProcess.Result result = LoadProcess.run("127.0.0.1", port, load, deposits(accounts),
                    cluster.workDir(), () -> {
                        Progress.say("measuring %s at %d/s", settings.duration(), settings.rate());
                        cpu[0] = cpuNanos(service);
                        serviceNative[0] = CpuClock.nativeThreads(service.pid());
                        cpu[1] = CpuClock.read().processNanos();
                        benchGc[0] = GcPauses.start();
                        phase[0] = System.nanoTime();
                    }, () -> {
                        phase[1] = System.nanoTime();
                        benchGc[0].stop();
                        benchPauses[0] = benchGc[0].summary();
                        cpu[2] = cpuNanos(service);
                        serviceNative[1] = CpuClock.nativeThreads(service.pid());
                        cpu[3] = CpuClock.read().processNanos();
                    });
            HttpLoad.Outcome outcome = result.outcome();
            Map<String, Object> hops = null;
            if (settings.hopSample() > 0) {
                // The probe writes every second what it has complete; the last commands need that long.
                Thread.sleep(HOP_FLUSH.toMillis());
                hops = RestHops.report(hopFile, phase[0], phase[1]);
            }
            return new Result(settings.rate(), settings.duration(), outcome.latencies(), outcome, url,
                    cpu[2] - cpu[0], serviceNative[1].since(serviceNative[0]), result.loadCpuNanos(),
                    cpu[3] - cpu[1], hops, GcPauses.fromLog(gcLog, phase[0], phase[1]), benchPauses[0]);
        } finally {
            stop(service);
            Runtime.getRuntime().removeShutdownHook(killer);
        }
    }

    private Process startService(int port, String applicationId, Path log, Path hopFile, Path gcLog)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Its GC pauses in the measured phase, to be told apart from the service's own stalls (ADR 0054).
        command.add(GcPauses.logOption(gcLog));
        if (settings.hopSample() > 0) {
            command.add("-D" + RestHopProbe.FILE + "=" + hopFile);
            command.add("-D" + RestHopProbe.SAMPLE + "=" + settings.hopSample());
        }
        command.addAll(settings.serviceJvmOptions());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.ledgerline.command.CommandServiceApplication");
        command.add("--server.port=" + port);
        command.add("--server.address=127.0.0.1");
        command.add("--ledgerline.kafka.bootstrap-servers=" + cluster.bootstrapServers());
        command.add("--ledgerline.registry.url=" + cluster.registryUrl());
        command.add("--ledgerline.processor.application-id=" + applicationId);
        command.add("--ledgerline.processor.state-dir=" + cluster.workDir().resolve("rest-state-" + run));
        command.add("--ledgerline.topics.create-missing=false");
        // Commands only: the transfer saga has its own benchmark (bench transfers).
        command.add("--ledgerline.saga.enabled=false");
        if (settings.hopSample() > 0) {
            // Every Kafka client of the service: the gateway's producer, the reply listener, the processor's clients.
            command.add("--ledgerline.kafka.client[interceptor.classes]=" + RestHopProbe.class.getName());
        }
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private void awaitHealthy(Process service, String url, Path log) throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        HttpRequest health = HttpRequest.newBuilder(URI.create(url + "/actuator/health"))
                .timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (!service.isAlive()) {
                throw new IllegalStateException("the command service exited with " + service.exitValue() + ": "
                        + tail(log));
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the command service was not healthy within " + START_TIMEOUT + ": " + tail(log));
    }

    private List<String> openAccounts(String url) throws Exception {
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int a = 0; a < settings.accounts(); a++) {
            answers.add(http.sendAsync(HttpRequest.newBuilder(URI.create(url + "/api/accounts"))
                    .timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", "bench-" + run + "-open-" + a)
                    // A cold service may take longer than the default 5 s wait; a 202 would leave deposits to
                    // accounts not yet open.
                    .header("Prefer", "wait=30")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"customerId\":\"bench-customer\",\"currency\":\"EUR\",\"holderName\":\"Bench Holder\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString()));
        }
        List<String> accounts = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get(REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (response.statusCode() != 201) {
                throw new IllegalStateException("opening an account answered " + response.statusCode() + ": "
                        + response.body());
            }
            accounts.add(JSON.readTree(response.body()).get("accountId").asText());
        }
        return accounts;
    }

    /** Deposits round-robin over the accounts, amounts 1 to 500: the load process sends them in turn. */
    private static List<String> deposits(List<String> accounts) {
        List<String> requests = new ArrayList<>();
        for (int n = 0; n < Math.max(accounts.size(), 500) * 2; n++) {
            requests.add("POST\t/api/accounts/" + accounts.get(n % accounts.size()) + "/deposits\t{\"amount\":"
                    + (1 + n % 500) + ",\"reference\":\"bench\"}");
        }
        return requests;
    }

    /** The child's CPU time so far (user and system), as the operating system reports it. */
    private static long cpuNanos(Process service) {
        return service.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    private static void stop(Process service) throws InterruptedException {
        service.destroy(); // SIGTERM: graceful shutdown, the processor leaves its group
        if (!service.waitFor(40, TimeUnit.SECONDS)) {
            service.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
