package io.ledgerline.cli.dlq;

import io.ledgerline.cli.kafka.Cluster;
import io.ledgerline.cli.kafka.RecordJson;
import io.ledgerline.cli.kafka.TopicReader;
import io.ledgerline.topics.LedgerHeaders;
import io.ledgerline.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Sends dead letters back to their source topics at most once each (ADR 0014). One transactional producer per
 * dead-letter topic (a fixed transactional id) writes the redriven records and their entries in
 * {@link Topics#DLQ_REDRIVES} in one transaction. Its {@code initTransactions} comes before the log is read: it
 * fences any redrive still running and waits out its transaction, so the log read next holds everything that was
 * redriven, and a redrive that is fenced afterwards has its transaction aborted, records and entries alike.
 */
final class Redrive implements AutoCloseable {

    /** What happened to one selected dead letter. */
    enum Outcome { REDRIVEN, ALREADY_REDRIVEN, NO_SOURCE_TOPIC }

    private final Cluster cluster;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Set<String> redriven = new HashSet<>();

    private Redrive(Cluster cluster, KafkaProducer<byte[], byte[]> producer) {
        this.cluster = cluster;
        this.producer = producer;
    }

    /** Fences earlier redrives of this dead-letter topic, then reads what they sent back. */
    static Redrive start(Cluster cluster, String dlqTopic) {
        cluster.createIfMissing(Topics.DLQ_REDRIVES.name(), Topics.DLQ_REDRIVES.defaultPartitions(),
                Topics.DLQ_REDRIVES.config());
        KafkaProducer<byte[], byte[]> producer = cluster.producer(Optional.of("ledgerline-dlq-redrive-" + dlqTopic));
        Redrive redrive = new Redrive(cluster, producer);
        try {
            producer.initTransactions();
            redrive.redriven.addAll(alreadyRedriven(cluster));
        } catch (RuntimeException e) {
            redrive.close();
            throw e;
        }
        return redrive;
    }

    /** The ids of every dead letter any redrive has sent back. */
    static Set<String> alreadyRedriven(Cluster cluster) {
        Set<String> ids = new HashSet<>();
        if (cluster.exists(Topics.DLQ_REDRIVES.name())) {
            TopicReader.readAll(cluster, Topics.DLQ_REDRIVES.name(), record -> ids.add(RecordJson.utf8(record.key())));
        }
        return ids;
    }

    boolean wasRedriven(DeadLetter letter) {
        return redriven.contains(letter.id());
    }

    /** Sends the letters not yet redriven, in one transaction; the outcome of each, in order. */
    List<Outcome> send(List<DeadLetter> letters) {
        producer.beginTransaction();
        List<Outcome> outcomes = letters.stream().map(this::send).toList();
        producer.commitTransaction();
        return outcomes;
    }

    private Outcome send(DeadLetter letter) {
        if (wasRedriven(letter)) {
            return Outcome.ALREADY_REDRIVEN;
        }
        Optional<String> source = letter.sourceTopic();
        if (source.isEmpty()) {
            return Outcome.NO_SOURCE_TOPIC;
        }
        int partitions = cluster.partitions(source.get());
        // The partition it was read from, so it lands beside the records of the same key, as first produced.
        Integer partition = letter.sourcePartition().filter(p -> p >= 0 && p < partitions).orElse(null);
        producer.send(new ProducerRecord<>(source.get(), partition, letter.record().key(), letter.record().value(),
                headers(letter)));
        producer.send(new ProducerRecord<>(Topics.DLQ_REDRIVES.name(), utf8(letter.id()), utf8(source.get())));
        redriven.add(letter.id());
        return Outcome.REDRIVEN;
    }

    /** The original headers without the {@code dlq-*} ones, and where the record was redriven from. */
    private static RecordHeaders headers(DeadLetter letter) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : letter.record().headers()) {
            if (!header.key().startsWith("dlq-") && !header.key().equals(LedgerHeaders.REDRIVEN_FROM)) {
                headers.add(header);
            }
        }
        headers.add(LedgerHeaders.REDRIVEN_FROM, utf8(letter.id()));
        return headers;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close(cluster.timeout());
    }
}
