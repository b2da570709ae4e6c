package io.ledgerline.outcome;

import java.time.Instant;
import java.util.Objects;

/**
 * The one recorded outcome of a command, keyed by command id on {@code ledger.command-results}.
 *
 * @param commandType the command's full Avro name
 * @param message     human-readable explanation; set for every refusal, may be null when accepted
 * @param version     the aggregate's version after the command (accepted) or its current version (refused);
 *                    null when the aggregate does not exist
 * @param eventCount  how many events the command appended: versions {@code version - eventCount + 1 .. version}
 */
public record CommandOutcome(
        String commandId, String commandType, String aggregateId, OutcomeCode code, String message, Long version,
        int eventCount, Instant processedAt) {

    public CommandOutcome {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(commandType, "commandType");
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(processedAt, "processedAt");
        if (eventCount < 0 || (eventCount > 0 && !code.accepted())) {
            throw new IllegalArgumentException("a " + code + " outcome cannot append " + eventCount + " events");
        }
    }
}
