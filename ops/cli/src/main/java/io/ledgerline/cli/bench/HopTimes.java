package io.ledgerline.cli.bench;

import io.ledgerline.topics.LedgerHeaders;
import io.ledgerline.topics.Topics;
import io.ledgerline.transfer.TransferStepIds;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Where a transfer's time goes, hop by hop ({@code bench transfers --hop-sample}). A transfer is a chain of eight
 * records, each written by the one before it: RequestTransfer (the benchmark's producer), then alternately the
 * command processor's and the saga's transactions — TransferRequested, DebitForTransfer, the debit's answer,
 * CreditForTransfer, the credit's answer, CompleteTransfer, TransferCompleted — all carrying {@code <transferId>:
 * <step>} in their {@code command-id} header. Two group-less consumers read {@code ledger.commands}, {@code
 * ledger.events} and {@code ledger.transfer-answers} from their end: one {@code read_uncommitted}, which sees a
 * record when its batch is appended, one {@code read_committed}, which sees it when its transaction's marker is, as
 * the next application does. For every sampled transfer each record's two moments are noted, and each hop splits
 * into <em>pickup</em> (the input visible to {@code read_committed} → the output appended: the next application's
 * fetch, poll loop, processing and producer linger) and <em>commit</em> (the output appended → visible: the rest of
 * the commit interval, the commit's requests, the markers). Only transfers whose id ends in a multiple of the
 * sample are followed; all eight records of each must be seen to count.
 */
final class HopTimes implements AutoCloseable {

    /** The chain's records in order: the step in the command id, and the topic it is read from. */
    private record Link(String name, String topic, String step) {
    }

    private static final List<Link> CHAIN = List.of(
            new Link("RequestTransfer (bench producer)", Topics.COMMANDS.name(), "request"),
            new Link("TransferRequested (processor)", Topics.EVENTS.name(), "request"),
            new Link("DebitForTransfer (saga)", Topics.COMMANDS.name(), TransferStepIds.DEBIT),
            new Link("debit answer (processor)", Topics.TRANSFER_ANSWERS.name(), TransferStepIds.DEBIT),
            new Link("CreditForTransfer (saga)", Topics.COMMANDS.name(), TransferStepIds.CREDIT),
            new Link("credit answer (processor)", Topics.TRANSFER_ANSWERS.name(), TransferStepIds.CREDIT),
            new Link("CompleteTransfer (saga)", Topics.COMMANDS.name(), TransferStepIds.COMPLETE),
            new Link("TransferCompleted (processor)", Topics.EVENTS.name(), TransferStepIds.COMPLETE));
    private static final int APPENDED = 0;
    private static final int COMMITTED = 1;

    private final String prefix;
    private final int sample;
    /** Per followed transfer: System.nanoTime of each link's appended and committed sighting (0: not yet). */
    private final Map<String, AtomicLongArray> seen = new ConcurrentHashMap<>();
    private final List<Reader> readers = new ArrayList<>();

    /** Follows transfers {@code <prefix><n>} with {@code n % sample == 0}. */
    HopTimes(String bootstrapServers, String prefix, int sample) {
        this.prefix = prefix;
        this.sample = sample;
        readers.add(new Reader(bootstrapServers, "read_uncommitted", APPENDED));
        readers.add(new Reader(bootstrapServers, "read_committed", COMMITTED));
        readers.forEach(Reader::start);
    }

    /** Whether transfer {@code transferId} is followed; if so, its moments are noted from now on. */
    boolean follow(String transferId) {
        if (!transferId.startsWith(prefix)) {
            return false;
        }
        long n = Long.parseLong(transferId.substring(prefix.length()));
        if (n % sample != 0) {
            return false;
        }
        seen.put(transferId, new AtomicLongArray(CHAIN.size() * 2));
        return true;
    }

    /**
     * Per hop (the link it produces): pickup, commit and both together as p50/p90/p99 in ms; then, for the slowest
     * 1 % of the followed transfers (first record committed → last), each hop's mean share of their time.
     */
    Map<String, Object> report() {
        List<long[]> complete = new ArrayList<>();
        for (AtomicLongArray times : seen.values()) {
            long[] t = new long[times.length()];
            boolean all = true;
            for (int i = 0; i < t.length; i++) {
                t[i] = times.get(i);
                all &= t[i] != 0;
            }
            if (all) {
                complete.add(t);
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("followed", seen.size());
        m.put("complete", complete.size());
        Map<String, Object> hops = new LinkedHashMap<>();
        for (int hop = 1; hop < CHAIN.size(); hop++) {
            Histogram pickup = new Histogram(3);
            Histogram commit = new Histogram(3);
            Histogram total = new Histogram(3);
            for (long[] t : complete) {
                pickup.recordValue(Math.max(0, at(t, hop, APPENDED) - at(t, hop - 1, COMMITTED)));
                commit.recordValue(Math.max(0, at(t, hop, COMMITTED) - at(t, hop, APPENDED)));
                total.recordValue(Math.max(0, at(t, hop, COMMITTED) - at(t, hop - 1, COMMITTED)));
            }
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("pickup", percentiles(pickup));
            h.put("commit", percentiles(commit));
            h.put("hop", percentiles(total));
            hops.put(hop + " " + CHAIN.get(hop).name(), h);
        }
        m.put("hopsMillis", hops);
        Histogram chain = new Histogram(3);
        complete.forEach(t -> chain.recordValue(Math.max(0, at(t, CHAIN.size() - 1, COMMITTED) - at(t, 0, COMMITTED))));
        m.put("chainMillis", percentiles(chain));
        m.put("slowestPercentMeanHopMillis", slowestShares(complete));
        return m;
    }

    private static Map<String, Object> slowestShares(List<long[]> complete) {
        int last = CHAIN.size() - 1;
        List<long[]> slowest = complete.stream()
                .sorted(Comparator.comparingLong((long[] t) -> at(t, last, COMMITTED) - at(t, 0, COMMITTED))
                        .reversed())
                .limit(Math.max(1, complete.size() / 100)).toList();
        Map<String, Object> m = new LinkedHashMap<>();
        if (complete.isEmpty()) {
            return m;
        }
        for (int hop = 1; hop < CHAIN.size(); hop++) {
            double pickup = 0;
            double commit = 0;
            for (long[] t : slowest) {
                pickup += at(t, hop, APPENDED) - at(t, hop - 1, COMMITTED);
                commit += at(t, hop, COMMITTED) - at(t, hop, APPENDED);
            }
            m.put(hop + " " + CHAIN.get(hop).name(), String.format(java.util.Locale.ROOT,
                    "pickup %.1f, commit %.1f", pickup / slowest.size() / 1e6, commit / slowest.size() / 1e6));
        }
        return m;
    }

    private static long at(long[] times, int link, int moment) {
        return times[link * 2 + moment];
    }

    private static Map<String, Double> percentiles(Histogram h) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("p50", ms(h.getValueAtPercentile(50)));
        m.put("p90", ms(h.getValueAtPercentile(90)));
        m.put("p99", ms(h.getValueAtPercentile(99)));
        return m;
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }

    private void note(ConsumerRecord<byte[], byte[]> record, int moment, long now) {
        Header header = record.headers().lastHeader(LedgerHeaders.COMMAND_ID);
        if (header == null) {
            return;
        }
        String commandId = new String(header.value(), StandardCharsets.UTF_8);
        int colon = commandId.lastIndexOf(':');
        if (colon < 0) {
            return;
        }
        AtomicLongArray times = seen.get(commandId.substring(0, colon));
        if (times == null) {
            return;
        }
        String step = commandId.substring(colon + 1);
        for (int link = 0; link < CHAIN.size(); link++) {
            Link l = CHAIN.get(link);
            if (l.topic().equals(record.topic()) && l.step().equals(step)) {
                times.compareAndSet(link * 2 + moment, 0, now);
                if (link == 0) {
                    // Written outside a transaction: visible to read_committed as soon as it is appended.
                    times.compareAndSet(COMMITTED, 0, now);
                }
            }
        }
    }

    /** One consumer on its own thread, noting the moment {@code moment} of every record it reads. */
    private final class Reader {

        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Thread thread;
        private final int moment;

        Reader(String bootstrapServers, String isolation, int moment) {
            this.moment = moment;
            this.consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.COMMANDS.name(), Topics.EVENTS.name(),
                    Topics.TRANSFER_ANSWERS.name())) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30))
                        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(p -> consumer.position(p, Duration.ofSeconds(30)));
            this.thread = new Thread(this::read, "bench-hops-" + isolation);
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void read() {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    var records = consumer.poll(Duration.ofMillis(100));
                    long now = System.nanoTime();
                    for (ConsumerRecord<byte[], byte[]> record : records) {
                        note(record, moment, now);
                    }
                }
            } catch (WakeupException e) {
                // closing
            }
        }

        void close() throws InterruptedException {
            consumer.wakeup();
            thread.join(Duration.ofSeconds(10).toMillis());
            consumer.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Reader reader : readers) {
            reader.close();
        }
    }
}
