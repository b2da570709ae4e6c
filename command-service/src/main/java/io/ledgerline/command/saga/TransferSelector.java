package io.ledgerline.command.saga;

import io.ledgerline.saga.TransferSaga;
import io.ledgerline.topics.Topics;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Keeps the events the saga reads and re-keys them by transfer id ({@link TransferSaga#transferIdOf}), bytes and
 * headers unchanged, for the repartition that puts every event of one transfer on one task. An event that cannot be
 * decoded throws {@link io.ledgerline.streams.PoisonRecordException}, which the processing exception handler turns
 * into a dead letter of the original record; the partition goes on.
 */
final class TransferSelector implements Processor<byte[], byte[], String, byte[]> {

    private final EventDecoder decoder;
    private ProcessorContext<String, byte[]> context;

    TransferSelector(EventDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        Optional<String> transferId = TransferSaga.transferIdOf(
                decoder.decode(Topics.EVENTS.name(), record.value()).event());
        // Only InstructionSelector marks instructions; an event that carries the mark is still an event.
        transferId.ifPresent(id -> {
            Record<String, byte[]> event = record.withKey(id);
            event.headers().remove(SagaInstruction.HEADER);
            context.forward(event);
        });
    }
}
