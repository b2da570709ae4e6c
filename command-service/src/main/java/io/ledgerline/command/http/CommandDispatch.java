package io.ledgerline.command.http;

import io.ledgerline.command.gateway.CommandGateway;
import io.ledgerline.command.gateway.Reply;
import io.ledgerline.message.CommandEnvelope;
import io.ledgerline.message.CommandMetadata;
import io.ledgerline.message.LedgerCommand;
import io.ledgerline.outcome.CommandOutcome;
import java.time.Clock;
import java.util.Map;

/**
 * Sends one command for a handler and turns the reply into the accepted outcome, or into the exception the
 * {@link ApiExceptionHandler} maps (refused, pending). The command is stamped here with its id, expected version
 * and issue time: the domain's only clock.
 */
final class CommandDispatch {

    private final CommandGateway gateway;
    private final Clock clock;

    CommandDispatch(CommandGateway gateway, Clock clock) {
        this.gateway = gateway;
        this.clock = clock;
    }

    /** @param ids what a 202 must tell the caller besides the command id (e.g. the generated account id) */
    CommandOutcome execute(LedgerCommand command, CommandHeaders headers, Caller caller, Map<String, String> ids) {
        CommandMetadata meta = new CommandMetadata(headers.commandId(), headers.expectedVersion(), clock.instant());
        Reply reply = gateway.send(new CommandEnvelope(meta, command), caller.name(), headers.waitLimit());
        if (reply instanceof Reply.Pending) {
            throw new CommandPendingException(headers.commandId(), ids);
        }
        CommandOutcome outcome = ((Reply.Completed) reply).outcome();
        if (!outcome.code().accepted()) {
            throw new CommandRefusedException(outcome);
        }
        return outcome;
    }
}
