package io.ledgerline.command.saga;

import io.ledgerline.account.AccountEvent;
import io.ledgerline.message.EventEnvelope;
import io.ledgerline.message.LedgerEvent;
import io.ledgerline.saga.TransferSaga;
import io.ledgerline.streams.PoisonRecordException;
import io.ledgerline.streams.RecordDecoder;
import io.ledgerline.topics.Topics;
import io.ledgerline.transfer.TransferEvent;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Decodes the records of one input topic and keeps the events the saga reads from it: the transfers' own events
 * from {@code ledger.events}, the accounts' answers from {@code ledger.transfer-answers} (ADR 0035). Both are keyed
 * by transfer id, so the task reading them owns that transfer's saga; a kept event whose key is not its transfer id
 * would make this task a second writer of another task's saga, and is dead-lettered instead. An event that cannot be
 * decoded throws {@link PoisonRecordException}, which the processing exception handler turns into a dead letter of
 * the original record; the partition goes on.
 */
final class TransferSelector implements Processor<byte[], byte[], String, SagaInput> {

    private final String topic;
    private final Predicate<LedgerEvent> reads;
    private final RecordDecoder<EventEnvelope> decoder;
    private ProcessorContext<String, SagaInput> context;

    private TransferSelector(String topic, Predicate<LedgerEvent> reads, RecordDecoder<EventEnvelope> decoder) {
        this.topic = topic;
        this.reads = reads;
        this.decoder = decoder;
    }

    /** For {@code ledger.events}: the transfer events (the accounts' events there are keyed by account). */
    static TransferSelector transferEvents(RecordDecoder<EventEnvelope> decoder) {
        return new TransferSelector(Topics.EVENTS.name(), event -> event instanceof TransferEvent, decoder);
    }

    /** For {@code ledger.transfer-answers}: the accounts' answers to saga steps. */
    static TransferSelector answers(RecordDecoder<EventEnvelope> decoder) {
        return new TransferSelector(Topics.TRANSFER_ANSWERS.name(), event -> event instanceof AccountEvent, decoder);
    }

    @Override
    public void init(ProcessorContext<String, SagaInput> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        EventEnvelope envelope = decoder.decode(topic, record.value());
        if (!reads.test(envelope.event())) {
            return;
        }
        Optional<String> transferId = TransferSaga.transferIdOf(envelope.event());
        if (transferId.isEmpty()) {
            return;
        }
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (!transferId.get().equals(key)) {
            throw new PoisonRecordException(envelope.event().getClass().getSimpleName() + " of transfer "
                    + transferId.get() + " on " + topic + " is keyed " + (key == null ? "by nothing" : "'" + key + "'")
                    + ": the saga reads it only on the partition of its transfer id");
        }
        context.forward(new Record<>(transferId.get(), new SagaInput.Event(envelope), record.timestamp(),
                record.headers()));
    }
}
