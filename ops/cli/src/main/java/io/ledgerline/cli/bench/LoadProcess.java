package io.ledgerline.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * {@link HttpLoad} in a JVM of its own, so the load's CPU is neither taken from nor counted in the JVM that runs the
 * broker (or the service): the benchmark writes the requests to a file (one per line: {@code GET<tab>path} or
 * {@code POST<tab>path<tab>json}), starts this class's {@code main}, which sends them round-robin for a warm-up and
 * then for the measured duration, and reads back one {@code RESULT} line: the outcome with its full histogram and
 * the load process's own CPU time over the measured phase.
 */
final class LoadProcess {

    /** What the load process measured; CPU in nanoseconds of the load JVM over the measured phase. */
    record Result(HttpLoad.Outcome outcome, long loadCpuNanos) {

        /** Per answered request, as the services' CPU is counted: requests still unanswered at the end cost less. */
        double loadCpuMicrosPerRequest() {
            return loadCpuNanos / 1e3 / Math.max(1, outcome.answered());
        }
    }

    /** What to send, how fast and over how many connections. */
    record Settings(int rate, Duration warmup, Duration duration, int connections, int maxInFlight) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RESULT = "RESULT ";
    private static final String MEASURING = "MEASURING";
    /** Extra JVM options for the load process (e.g. a GC log), after its own, so they win. */
    static final String JAVA_OPTS = "LEDGERLINE_LOAD_JAVA_OPTS";
    /** System property of the load process: a file for {@link HttpLoad}'s timeline of the measured phase. */
    static final String TIMELINE = "ledgerline.load.timeline";

    private LoadProcess() {
    }

    /**
     * Runs the load against {@code host:port} in a child JVM (its other output goes to stderr) and waits for it;
     * {@code measuring} runs when the measured phase starts and {@code measured} when it has ended, so the caller
     * can read other processes' CPU clocks over the same phase.
     */
    static Result run(String host, int port, Settings settings, List<String> requests, Path workDir,
            Runnable measuring, Runnable measured) throws IOException, InterruptedException {
        Path file = Files.createTempFile(workDir, "requests-", ".txt");
        Files.write(file, requests, StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-XX:+UseSerialGC"));
        String options = System.getenv(JAVA_OPTS);
        if (options != null && !options.isBlank()) {
            command.addAll(List.of(options.trim().split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                LoadProcess.class.getName(), host, Integer.toString(port), Integer.toString(settings.rate()),
                Long.toString(settings.warmup().toSeconds()), Long.toString(settings.duration().toSeconds()),
                Integer.toString(settings.connections()), Integer.toString(settings.maxInFlight()), file.toString()));
        Process load = new ProcessBuilder(command).redirectErrorStream(true).start();
        String result = null;
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(load.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.equals(MEASURING)) {
                    measuring.run();
                } else if (line.startsWith(RESULT)) {
                    measured.run();
                    result = line.substring(RESULT.length());
                } else {
                    output.add(line);
                    System.err.println(line);
                }
            }
        } finally {
            if (!load.waitFor(30, TimeUnit.SECONDS)) {
                load.destroyForcibly();
            }
        }
        if (result == null) {
            throw new IllegalStateException("the load process exited with " + load.exitValue() + " and no result: "
                    + String.join("\n", output.subList(Math.max(0, output.size() - 20), output.size())));
        }
        return parse(result);
    }

    /** The child: {@code host port rate warmupSeconds seconds connections maxInFlight requestsFile}. */
    public static void main(String[] args) throws Exception {
        String host = args[0];
        InetSocketAddress server = new InetSocketAddress(host, Integer.parseInt(args[1]));
        HttpLoad load = new HttpLoad(server, Integer.parseInt(args[5]), Integer.parseInt(args[6]));
        String timelineFile = System.getProperty(TIMELINE);
        PrintStream timeline = timelineFile == null ? null
                : new PrintStream(Files.newOutputStream(Path.of(timelineFile), StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND), false, StandardCharsets.US_ASCII);
        HttpLoad measured = timeline == null ? load
                : new HttpLoad(server, Integer.parseInt(args[5]), Integer.parseInt(args[6]), timeline);
        int rate = Integer.parseInt(args[2]);
        Duration warmup = Duration.ofSeconds(Long.parseLong(args[3]));
        Duration duration = Duration.ofSeconds(Long.parseLong(args[4]));
        List<byte[]> requests = new ArrayList<>();
        // Host with its port, as HTTP clients send it: without one, Tomcat's host parser reads past the address's
        // end and throws (and catches) an ArrayIndexOutOfBoundsException per request, a cost no real caller adds.
        String hostHeader = host + ":" + args[1];
        for (String line : Files.readAllLines(Path.of(args[7]), StandardCharsets.UTF_8)) {
            String[] parts = line.split("\t", 3);
            requests.add(parts[0].equals("POST") ? HttpLoad.postJson(hostHeader, parts[1], parts[2])
                    : HttpLoad.get(hostHeader, parts[1]));
        }
        Duration drain = Duration.ofSeconds(30);
        if (!warmup.isZero()) {
            load.run(rate, warmup, n -> requests.get((int) (n % requests.size())), drain);
        }
        // The first young collection of this JVM copies everything built so far (the requests, the connections'
        // buffers, classes' statics) and took ~30 ms at load 30, a stall of the load itself inside the measured
        // phase (ADR 0038); collected here, before measuring, the young collections left copy only what is in flight.
        System.gc();
        System.out.println(MEASURING);
        System.out.flush();
        long cpuBefore = processCpuNanos();
        long offset = rate * warmup.toSeconds(); // continue the round-robin where the warm-up stopped
        HttpLoad.Outcome outcome = measured.run(rate, duration,
                n -> requests.get((int) ((offset + n) % requests.size())), drain);
        long cpu = processCpuNanos() - cpuBefore;
        System.out.println(RESULT + JSON.writeValueAsString(encode(outcome, cpu)));
    }

    private static Map<String, Object> encode(HttpLoad.Outcome outcome, long cpuNanos) {
        ByteBuffer buffer = ByteBuffer.allocate(outcome.latencies().getNeededByteBufferCapacity());
        int length = outcome.latencies().encodeIntoCompressedByteBuffer(buffer);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("histogram", Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length)));
        m.put("sent", outcome.sent());
        m.put("statuses", outcome.statuses());
        m.put("failures", outcome.failures());
        m.put("seconds", outcome.seconds());
        m.put("senderBehindNanos", outcome.senderBehindNanos());
        m.put("cpuNanos", cpuNanos);
        return m;
    }

    private static Result parse(String json) throws IOException {
        JsonNode node = JSON.readTree(json);
        Histogram histogram;
        try {
            histogram = Histogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(node.get("histogram").asText())), 0);
        } catch (DataFormatException e) {
            throw new IOException("the load process's histogram does not decode", e);
        }
        Map<Integer, Long> statuses = new TreeMap<>();
        node.get("statuses").fields().forEachRemaining(e -> statuses.put(Integer.parseInt(e.getKey()),
                e.getValue().asLong()));
        return new Result(new HttpLoad.Outcome(histogram, node.get("sent").asLong(), statuses,
                node.get("failures").asLong(), node.get("seconds").asDouble(),
                node.get("senderBehindNanos").asLong()), node.get("cpuNanos").asLong());
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
