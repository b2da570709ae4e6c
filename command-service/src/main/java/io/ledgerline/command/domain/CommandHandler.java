package io.ledgerline.command.domain;

import io.ledgerline.message.CommandEnvelope;
import io.ledgerline.message.CommandMetadata;
import io.ledgerline.message.EventEnvelope;
import io.ledgerline.message.EventMetadata;
import io.ledgerline.message.LedgerCommand;
import io.ledgerline.message.LedgerEvent;
import io.ledgerline.outcome.CommandOutcome;
import io.ledgerline.outcome.OutcomeCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Handles one command against one aggregate's versioned state: the single entry point of the command processor.
 *
 * <p>{@link #handle} is a pure function. The processor, per command: dedupes by command id, loads the aggregate's
 * {@link Versioned} state (or {@link #initial()}), calls {@code handle}, then in one transaction stores
 * {@link Handled#state()}, appends {@link Handled#events()} and publishes {@link Handled#outcome()}. In order:
 * <ol>
 *   <li>a negative {@code expectedVersion} is REJECTED_VALIDATION; one that differs from the current version is a
 *       VERSION_CONFLICT, before the decider sees the command;</li>
 *   <li>a command bound to one command id ({@link Decider#requiredCommandId}: a transfer step, ADR 0005) under
 *       another id is REJECTED_VALIDATION;</li>
 *   <li>the decider decides; a refusal leaves the state as it was and appends nothing;</li>
 *   <li>an acceptance stamps the i-th event (0-based) with {@code EventMetadata.of(meta, i, version + i + 1)} and
 *       folds it into the state, so versions start at 1 and never skip.</li>
 * </ol>
 * The outcome's {@code commandType} is the command's Avro full name, its {@code processedAt} the command's
 * {@code issuedAt} (the domain has no clock), and its {@code version} the new version when accepted, else the
 * current one, or null while the aggregate has no events.
 */
public final class CommandHandler<C extends LedgerCommand, E extends LedgerEvent, S> {

    private static final String AVRO_COMMAND_NAMESPACE = "io.ledgerline.avro.command.";

    private final Class<C> commandType;
    private final Class<E> eventType;
    private final Decider<C, E, S> decider;

    public CommandHandler(Class<C> commandType, Class<E> eventType, Decider<C, E, S> decider) {
        this.commandType = Objects.requireNonNull(commandType, "commandType");
        this.eventType = Objects.requireNonNull(eventType, "eventType");
        this.decider = Objects.requireNonNull(decider, "decider");
    }

    /** The state of an aggregate with no events: the decider's initial state at version 0. */
    public Versioned<S> initial() {
        return new Versioned<>(decider.initialState(), 0);
    }

    /** The only command id {@code command} may be applied under, if the decider binds it to one. */
    public Optional<String> requiredCommandId(C command) {
        return decider.requiredCommandId(command);
    }

    /** Whether this handler owns the command's family; the processor routes with it. */
    public boolean handles(LedgerCommand command) {
        return commandType.isInstance(command);
    }

    /**
     * Handles {@code envelope} against {@code current}. A command of another family is a routing bug and throws
     * {@link IllegalArgumentException}; every other answer is an outcome.
     */
    public Handled<S> handle(CommandEnvelope envelope, Versioned<S> current) {
        Objects.requireNonNull(current, "current");
        if (!handles(envelope.command())) {
            throw new IllegalArgumentException(envelope.command().getClass().getName() + " is not a "
                    + commandType.getSimpleName());
        }
        C command = commandType.cast(envelope.command());
        CommandMetadata meta = envelope.meta();
        Long expected = meta.expectedVersion();
        if (expected != null && expected < 0) {
            return refused(envelope, current, OutcomeCode.REJECTED_VALIDATION,
                    "expectedVersion must be 0 or more, was " + expected);
        }
        if (expected != null && expected != current.version()) {
            return refused(envelope, current, OutcomeCode.VERSION_CONFLICT, "expected " + command.aggregateId()
                    + " at version " + expected + " but it is at version " + current.version());
        }
        Optional<String> required = decider.requiredCommandId(command);
        if (required.isPresent() && !required.get().equals(meta.commandId())) {
            return refused(envelope, current, OutcomeCode.REJECTED_VALIDATION, "a "
                    + command.getClass().getSimpleName() + " must carry the command id " + required.get() + ", not "
                    + meta.commandId() + ": " + command.aggregateId()
                    + " applies it under that id only, so that it is applied once");
        }
        Decision<E> decision = decider.decide(command, current.state());
        if (decision instanceof Decision.Rejected<E> rejected) {
            return refused(envelope, current, rejected.code(), rejected.message());
        }
        List<E> decided = ((Decision.Accepted<E>) decision).events();
        List<EventEnvelope> appended = new ArrayList<>(decided.size());
        S state = current.state();
        long version = current.version();
        for (int i = 0; i < decided.size(); i++) {
            E event = decided.get(i);
            if (!command.aggregateId().equals(event.aggregateId())) {
                throw new IllegalStateException("a command to " + command.aggregateId()
                        + " decided an event for " + event.aggregateId());
            }
            version = Math.addExact(version, 1);
            appended.add(new EventEnvelope(EventMetadata.of(meta, i, version), event));
            state = decider.evolve(state, event);
        }
        CommandOutcome outcome = new CommandOutcome(meta.commandId(), avroName(command), command.aggregateId(),
                OutcomeCode.ACCEPTED, null, version, appended.size(), meta.issuedAt());
        return new Handled<>(new Versioned<>(state, version), appended, outcome);
    }

    /**
     * Folds one recorded event into {@code current}, as a rebuild from {@code ledger.events} does. The event must
     * belong to this aggregate family and carry the next version; anything else is a corrupt log.
     */
    public Versioned<S> replay(Versioned<S> current, EventEnvelope recorded) {
        if (!eventType.isInstance(recorded.event())) {
            throw new IllegalStateException(recorded.event().getClass().getName() + " is not a "
                    + eventType.getSimpleName());
        }
        long next = current.version() + 1;
        if (recorded.meta().version() != next) {
            throw new IllegalStateException("event " + recorded.meta().eventId() + " has version "
                    + recorded.meta().version() + " where version " + next + " was due");
        }
        return new Versioned<>(decider.evolve(current.state(), eventType.cast(recorded.event())), next);
    }

    private Handled<S> refused(CommandEnvelope envelope, Versioned<S> current, OutcomeCode code, String message) {
        LedgerCommand command = envelope.command();
        // A command refused for a missing id has no aggregate id; the outcome still needs one.
        String aggregateId = Objects.requireNonNullElse(command.aggregateId(), "");
        CommandOutcome outcome = new CommandOutcome(envelope.meta().commandId(), avroName(command), aggregateId, code,
                message, current.reportedVersion(), 0, envelope.meta().issuedAt());
        return new Handled<>(current, List.of(), outcome);
    }

    private static String avroName(LedgerCommand command) {
        return AVRO_COMMAND_NAMESPACE + command.getClass().getSimpleName();
    }
}
