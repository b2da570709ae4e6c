package io.ledgerline.cli.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Freshness of the read side: events appended at a fixed rate, open loop (event n is due at {@code start + n / rate}
 * whether or not earlier ones are visible yet), and every {@code every}-th one read back at once with a
 * read-your-writes wait ({@code minVersion}); its latency runs from the event's intended append time to the answer
 * that shows it. Only answers that show it count as visible: one that comes back {@code stale} (the wait ran out) or
 * with another status is counted apart, not as a latency. Reading back a sample rather than every event keeps the
 * reader's own HTTP cost (in the broker's JVM) from competing with the projections it measures; the projections still
 * process every event at the full rate. The first {@code warmup} is not recorded.
 *
 * <p>A read is a blocking HTTP/1.1 GET on a keep-alive connection of one of {@code readers} threads (a waiting read
 * holds its thread and connection until it is answered; reads beyond {@code readers} queue, their latency still
 * counted from the intended append). Not the JDK {@code HttpClient}: its futures, selector thread and executor
 * hand-offs cost about as much CPU as the service's whole answer (ADR 0027, ADR 0043), on the same two cores as the
 * projections being measured. Here a read is one hand-off to a reader thread, one write and one or two reads of a
 * socket.
 */
final class Freshness {

    /** Latencies in nanoseconds from the intended append time to the answer that shows the event. */
    record Outcome(Histogram latencies, long appended, long read, long stale, Map<Integer, Long> statuses,
            long failures, long senderBehindNanos) {
    }

    private static final byte[] VISIBLE = "\"stale\":false".getBytes(StandardCharsets.US_ASCII);
    private static final int REQUEST_TIMEOUT_MILLIS = 30_000;

    private final InetSocketAddress server;
    private final int readers;
    private final int maxInFlight;

    /** Reads {@code server} on at most {@code readers} connections; at most {@code maxInFlight} reads queued or sent. */
    Freshness(InetSocketAddress server, int readers, int maxInFlight) {
        this.server = server;
        this.readers = readers;
        this.maxInFlight = maxInFlight;
    }

    /**
     * Appends {@code rate} events a second for {@code warmup + length}: {@code append} appends event n and returns the
     * path and query that read it back once it is visible.
     */
    Outcome run(int rate, int every, Duration warmup, Duration length, LongFunction<String> append,
            Duration drainTimeout) throws InterruptedException {
        Recorder recorder = new Recorder(3);
        Semaphore inFlight = new Semaphore(maxInFlight);
        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        LongAdder stale = new LongAdder();
        LongAdder failures = new LongAdder();
        LongAdder read = new LongAdder();
        long warmupEvents = rate * warmup.toSeconds();
        long total = warmupEvents + rate * length.toSeconds();
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(readers, runnable -> {
            Thread thread = new Thread(runnable, "bench-reader-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        Set<Connection> opened = ConcurrentHashMap.newKeySet();
        ThreadLocal<Connection> connections = ThreadLocal.withInitial(() -> {
            Connection connection = new Connection(server);
            opened.add(connection);
            return connection;
        });
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
        long behind = 0;
        try {
            for (long n = 0; n < total; n++) {
                long intended = start + n * 1_000_000_000L / rate;
                for (long wait = intended - System.nanoTime(); wait > 0; wait = intended - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                String path = append.apply(n);
                behind = Math.max(behind, System.nanoTime() - intended);
                if (n < warmupEvents || n % every != 0) {
                    continue;
                }
                if (!inFlight.tryAcquire(drainTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException(maxInFlight + " reads in flight for " + drainTimeout);
                }
                read.increment();
                byte[] request = HttpLoad.get(server.getHostString(), path);
                pool.execute(() -> {
                    try {
                        Connection.Answer answer = connections.get().get(request);
                        long now = System.nanoTime();
                        statuses.computeIfAbsent(answer.status(), s -> new LongAdder()).increment();
                        if (answer.status() == 200 && answer.visible()) {
                            recorder.recordValue(now - intended);
                        } else if (answer.status() == 200) {
                            stale.increment();
                        }
                    } catch (IOException | RuntimeException e) {
                        failures.increment();
                    } finally {
                        inFlight.release();
                    }
                });
            }
            boolean drained = inFlight.tryAcquire(maxInFlight, drainTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!drained) {
                Progress.say("%d reads unanswered after %s", maxInFlight - inFlight.availablePermits(), drainTimeout);
            }
        } finally {
            pool.shutdownNow();
            // Also ends a read still blocked on its socket after the drain timeout.
            opened.forEach(Connection::close);
        }
        Map<Integer, Long> counted = new TreeMap<>();
        statuses.forEach((status, count) -> counted.put(status, count.sum()));
        return new Freshness.Outcome(recorder.getIntervalHistogram(), total, read.sum(), stale.sum(), counted,
                failures.sum(), behind);
    }

    /** One reader thread's keep-alive connection, opened when first needed and again after the server closed it. */
    private static final class Connection {

        /** An answer's status and whether its body says the read is not stale. */
        record Answer(int status, boolean visible) {
        }

        private final InetSocketAddress server;
        private final ResponseParser parser = new ResponseParser();
        private final byte[] buffer = new byte[16 * 1024];
        private volatile Socket socket;

        Connection(InetSocketAddress server) {
            this.server = server;
        }

        Answer get(byte[] request) throws IOException {
            try {
                Socket open = socket;
                if (open == null) {
                    open = new Socket(server.getAddress(), server.getPort());
                    open.setTcpNoDelay(true);
                    open.setSoTimeout(REQUEST_TIMEOUT_MILLIS);
                    socket = open;
                }
                OutputStream out = open.getOutputStream();
                out.write(request);
                out.flush();
                return answer(open.getInputStream());
            } catch (IOException e) {
                close();
                throw e;
            }
        }

        /** Reads one answer; the marker may span two reads, so the bytes searched carry over the marker's length. */
        private Answer answer(InputStream in) throws IOException {
            parser.reset();
            boolean visible = false;
            int kept = 0;
            while (true) {
                int read = in.read(buffer, kept, buffer.length - kept);
                if (read < 0) {
                    if (parser.endOfStream()) {
                        close();
                        return new Answer(parser.status(), visible);
                    }
                    throw new IOException("the server closed the connection mid-answer");
                }
                visible = visible || contains(buffer, kept + read, VISIBLE);
                ByteBuffer bytes = ByteBuffer.wrap(buffer, kept, read);
                if (parser.feed(bytes)) {
                    if (bytes.hasRemaining()) {
                        throw new IOException("bytes after the answer that nobody asked for");
                    }
                    if (!parser.keepAlive()) {
                        close();
                    }
                    return new Answer(parser.status(), visible);
                }
                kept = Math.min(VISIBLE.length - 1, kept + read);
                System.arraycopy(buffer, bytes.position() - kept, buffer, 0, kept);
            }
        }

        private static boolean contains(byte[] bytes, int length, byte[] token) {
            for (int at = 0; at + token.length <= length; at++) {
                int i = 0;
                while (i < token.length && bytes[at + i] == token[i]) {
                    i++;
                }
                if (i == token.length) {
                    return true;
                }
            }
            return false;
        }

        void close() {
            Socket open = socket;
            socket = null;
            if (open != null) {
                try {
                    open.close();
                } catch (IOException ignored) {
                    // closing a broken or finished connection: nothing more to do
                }
            }
        }
    }
}
