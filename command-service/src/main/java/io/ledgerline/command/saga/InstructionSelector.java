package io.ledgerline.command.saga;

import io.ledgerline.streams.PoisonRecordException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Reads an operator's instruction from {@code ledger.saga-control} and marks it ({@link SagaInstruction#HEADER}) for
 * the repartition it shares with the events, so it reaches the task that owns its transfer, in order with that
 * transfer's events. A record without a transfer id or with an unknown instruction is dead-lettered as it came.
 */
final class InstructionSelector implements Processor<byte[], byte[], String, byte[]> {

    private ProcessorContext<String, byte[]> context;

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (record.key() == null || record.key().length == 0) {
            throw new PoisonRecordException("a saga instruction has no transfer id (no key)");
        }
        SagaInstruction instruction = SagaInstruction.of(record.value()).orElseThrow(() ->
                new PoisonRecordException("unknown saga instruction '" + (record.value() == null ? null
                        : new String(record.value(), StandardCharsets.UTF_8)) + "'"));
        Record<String, byte[]> marked = record.withKey(new String(record.key(), StandardCharsets.UTF_8));
        marked.headers().remove(SagaInstruction.HEADER).add(SagaInstruction.HEADER, instruction.bytes());
        context.forward(marked);
    }
}
