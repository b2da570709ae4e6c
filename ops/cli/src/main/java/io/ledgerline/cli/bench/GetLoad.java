package io.ledgerline.cli.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The load process of {@code bench queries}: GET account views over keep-alive HTTP/1.1 connections, closed loop,
 * one thread per connection, latencies in an HdrHistogram. Raw sockets rather than an HTTP client library, so the
 * client costs as little CPU as possible on the machine it shares with the server; a connection the server closes
 * (Tomcat closes keep-alive connections after 100 requests by default) is replaced. Prints one result line.
 *
 * <p>Arguments: {@code host port accountPrefix accounts warmupSeconds seconds connections}.
 */
public final class GetLoad {

    private GetLoad() {
    }

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String prefix = args[2];
        int accounts = Integer.parseInt(args[3]);
        long warmupNanos = Long.parseLong(args[4]) * 1_000_000_000L;
        long nanos = Long.parseLong(args[5]) * 1_000_000_000L;
        int connections = Integer.parseInt(args[6]);
        Recorder recorder = new Recorder(3);
        LongAdder errors = new LongAdder();
        long start = System.nanoTime();
        long measureFrom = start + warmupNanos;
        long end = measureFrom + nanos;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int seed = c;
            Thread thread = new Thread(() -> run(host, port, prefix, accounts, seed, measureFrom, end, recorder,
                    errors), "get-load-" + c);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        Histogram histogram = recorder.getIntervalHistogram();
        double seconds = nanos / 1e9;
        System.out.printf(Locale.ROOT, "RESULT requests=%d rate=%.0f p50=%.2f p99=%.2f p999=%.2f max=%.2f errors=%d%n",
                histogram.getTotalCount(), histogram.getTotalCount() / seconds,
                histogram.getValueAtPercentile(50) / 1e6, histogram.getValueAtPercentile(99) / 1e6,
                histogram.getValueAtPercentile(99.9) / 1e6, histogram.getMaxValue() / 1e6, errors.sum());
    }

    /** One connection's loop; the server may close a keep-alive connection at any time: open another one. */
    private static void run(String host, int port, String prefix, int accounts, int seed, long measureFrom,
            long end, Recorder recorder, LongAdder errors) {
        long n = seed;
        while (System.nanoTime() < end) {
            try (Socket socket = new Socket(host, port)) {
                socket.setTcpNoDelay(true);
                OutputStream out = socket.getOutputStream();
                InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
                boolean open = true;
                while (open) {
                    long sent = System.nanoTime();
                    if (sent >= end) {
                        return;
                    }
                    String account = prefix + Math.floorMod(n * 7919, accounts);
                    n++;
                    out.write(("GET /api/accounts/" + account + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    int[] answer = readResponse(in);
                    long answered = System.nanoTime();
                    open = answer[1] == 0;
                    if (answer[0] != 200) {
                        errors.increment();
                    } else if (sent >= measureFrom) {
                        recorder.recordValue(answered - sent);
                    }
                }
            } catch (IOException e) {
                errors.increment();
            }
        }
    }

    /**
     * Reads one response (status line, headers, a Content-Length or chunked body); returns its status and 1 when the
     * server closes the connection after it ({@code Connection: close}), else 0.
     */
    private static int[] readResponse(InputStream in) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        int close = 0;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = 1;
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(line(in).trim(), 16); size > 0; size = Long.parseLong(line(in).trim(), 16)) {
                skip(in, size);
                line(in);
            }
            line(in);
        } else if (length > 0) {
            skip(in, length);
        }
        return new int[] {status, close};
    }

    private static void skip(InputStream in, long bytes) throws IOException {
        for (long left = bytes; left > 0; ) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new IOException("connection closed in a body");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }
}
