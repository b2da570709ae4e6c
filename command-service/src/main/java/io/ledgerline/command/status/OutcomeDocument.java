package io.ledgerline.command.status;

import io.ledgerline.outcome.CommandOutcome;
import io.ledgerline.outcome.OutcomeCode;
import java.time.Instant;

/**
 * A recorded outcome as one instance hands it to another ({@code GET /internal/command-outcomes/{id}}): every field
 * of {@link CommandOutcome}, the code by name and the time as ISO-8601.
 */
public record OutcomeDocument(String commandId, String commandType, String aggregateId, String code, String message,
        Long version, int eventCount, String processedAt) {

    public static OutcomeDocument of(CommandOutcome outcome) {
        return new OutcomeDocument(outcome.commandId(), outcome.commandType(), outcome.aggregateId(),
                outcome.code().name(), outcome.message(), outcome.version(), outcome.eventCount(),
                outcome.processedAt().toString());
    }

    /** @throws IllegalArgumentException a field this release cannot read (e.g. a code added by a newer one) */
    CommandOutcome toOutcome() {
        return new CommandOutcome(commandId, commandType, aggregateId, OutcomeCode.valueOf(code), message, version,
                eventCount, Instant.parse(processedAt));
    }
}
