package io.ledgerline.command.saga;

import io.ledgerline.streams.PoisonRecordException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Reads an operator's instruction from {@code ledger.saga-control} (keyed by transfer id and co-partitioned with the
 * saga's other inputs, ADR 0035, so it is read by the task that owns its transfer). A record without a transfer id
 * or with an unknown instruction is dead-lettered as it came.
 */
final class InstructionSelector implements Processor<byte[], byte[], String, SagaInput> {

    private ProcessorContext<String, SagaInput> context;

    @Override
    public void init(ProcessorContext<String, SagaInput> context) {
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
        context.forward(new Record<>(new String(record.key(), StandardCharsets.UTF_8),
                new SagaInput.Instruction(instruction), record.timestamp(), record.headers()));
    }
}
