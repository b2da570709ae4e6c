package io.ledgerline.cli.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import org.HdrHistogram.Histogram;

/**
 * The benchmarks' HTTP/1.1 load generator: requests at a fixed rate, open loop, over a small pool of keep-alive
 * connections driven by one thread and one NIO selector. Request n is due at {@code start + n / rate} whether or not
 * earlier ones have been answered; its latency runs from that intended start to the end of its answer, so a stall
 * shows in every request that should have gone out meanwhile (no coordinated omission), including time spent
 * waiting for a free connection or under the in-flight bound.
 *
 * <p>Why not the JDK {@code HttpClient}: on the benchmark machine it cost ~560 µs of CPU per request (futures,
 * executor hand-offs, a selector manager thread, header maps), as much as the service under test (ADR 0027). Here a
 * request is bytes rendered once and written to a socket, and an answer is parsed in place: status line,
 * {@code Content-Length} or chunked body, {@code Connection: close}. Every answer is counted in the histogram and by
 * status; a non-2xx status or a failed connection is an error. Only GET and POST requests without
 * {@code Expect: 100-continue} are sent, so every answer has a body unless its status or headers say otherwise.
 */
final class HttpLoad {

    /**
     * Latencies in nanoseconds from the intended start (every answer, whatever its status); {@code failures} are
     * requests without an answer (connection refused, closed or reset mid-answer, still unanswered at the end).
     */
    record Outcome(Histogram latencies, long sent, Map<Integer, Long> statuses, long failures, double seconds,
            long senderBehindNanos) {

        long answered() {
            return latencies.getTotalCount();
        }

        double achievedRate() {
            return answered() / seconds;
        }

        /** Answers outside 2xx plus failures. */
        long errors() {
            long ok = statuses.entrySet().stream().filter(e -> e.getKey() / 100 == 2).mapToLong(Map.Entry::getValue)
                    .sum();
            return answered() - ok + failures;
        }
    }

    /** A request that is due but found no free connection yet. */
    private record Pending(byte[] request, long intended) {
    }

    private static final long NANOS_PER_MILLI = 1_000_000L;

    private final InetSocketAddress server;
    private final int maxConnections;
    private final int maxInFlight;
    private final PrintStream timeline;

    /** At most {@code maxConnections} connections (opened when needed), {@code maxInFlight} requests queued or sent. */
    HttpLoad(InetSocketAddress server, int maxConnections, int maxInFlight) {
        this(server, maxConnections, maxInFlight, null);
    }

    /**
     * As above, and when {@code timeline} is not null, one line per 100 ms of answers to it: the wall-clock time
     * (epoch milliseconds) the interval ended, the answers in it, and their p99 and largest latency in
     * milliseconds, so that a stall can be matched with a GC or safepoint log by time; then, also in milliseconds,
     * how late the load thread was at most in taking a request that was due, and by how much at most a pass of its
     * loop began after the time it had planned to wake up by (the next request's time; the pass before included):
     * when those are about as large as the latency, the load process itself stalled (its GC, its JIT, its thread
     * not scheduled); when they are small, the requests were taken on time and the answers were late. (A request
     * is also taken late when {@code maxInFlight} requests are outstanding; the overrun then stays small.)
     */
    HttpLoad(InetSocketAddress server, int maxConnections, int maxInFlight, PrintStream timeline) {
        this.server = server;
        this.maxConnections = maxConnections;
        this.maxInFlight = maxInFlight;
        this.timeline = timeline;
    }

    /** A GET of {@code path}, ready to send. */
    static byte[] get(String host, String path) {
        return ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: application/json\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** A POST of a JSON body to {@code path}, ready to send. */
    static byte[] postJson(String host, String path, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: application/json\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        return request;
    }

    /**
     * Runs for {@code length} at {@code rate} requests/s; {@code requests} makes request n (called on the load
     * thread when n is due). Returns when every request has been answered or has failed, or when nothing was sent
     * or answered for {@code drainTimeout}; requests still unsent {@code drainTimeout} after the last one was due
     * are not sent. Unsent and unanswered requests count as failures.
     */
    Outcome run(int rate, Duration length, LongFunction<byte[]> requests, Duration drainTimeout) throws IOException {
        try (Run run = new Run(rate * length.toSeconds(), requests)) {
            return run.execute(rate, length, drainTimeout);
        }
    }

    /** One run's state; everything here is touched by the calling thread only. */
    private final class Run implements AutoCloseable {

        private final long total;
        private final LongFunction<byte[]> requests;
        private final Selector selector = Selector.open();
        private final List<Connection> connections = new ArrayList<>();
        private final ArrayDeque<Connection> idle = new ArrayDeque<>();
        private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
        private final Histogram latencies = new Histogram(3);
        private final Histogram interval = new Histogram(3);
        private long intervalEnd;
        private long intervalBehind;
        private long intervalOverrun;
        private final Map<Integer, Long> statuses = new TreeMap<>();
        private long failures;
        private long inFlight;
        private long lastAnswer;
        private long lastProgress; // the last send, answer or failure

        Run(long total, LongFunction<byte[]> requests) throws IOException {
            this.total = total;
            this.requests = requests;
        }

        Outcome execute(int rate, Duration length, Duration drainTimeout) throws IOException {
            long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
            // A server far slower than the rate would keep the sender busy for many times the run's length.
            long stopSending = start + length.toNanos() + drainTimeout.toNanos();
            lastAnswer = start;
            long behind = 0;
            long n = 0;
            lastProgress = System.nanoTime();
            intervalEnd = lastProgress + 100 * NANOS_PER_MILLI;
            long wakeBy = lastProgress;
            while (n < total || inFlight > 0) {
                long now = System.nanoTime();
                intervalOverrun = Math.max(intervalOverrun, now - wakeBy);
                while (n < total && inFlight < maxInFlight) {
                    long intended = start + n * 1_000_000_000L / rate;
                    if (intended > now) {
                        break;
                    }
                    behind = Math.max(behind, now - intended);
                    intervalBehind = Math.max(intervalBehind, now - intended);
                    submit(requests.apply(n), intended);
                    n++;
                    lastProgress = now;
                }
                if (n < total && now > stopSending) {
                    Progress.say("%d requests not sent: still behind %s after the last one was due", total - n,
                            drainTimeout);
                    failures += total - n;
                    n = total;
                }
                if (now - lastProgress > drainTimeout.toNanos()) {
                    Progress.say("no answer for %s: %d requests unanswered, %d not sent", drainTimeout, inFlight,
                            total - n);
                    failures += inFlight + total - n;
                    break;
                }
                long next = n < total && inFlight < maxInFlight ? start + n * 1_000_000_000L / rate
                        : now + 100 * NANOS_PER_MILLI;
                wakeBy = next;
                await(next - System.nanoTime());
                handleReady();
                if (timeline != null && System.nanoTime() >= intervalEnd) {
                    endInterval();
                }
            }
            if (timeline != null) {
                endInterval();
                timeline.flush();
            }
            return new Outcome(latencies, total, statuses, failures, (lastAnswer - start) / 1e9, behind);
        }

        private void endInterval() {
            timeline.printf(Locale.ROOT, "%d %d %.2f %.2f %.2f %.2f%n", System.currentTimeMillis(),
                    interval.getTotalCount(), interval.getValueAtPercentile(99) / 1e6, interval.getMaxValue() / 1e6,
                    intervalBehind / 1e6, intervalOverrun / 1e6);
            interval.reset();
            intervalBehind = 0;
            intervalOverrun = 0;
            intervalEnd = System.nanoTime() + 100 * NANOS_PER_MILLI;
        }

        /**
         * Waits for I/O until {@code nanos} from now: the selector's timeout is in whole milliseconds, so the last
         * part of a wait is a short park after a non-blocking poll; a request is sent within ~0.1 ms of its time.
         */
        private void await(long nanos) throws IOException {
            if (nanos >= NANOS_PER_MILLI) {
                selector.select(nanos / NANOS_PER_MILLI);
            } else if (selector.selectNow() == 0 && nanos > 0) {
                LockSupport.parkNanos(nanos);
            }
        }

        private void submit(byte[] request, long intended) throws IOException {
            inFlight++;
            Connection connection = idle.pollFirst();
            if (connection == null && connections.size() < maxConnections) {
                connection = open();
            }
            if (connection == null) {
                waiting.addLast(new Pending(request, intended));
            } else {
                connection.send(request, intended);
            }
        }

        private Connection open() {
            try {
                SocketChannel channel = SocketChannel.open(server);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.configureBlocking(false);
                Connection connection = new Connection(channel);
                connection.key = channel.register(selector, SelectionKey.OP_READ, connection);
                connections.add(connection);
                return connection;
            } catch (IOException e) {
                return null;
            }
        }

        private void handleReady() throws IOException {
            for (SelectionKey key : selector.selectedKeys()) {
                Connection connection = (Connection) key.attachment();
                if (key.isValid() && key.isWritable()) {
                    connection.write();
                }
                if (key.isValid() && key.isReadable()) {
                    connection.read();
                }
            }
            selector.selectedKeys().clear();
            // Requests that found no connection: a failed open leaves them waiting for an answer to free one.
            while (!waiting.isEmpty() && (!idle.isEmpty() || connections.size() < maxConnections)) {
                Connection connection = idle.isEmpty() ? open() : idle.pollFirst();
                Pending next = waiting.pollFirst();
                if (connection == null) {
                    fail();
                } else {
                    connection.send(next.request(), next.intended());
                }
            }
        }

        private void answered(Connection connection, int status) {
            long now = System.nanoTime();
            latencies.recordValue(Math.max(0, now - connection.intended));
            if (timeline != null) {
                interval.recordValue(Math.max(0, now - connection.intended));
            }
            statuses.merge(status, 1L, Long::sum);
            lastAnswer = Math.max(lastAnswer, now);
            lastProgress = now;
            inFlight--;
        }

        private void fail() {
            failures++;
            inFlight--;
            lastAnswer = Math.max(lastAnswer, System.nanoTime());
            lastProgress = lastAnswer;
        }

        /** A connection is done with its request: reuse it, or replace it when the server closes it. */
        private void release(Connection connection, boolean reusable) throws IOException {
            if (reusable) {
                Pending next = waiting.pollFirst();
                if (next != null) {
                    connection.send(next.request(), next.intended());
                } else {
                    idle.addLast(connection);
                }
            } else {
                connection.close();
            }
        }

        @Override
        public void close() throws IOException {
            for (Connection connection : connections) {
                connection.channel.close();
            }
            selector.close();
        }

        /** One keep-alive connection: at most one request at a time (no pipelining). */
        private final class Connection {

            private final SocketChannel channel;
            private final ByteBuffer in = ByteBuffer.allocate(16 * 1024);
            private final ResponseParser parser = new ResponseParser();
            private SelectionKey key;
            private ByteBuffer out;
            private long intended;
            private boolean busy;

            Connection(SocketChannel channel) {
                this.channel = channel;
            }

            void send(byte[] request, long intended) throws IOException {
                this.intended = intended;
                this.busy = true;
                this.out = ByteBuffer.wrap(request);
                parser.reset();
                write();
            }

            void write() throws IOException {
                try {
                    channel.write(out);
                } catch (IOException e) {
                    broken();
                    return;
                }
                key.interestOps(out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE
                        : SelectionKey.OP_READ);
            }

            void read() throws IOException {
                int read;
                try {
                    read = channel.read(in);
                } catch (IOException e) {
                    read = -1;
                }
                if (read < 0) {
                    if (busy && parser.endOfStream()) {
                        busy = false;
                        answered(this, parser.status());
                        close();
                    } else {
                        broken();
                    }
                    return;
                }
                in.flip();
                try {
                    while (busy && in.hasRemaining()) {
                        if (parser.feed(in)) {
                            busy = false;
                            answered(this, parser.status());
                            release(this, parser.keepAlive() && !in.hasRemaining());
                        }
                    }
                    if (!busy && in.hasRemaining()) {
                        broken(); // bytes nobody asked for
                    }
                } catch (ResponseParser.MalformedResponseException e) {
                    broken();
                }
                in.compact();
            }

            /** The connection failed: its request (if any) fails, and a new connection is opened when needed. */
            void broken() throws IOException {
                if (busy) {
                    busy = false;
                    fail();
                }
                close();
            }

            void close() throws IOException {
                if (!channel.isOpen()) {
                    return;
                }
                idle.remove(this);
                connections.remove(this);
                key.cancel();
                channel.close();
            }
        }
    }
}
