package io.ledgerline.command.gateway;

import io.ledgerline.message.LedgerCommand;
import io.ledgerline.outcome.CommandOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The commands this instance sent that wait for an outcome, and the outcomes it saw recently. Both are bounded:
 * at most {@code maxPending} pending commands, each forgotten after {@code pendingRetention}; the last
 * {@code recentCapacity} outcomes, oldest evicted first.
 *
 * <p>It also keeps an idempotency key from meaning two things on this instance: a command id pending or answered
 * here with a different command is refused at once, and one answered here with the same command is answered from
 * memory without producing it again. The processor's dedupe store is the authority; this only saves round trips.
 * Commands are compared by payload, not by {@code expectedVersion}, as the processor's fingerprint does.
 */
final class CommandTracker {

    private final int maxPending;
    private final Duration pendingRetention;
    private final int recentCapacity;
    private final Clock clock;

    // Insertion order is send order, so expiry only ever looks at the head. Guarded by this.
    private final LinkedHashMap<String, Pending> pending = new LinkedHashMap<>();
    private final LinkedHashMap<String, Seen> recent;

    CommandTracker(int maxPending, Duration pendingRetention, int recentCapacity, Clock clock) {
        if (maxPending < 1 || recentCapacity < 1) {
            throw new IllegalArgumentException("maxPending and recentCapacity must be positive");
        }
        this.maxPending = maxPending;
        this.pendingRetention = Objects.requireNonNull(pendingRetention, "pendingRetention");
        this.recentCapacity = recentCapacity;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.recent = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
                return size() > CommandTracker.this.recentCapacity;
            }
        };
    }

    /** How a {@link #register} went. */
    sealed interface Registration {

        /** This instance already has the outcome of the same command. */
        record Answered(CommandOutcome outcome) implements Registration {
        }

        /** The same command is already on its way; wait for its outcome, do not produce it again. */
        record Joined(CompletableFuture<CommandOutcome> outcome) implements Registration {
        }

        /** New here: produce it, then wait. */
        record Registered(CompletableFuture<CommandOutcome> outcome) implements Registration {
        }
    }

    /**
     * Starts tracking {@code command} under {@code commandId}.
     *
     * @throws IdempotencyKeyReusedException the id is pending or answered here for a different command
     * @throws GatewayBusyException          {@code maxPending} commands are pending
     */
    synchronized Registration register(String commandId, LedgerCommand command) {
        expirePending();
        Seen seen = recent.get(commandId);
        if (seen != null && seen.command() != null) {
            if (!seen.command().equals(command)) {
                throw new IdempotencyKeyReusedException(commandId);
            }
            return new Registration.Answered(seen.outcome());
        }
        Pending waiting = pending.get(commandId);
        if (waiting != null) {
            if (!waiting.command().equals(command)) {
                throw new IdempotencyKeyReusedException(commandId);
            }
            return new Registration.Joined(waiting.outcome());
        }
        if (pending.size() >= maxPending) {
            throw new GatewayBusyException(maxPending);
        }
        Pending added = new Pending(command, clock.instant(), new CompletableFuture<>());
        pending.put(commandId, added);
        return new Registration.Registered(added.outcome());
    }

    /**
     * Records an outcome read from {@code ledger.command-results} and completes whoever waits for it.
     *
     * @param reusedForAnotherCommand the processor marked it {@code duplicate=different}: the outcome belongs to
     *                                the command first sent with this id, and the waiting request is refused
     */
    void complete(CommandOutcome outcome, boolean reusedForAnotherCommand) {
        String commandId = outcome.commandId();
        Pending waiting;
        synchronized (this) {
            waiting = pending.remove(commandId);
            Seen known = recent.get(commandId);
            if (reusedForAnotherCommand) {
                if (known == null) {
                    recent.put(commandId, new Seen(outcome, null));
                }
            } else {
                LedgerCommand command = waiting != null ? waiting.command() : known != null ? known.command() : null;
                recent.put(commandId, new Seen(outcome, command));
            }
        }
        // Completed outside the lock: the waiting request threads resume on their own.
        if (waiting != null) {
            if (reusedForAnotherCommand) {
                waiting.outcome().completeExceptionally(new IdempotencyKeyReusedException(commandId));
            } else {
                waiting.outcome().complete(outcome);
            }
        }
    }

    /** The command never reached Kafka: forget it, and fail whoever waits. */
    void notSent(String commandId, Throwable cause) {
        Pending waiting;
        synchronized (this) {
            waiting = pending.remove(commandId);
        }
        if (waiting != null) {
            waiting.outcome().completeExceptionally(new CommandNotSentException(commandId, cause));
        }
    }

    synchronized Optional<CommandStatus> status(String commandId) {
        expirePending();
        Seen seen = recent.get(commandId);
        if (seen != null) {
            return Optional.of(CommandStatus.of(seen.outcome()));
        }
        return pending.containsKey(commandId) ? Optional.of(CommandStatus.pending(commandId)) : Optional.empty();
    }

    synchronized int pendingCount() {
        return pending.size();
    }

    private void expirePending() {
        Instant oldestKept = clock.instant().minus(pendingRetention);
        Iterator<Pending> oldestFirst = pending.values().iterator();
        while (oldestFirst.hasNext()) {
            Pending next = oldestFirst.next();
            if (!next.sentAt().isBefore(oldestKept)) {
                return;
            }
            oldestFirst.remove();
        }
    }

    private record Pending(LedgerCommand command, Instant sentAt, CompletableFuture<CommandOutcome> outcome) {
    }

    /** An outcome, with the command this instance sent under its id, or null for someone else's command. */
    private record Seen(CommandOutcome outcome, LedgerCommand command) {
    }
}
