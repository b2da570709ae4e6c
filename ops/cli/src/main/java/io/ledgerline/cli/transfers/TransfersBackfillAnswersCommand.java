package io.ledgerline.cli.transfers;

import io.ledgerline.account.AccountEvent;
import io.ledgerline.cli.kafka.Cluster;
import io.ledgerline.cli.kafka.ClusterOptions;
import io.ledgerline.cli.kafka.Output;
import io.ledgerline.cli.kafka.TopicReader;
import io.ledgerline.mapping.EventMapper;
import io.ledgerline.message.LedgerEvent;
import io.ledgerline.saga.StepAnswer;
import io.ledgerline.topics.Topics;
import io.ledgerline.transfer.TransferEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ledgerline transfers backfill-answers}: closes ADR 0035's upgrade gap. A log written before ADR 0035 has the
 * accounts' answers to saga steps only in {@code ledger.events}; the saga now reads them from
 * {@code ledger.transfer-answers}, so a step in flight at the upgrade would end STUCK {@code NO_ANSWER}. This copies,
 * for every transfer with no TransferCompleted or TransferFailed in {@code ledger.events}, each answer that
 * {@code ledger.transfer-answers} lacks, exactly as the processor writes it: keyed by transfer id, the event's bytes,
 * headers and timestamp.
 *
 * <p>Idempotent: an answer is identified by its transfer, step and outcome, and one already in
 * {@code ledger.transfer-answers} is not written again, so a second run writes nothing. Were one written twice (two
 * runs at once), the saga would change nothing: it adds an answer to facts it already holds as a no-op
 * ({@code Progress.with}) and sends a step once. Reads are read_committed; records it cannot decode (another
 * registry's, or not an event) are counted and skipped. The answers of unsettled transfers are held in memory.
 */
@Command(
        name = "backfill-answers",
        mixinStandardHelpOptions = true,
        description = "Copy the step answers of unsettled transfers from ledger.events to ledger.transfer-answers "
                + "where they are missing (a log written before ADR 0035); idempotent.")
public final class TransfersBackfillAnswersCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--dry-run", description = "List what would be copied; write nothing.")
    boolean dryRun;

    /** An answer found in {@code ledger.events}, with what the copy needs. */
    private record Found(StepAnswer answer, String type, ConsumerRecord<byte[], byte[]> record) {
    }

    @Override
    public Integer call() {
        Output out = new Output(spec.commandLine().getOut(), cluster.json());
        String events = Topics.EVENTS.name();
        String answers = Topics.TRANSFER_ANSWERS.name();
        try (Cluster connected = Cluster.connect(cluster);
                Deserializer<SpecificRecord> decoder = Topics.EVENTS.valueSerde(connected.registry(), false)
                        .deserializer()) {
            if (!connected.exists(answers)) {
                throw new IllegalArgumentException("topic " + answers + " does not exist: start a command service "
                        + "of this release once (it creates it), then run this before its saga acts");
            }
            int eventPartitions = connected.partitions(events);
            int answerPartitions = connected.partitions(answers);
            if (eventPartitions != answerPartitions) {
                throw new IllegalArgumentException(events + " has " + eventPartitions + " partitions and " + answers
                        + " " + answerPartitions + ": the saga needs them co-partitioned (ADR 0035)");
            }
            int[] undecodable = {0};
            Set<String> settled = new HashSet<>();
            List<Found> found = new ArrayList<>();
            TopicReader.readAll(connected, events, record -> {
                Optional<LedgerEvent> event = decode(decoder, events, record, undecodable);
                if (event.isPresent() && event.get() instanceof TransferEvent transfer
                        && (transfer instanceof TransferEvent.TransferCompleted
                                || transfer instanceof TransferEvent.TransferFailed)) {
                    settled.add(transfer.transferId());
                } else if (event.isPresent() && event.get() instanceof AccountEvent account) {
                    StepAnswer.of(account).ifPresent(answer ->
                            found.add(new Found(answer, account.getClass().getSimpleName(), record)));
                }
                return true;
            });
            Set<StepAnswer> present = new HashSet<>();
            TopicReader.readAll(connected, answers, record -> {
                decode(decoder, answers, record, undecodable)
                        .filter(AccountEvent.class::isInstance)
                        .flatMap(event -> StepAnswer.of((AccountEvent) event))
                        .ifPresent(present::add);
                return true;
            });
            List<Found> missing = found.stream()
                    .filter(f -> !settled.contains(f.answer().transferId()) && present.add(f.answer()))
                    .toList();
            if (!dryRun) {
                copy(connected, answers, missing);
            }
            for (Found f : missing) {
                StepAnswer answer = f.answer();
                out.print(Output.object().put("transferId", answer.transferId()).put("step", answer.step().name())
                                .put("event", f.type()).put("copied", !dryRun),
                        answer.transferId() + ": " + answer.step() + " answer (" + f.type() + ") "
                                + (dryRun ? "would be copied" : "copied"));
            }
            long transfers = missing.stream().map(f -> f.answer().transferId()).distinct().count();
            out.print(Output.object().put("answers", missing.size()).put("transfers", transfers)
                            .put("settledSkipped", settled.size()).put("undecodable", undecodable[0])
                            .put("dryRun", dryRun),
                    (dryRun ? "dry run: would copy " : "copied ") + missing.size() + " answer(s) of " + transfers
                            + " unsettled transfer(s); " + settled.size() + " settled transfer(s) skipped; "
                            + undecodable[0] + " undecodable record(s) skipped");
        }
        return 0;
    }

    private static Optional<LedgerEvent> decode(Deserializer<SpecificRecord> decoder, String topic,
            ConsumerRecord<byte[], byte[]> record, int[] undecodable) {
        try {
            return record.value() == null ? Optional.empty()
                    : Optional.of(EventMapper.fromAvro(decoder.deserialize(topic, record.value())).event());
        } catch (RuntimeException e) {
            undecodable[0]++;
            return Optional.empty();
        }
    }

    /** Writes each answer as the processor does: keyed by transfer id, the event's bytes, headers and time. */
    private static void copy(Cluster connected, String topic, List<Found> missing) {
        try (KafkaProducer<byte[], byte[]> producer = connected.producer(Optional.empty())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (Found f : missing) {
                byte[] key = Topics.TRANSFER_ANSWERS.keySerde().serializer().serialize(topic,
                        f.answer().transferId());
                sent.add(producer.send(new ProducerRecord<>(topic, null, f.record().timestamp(), key,
                        f.record().value(), new RecordHeaders(f.record().headers().toArray()))));
            }
            for (Future<RecordMetadata> each : sent) {
                each.get(connected.timeout().toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("writing to " + topic + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("writing to " + topic + ": interrupted", e);
        }
    }
}
