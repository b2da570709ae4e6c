package io.ledgerline.saga;

import io.ledgerline.account.AccountEvent;
import io.ledgerline.message.CommandEnvelope;
import io.ledgerline.message.CommandMetadata;
import io.ledgerline.message.LedgerEvent;
import io.ledgerline.saga.SagaState.Completed;
import io.ledgerline.saga.SagaState.Failed;
import io.ledgerline.saga.SagaState.NotStarted;
import io.ledgerline.saga.SagaState.Running;
import io.ledgerline.saga.SagaState.Stuck;
import io.ledgerline.saga.SagaState.StuckCause;
import io.ledgerline.transfer.TransferEvent;
import io.ledgerline.transfer.TransferEvent.TransferCompleted;
import io.ledgerline.transfer.TransferEvent.TransferFailed;
import io.ledgerline.transfer.TransferEvent.TransferRequested;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The transfer saga as a pure decider (DESIGN.md §4, ADR 0008): debit the source, credit the target, complete; a
 * declined debit fails the transfer, a declined credit reverses the debit and then fails it as compensated.
 *
 * <p>Each event only adds facts to the {@link Progress}; the next step is then a function of the facts alone
 * ({@link #next}), so a duplicate changes nothing and events that overtake each other end in the same place. A
 * step is sent once when it becomes the next step and re-sent, with the same command id and metadata, each time its
 * deadline passes ({@link #tick}), until the attempts or the step's final deadline run out: then the saga is STUCK
 * and sends nothing until an answer arrives. Time comes in as {@code now}; the saga has no clock of its own.
 */
public final class TransferSaga {

    private final SagaConfig config;

    public TransferSaga(SagaConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public SagaState initialState() {
        return SagaState.notStarted();
    }

    /**
     * The transfer an event from {@code ledger.events} belongs to, for the saga to key it by; empty for every event
     * the saga does not read.
     */
    public static Optional<String> transferIdOf(LedgerEvent event) {
        if (event instanceof TransferEvent e) {
            return Optional.of(e.transferId());
        }
        if (event instanceof AccountEvent e) {
            return StepAnswer.of(e).map(StepAnswer::transferId);
        }
        return Optional.empty();
    }

    /**
     * Reacts to one event of this transfer at {@code now}. Events the saga does not read leave it unchanged; an
     * event of another transfer is a routing bug and throws {@link IllegalArgumentException}.
     */
    public SagaResult react(SagaState state, LedgerEvent event, Instant now) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(now, "now");
        Optional<String> transferId = transferIdOf(Objects.requireNonNull(event, "event"));
        if (transferId.isEmpty()) {
            return SagaResult.noCommands(state);
        }
        Optional<TransferTerms> terms = state.terms();
        if (terms.isPresent() && !terms.get().transferId().equals(transferId.get())) {
            throw new IllegalArgumentException("the saga of transfer " + terms.get().transferId() + " ("
                    + state.status() + ") got " + event.getClass().getSimpleName() + " of transfer "
                    + transferId.get());
        }
        if (state instanceof Completed) {
            return SagaResult.noCommands(state);
        }
        if (event instanceof TransferRequested requested) {
            return state instanceof NotStarted
                    ? advance(state, TransferTerms.of(requested), state.progress(), now)
                    : SagaResult.noCommands(state);
        }
        Progress progress = learn(state.progress(), event);
        if (progress.equals(state.progress())) {
            return SagaResult.noCommands(state);
        }
        if (terms.isEmpty()) {
            return SagaResult.noCommands(new NotStarted(progress));
        }
        return advance(state, terms.get(), progress, now);
    }

    /**
     * Handles the passing of time: when the outstanding step's deadline has passed at {@code now}, re-sends it with
     * the same command id, or stops the saga as STUCK when its attempts or its final deadline are used up.
     */
    public SagaResult tick(SagaState state, Instant now) {
        Objects.requireNonNull(now, "now");
        if (!(state instanceof Running running) || now.isBefore(running.outstanding().deadline())) {
            return SagaResult.noCommands(Objects.requireNonNull(state, "state"));
        }
        Outstanding due = running.outstanding();
        Instant finalDeadline = due.firstSentAt().plus(config.stepDeadline());
        if (due.attempt() >= config.maxAttempts() || !now.isBefore(finalDeadline)) {
            return SagaResult.noCommands(new Stuck(running.transfer(), running.progress(), StuckCause.NO_ANSWER,
                    due.step(), due.attempt(), now));
        }
        int attempt = due.attempt() + 1;
        Outstanding again = new Outstanding(due.step(), attempt, due.firstSentAt(),
                deadline(running.transfer(), due.step(), attempt, now, finalDeadline));
        return send(new Running(running.transfer(), running.progress(), again));
    }

    /**
     * An operator's retry of a transfer STUCK because a step got no answer ({@code NO_ANSWER}): the step is sent again
     * with the same command id (the command processor's dedupe keeps it from applying twice) as attempt 1 of a new
     * round, with fresh deadlines. Any other state is returned unchanged: a running saga re-sends by itself, a settled
     * one has nothing to send, and a STUCK cause other than silence is a fact no re-send can change.
     */
    public SagaResult retry(SagaState state, Instant now) {
        Objects.requireNonNull(now, "now");
        if (!(state instanceof Stuck stuck) || stuck.cause() != StuckCause.NO_ANSWER) {
            return SagaResult.noCommands(Objects.requireNonNull(state, "state"));
        }
        Instant finalDeadline = now.plus(config.stepDeadline());
        Outstanding again = new Outstanding(stuck.step(), 1, now,
                deadline(stuck.transfer(), stuck.step(), 1, now, finalDeadline));
        return send(new Running(stuck.transfer(), stuck.progress(), again));
    }

    /** What to do next, from the facts alone. */
    static Next next(Progress p) {
        if (p.completed()) {
            return Next.SETTLED;
        }
        // Nothing can be decided before the debit's answer; an answer to a later step only means it is on its way.
        if (!p.failed() && !p.answered(Step.DEBIT)) {
            return new Next.Send(Step.DEBIT);
        }
        // Once a FailTransfer or a reversal is sent the transfer is bound to fail, whatever answer comes later.
        boolean failing = p.failed() || p.sent().contains(Step.FAIL) || p.sent().contains(Step.REVERSE)
                || p.declines().keySet().stream().anyMatch(step -> !p.took(step));
        if (!failing) {
            if (!p.took(Step.CREDIT)) {
                return new Next.Send(Step.CREDIT);
            }
            // A reversal this saga never sent, next to a credit, would have created money: surface it.
            return p.took(Step.REVERSE)
                    ? new Next.Stop(StuckCause.CREDIT_CANNOT_BE_REVERSED) : new Next.Send(Step.COMPLETE);
        }
        // The transfer ends FAILED, so every effect must be undone.
        if (p.took(Step.CREDIT)) {
            return new Next.Stop(StuckCause.CREDIT_CANNOT_BE_REVERSED);
        }
        if (p.took(Step.DEBIT) && !p.took(Step.REVERSE)) {
            return p.sent().contains(Step.CREDIT) && !p.answered(Step.CREDIT)
                    ? new Next.Stop(StuckCause.CREDIT_MAY_STILL_LAND) : new Next.Send(Step.REVERSE);
        }
        return p.failed() ? Next.SETTLED : new Next.Send(Step.FAIL);
    }

    private static Progress learn(Progress progress, LedgerEvent event) {
        if (event instanceof TransferCompleted) {
            return progress.withCompleted();
        }
        if (event instanceof TransferFailed e) {
            return progress.withFailure(new Progress.Failure(e.reason(), e.message(), e.compensated()));
        }
        return StepAnswer.of((AccountEvent) event).map(progress::with).orElse(progress);
    }

    /** Moves {@code before} to where the new {@code progress} leads, sending a step only when it becomes next. */
    private SagaResult advance(SagaState before, TransferTerms transfer, Progress progress, Instant now) {
        Next next = next(progress);
        if (next instanceof Next.Send send) {
            Step step = send.step();
            if (before instanceof Running running && running.outstanding().step() == step) {
                return SagaResult.noCommands(new Running(transfer, progress, running.outstanding()));
            }
            if (before instanceof Stuck stuck && stuck.cause() == StuckCause.NO_ANSWER && stuck.step() == step) {
                return SagaResult.noCommands(new Stuck(transfer, progress, stuck.cause(), step, stuck.attempts(),
                        stuck.since()));
            }
            Instant finalDeadline = now.plus(config.stepDeadline());
            Outstanding first = new Outstanding(step, 1, now, deadline(transfer, step, 1, now, finalDeadline));
            return send(new Running(transfer, progress.withSent(step), first));
        }
        if (next instanceof Next.Stop stop) {
            if (before instanceof Stuck stuck && stuck.cause() == stop.cause()) {
                return SagaResult.noCommands(new Stuck(transfer, progress, stuck.cause(), stuck.step(),
                        stuck.attempts(), stuck.since()));
            }
            int attempts = before instanceof Running running && running.outstanding().step() == Step.CREDIT
                    ? running.outstanding().attempt() : 0;
            return SagaResult.noCommands(new Stuck(transfer, progress, stop.cause(), Step.CREDIT, attempts, now));
        }
        return SagaResult.noCommands(progress.completed()
                ? new Completed(transfer, progress) : new Failed(transfer, progress));
    }

    private Instant deadline(TransferTerms transfer, Step step, int attempt, Instant sentAt, Instant finalDeadline) {
        Instant afterBackoff = sentAt.plus(config.backoff(transfer.transferId(), step, attempt));
        return afterBackoff.isBefore(finalDeadline) ? afterBackoff : finalDeadline;
    }

    /** The outstanding step's command, with the same id and metadata on every send. */
    private static SagaResult send(Running running) {
        TransferTerms transfer = running.transfer();
        Outstanding outstanding = running.outstanding();
        Step step = outstanding.step();
        CommandMetadata meta = new CommandMetadata(step.commandId(transfer.transferId()), null,
                outstanding.firstSentAt());
        return new SagaResult(running,
                List.of(new CommandEnvelope(meta, step.command(transfer, running.progress()))));
    }

    /** The saga's next move, decided from the facts. */
    sealed interface Next {

        Next SETTLED = new Settled();

        /** Make {@code step} the outstanding one. */
        record Send(Step step) implements Next {
        }

        /** Stop and surface: going on would mean guessing. */
        record Stop(StuckCause cause) implements Next {
        }

        /** The transfer is settled and every effect a failure left is undone. */
        record Settled() implements Next {
        }
    }
}
