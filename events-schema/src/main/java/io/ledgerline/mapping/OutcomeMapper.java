package io.ledgerline.mapping;

import io.ledgerline.avro.result.CommandResult;
import io.ledgerline.outcome.CommandOutcome;
import java.time.temporal.ChronoUnit;

/** Maps command outcomes between {@code ledger.command-results} records and the domain record. */
public final class OutcomeMapper {

    private OutcomeMapper() {
    }

    public static CommandOutcome fromAvro(CommandResult r) {
        return new CommandOutcome(r.getCommandId(), r.getCommandType(), r.getAggregateId(),
                Enums.fromAvro(r.getCode()), r.getMessage(), r.getVersion(), r.getEventCount(), r.getProcessedAt());
    }

    public static CommandResult toAvro(CommandOutcome o) {
        return new CommandResult(o.commandId(), o.commandType(), o.aggregateId(), Enums.toAvro(o.code()),
                o.message(), o.version(), o.eventCount(), o.processedAt().truncatedTo(ChronoUnit.MILLIS));
    }
}
