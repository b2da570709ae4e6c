package io.ledgerline.cli.bench;

import io.ledgerline.topics.LedgerHeaders;
import io.ledgerline.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The Kafka side of a REST command's hops ({@code bench commands --hop-sample}), noted inside the command service's
 * JVM by an interceptor on every Kafka client of it ({@code ledgerline.kafka.client[interceptor.classes]}; the
 * service runs on the benchmark's class path). Which moment a callback is follows from the topic and the callback:
 * the gateway's producer sends a command ({@link RestHops#SENT}) and has it acknowledged ({@link RestHops#ACKED}),
 * the processor's consumer returns it from a poll ({@link RestHops#POLLED}), the processor's producer is handed the
 * outcome ({@link RestHops#PROCESSED}) and has it acknowledged, i.e. appended by the commit's flush
 * ({@link RestHops#FLUSHED}), and the reply listener's {@code read_committed} poll returns it
 * ({@link RestHops#RECEIVED}). Only command ids whose hash is a multiple of the sample are followed; every second a
 * daemon thread appends the followed commands that have all their moments (or are older than a minute) to the file,
 * one line each: the id and the moments' {@code System.nanoTime()}, 0 where one was not seen. The nano clock is the
 * machine's monotonic clock, so the benchmark's JVM can place the lines in its own measured phase.
 */
public final class RestHopProbe implements ProducerInterceptor<Object, Object>, ConsumerInterceptor<Object, Object> {

    /** System property: the file the lines are appended to. */
    static final String FILE = "ledgerline.bench.hops.file";
    /** System property: follow one command id in this many. */
    static final String SAMPLE = "ledgerline.bench.hops.sample";

    private static final long GIVE_UP_NANOS = 60_000_000_000L;
    private static final Map<String, AtomicLongArray> FOLLOWED = new ConcurrentHashMap<>();
    private static final int SAMPLE_EVERY = Integer.getInteger(SAMPLE, 0);
    private static volatile Thread writer;

    public RestHopProbe() {
        startWriter();
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // Nothing per client: the topic and the callback say which moment a record marks.
    }

    @Override
    public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
        note(record.topic(), record.headers(), RestHops.SENT, RestHops.PROCESSED);
        return record;
    }

    /** The variant with headers (the producer calls this one): only the headers name the command. */
    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception, Headers headers) {
        if (exception == null && metadata != null && headers != null) {
            note(metadata.topic(), headers, RestHops.ACKED, RestHops.FLUSHED);
        }
    }

    @Override
    public ConsumerRecords<Object, Object> onConsume(ConsumerRecords<Object, Object> records) {
        for (ConsumerRecord<Object, Object> record : records) {
            note(record.topic(), record.headers(), RestHops.POLLED, RestHops.RECEIVED);
        }
        return records;
    }

    @Override
    public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        // Offsets say nothing about one command.
    }

    @Override
    public void close() {
        // The writer is shared by every client of the JVM and is a daemon.
    }

    /** Notes {@code onCommands} for a record of {@code ledger.commands}, {@code onResults} for one of the results. */
    private static void note(String topic, Headers headers, int onCommands, int onResults) {
        int moment;
        if (Topics.COMMANDS.name().equals(topic)) {
            moment = onCommands;
        } else if (Topics.COMMAND_RESULTS.name().equals(topic)) {
            moment = onResults;
        } else {
            return;
        }
        Header id = headers.lastHeader(LedgerHeaders.COMMAND_ID);
        if (id == null || SAMPLE_EVERY < 1) {
            return;
        }
        String commandId = new String(id.value(), StandardCharsets.UTF_8);
        if (Math.floorMod(commandId.hashCode(), SAMPLE_EVERY) != 0) {
            return;
        }
        long now = System.nanoTime();
        FOLLOWED.computeIfAbsent(commandId, k -> new AtomicLongArray(RestHops.MOMENTS)).compareAndSet(moment, 0, now);
    }

    private static synchronized void startWriter() {
        String file = System.getProperty(FILE);
        if (writer != null || file == null || SAMPLE_EVERY < 1) {
            return;
        }
        Thread thread = new Thread(() -> write(Path.of(file)), "bench-rest-hops");
        thread.setDaemon(true);
        thread.start();
        writer = thread;
    }

    private static void write(Path file) {
        try {
            while (true) {
                Thread.sleep(1_000);
                long now = System.nanoTime();
                StringBuilder lines = new StringBuilder();
                for (Iterator<Map.Entry<String, AtomicLongArray>> it = FOLLOWED.entrySet().iterator(); it.hasNext(); ) {
                    Map.Entry<String, AtomicLongArray> e = it.next();
                    AtomicLongArray t = e.getValue();
                    boolean complete = true;
                    long first = Long.MAX_VALUE;
                    for (int i = 0; i < t.length(); i++) {
                        complete &= t.get(i) != 0;
                        if (t.get(i) != 0) {
                            first = Math.min(first, t.get(i));
                        }
                    }
                    if (complete || now - first > GIVE_UP_NANOS) {
                        lines.append(e.getKey());
                        for (int i = 0; i < t.length(); i++) {
                            lines.append(' ').append(t.get(i));
                        }
                        lines.append('\n');
                        it.remove();
                    }
                }
                if (!lines.isEmpty()) {
                    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND)) {
                        out.write(lines.toString());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
