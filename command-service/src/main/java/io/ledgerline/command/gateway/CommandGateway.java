package io.ledgerline.command.gateway;

import io.ledgerline.message.CommandEnvelope;
import java.time.Duration;
import java.util.Optional;

/**
 * Sends commands to the command processor and hands their outcomes back to the caller that sent them.
 *
 * <p>Consistency a caller gets: an outcome returned by {@link #send} is the processor's recorded outcome for that
 * command id (for an accepted command, the aggregate's new version, so a read model can be asked for it). A caller
 * waits at most the {@code wait} it passes; after that it gets {@link Reply.Pending} and may ask {@link #status}.
 */
public interface CommandGateway {

    /**
     * Produces {@code envelope} (unless this instance already knows the answer for its command id) and waits up to
     * {@code wait} for its outcome.
     *
     * @param actor who sends it, recorded in the {@code actor} header
     * @throws IdempotencyKeyReusedException the command id was used before for a different command
     * @throws CommandNotSentException       the command could not be written to Kafka; sending it again is safe
     * @throws GatewayBusyException          too many commands of this instance are waiting for outcomes
     */
    Reply send(CommandEnvelope envelope, String actor, Duration wait);

    /** What this instance knows about a command: its outcome, or that it is pending; empty when it knows nothing. */
    Optional<CommandStatus> status(String commandId);
}
