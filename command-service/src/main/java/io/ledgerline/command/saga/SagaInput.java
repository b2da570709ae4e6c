package io.ledgerline.command.saga;

import io.ledgerline.message.EventEnvelope;

/**
 * What the selectors hand to {@link SagaProcessor}, in memory (no repartition between them, ADR 0035): an event of
 * the transfer the record is keyed by, decoded once, or an operator's instruction for it.
 */
sealed interface SagaInput {

    record Event(EventEnvelope envelope) implements SagaInput {
    }

    record Instruction(SagaInstruction instruction) implements SagaInput {
    }
}
