package io.ledgerline.command.status;

import io.ledgerline.command.gateway.CommandGateway;
import io.ledgerline.command.gateway.CommandStatus;
import io.ledgerline.command.processing.ProcessedOutcomes;
import io.ledgerline.command.processing.ProcessedOutcomes.Lookup;
import java.util.Objects;
import java.util.Optional;

/**
 * The status of any command id, whichever instance or producer sent it. In order: what this instance sent (PENDING
 * until its outcome arrives, then the outcome), what this instance's command processor recorded, what the other
 * instances' processors recorded (asked in parallel). Outcomes are remembered for the processor's dedupe retention
 * (default 7 days, longer than {@code ledger.command-results}' one day).
 *
 * <p>Consistency: an outcome found in a processor's store may precede its transaction's commit by up to one commit
 * interval (see {@link ProcessedOutcomes}); a command another instance sent and no processor has handled yet is
 * unknown here, not PENDING. A lookup that could not search every partition fails with
 * {@link StatusUnavailableException} rather than claim the command is unknown.
 */
public final class CommandStatusLookup {

    private final CommandGateway gateway;
    private final Optional<ProcessedOutcomes> processed;
    private final Optional<PeerOutcomes> peers;

    /**
     * @param processed this instance's processor; empty where none runs (then only what this instance sent is known)
     * @param peers     how to ask the other instances; empty to ask none
     */
    public CommandStatusLookup(CommandGateway gateway, Optional<ProcessedOutcomes> processed,
            Optional<PeerOutcomes> peers) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.processed = Objects.requireNonNull(processed, "processed");
        this.peers = Objects.requireNonNull(peers, "peers");
    }

    /**
     * @return empty when no instance knows the command
     * @throws StatusUnavailableException some partitions could not be searched and the others do not have it
     */
    public Optional<CommandStatus> status(String commandId) {
        Optional<CommandStatus> sentHere = gateway.status(commandId);
        if (sentHere.isPresent() || processed.isEmpty()) {
            return sentHere;
        }
        Lookup local = processed.get().find(commandId);
        if (local instanceof Lookup.Found found) {
            return Optional.of(new CommandStatus(commandId, Optional.of(found.outcome())));
        }
        Lookup remote = peers.isEmpty() ? new Lookup.Absent()
                : peers.get().find(processed.get().otherInstances(), commandId);
        if (remote instanceof Lookup.Found found) {
            return Optional.of(new CommandStatus(commandId, Optional.of(found.outcome())));
        }
        if ((local instanceof Lookup.Unavailable ? local : remote) instanceof Lookup.Unavailable unavailable) {
            throw new StatusUnavailableException(commandId, unavailable.reason());
        }
        return Optional.empty();
    }
}
