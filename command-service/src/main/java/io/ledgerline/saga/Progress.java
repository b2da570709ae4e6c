package io.ledgerline.saga;

import io.ledgerline.account.DeclineReason;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the saga has learned about one transfer, as facts that are only ever added: which steps it has sent, which
 * effects the accounts recorded, which steps they declined, and how the transfer was settled. Facts are kept
 * separately from the saga's status, so events that arrive twice or out of order fold to the same progress, and the
 * next step is a function of the facts alone ({@link TransferSaga}).
 *
 * @param sent      steps sent at least once
 * @param effects   steps whose effect an account recorded (DEBIT, CREDIT, REVERSE)
 * @param declines  steps an account declined, with the first decline's reason
 * @param completed TransferCompleted is recorded
 * @param failure   TransferFailed as recorded, or null while none is
 */
public record Progress(
        Set<Step> sent, Set<Step> effects, Map<Step, StepOutcome.Declined> declines, boolean completed,
        Failure failure) {

    /** TransferFailed as recorded (by this saga or by anyone else allowed to send FailTransfer). */
    public record Failure(DeclineReason reason, String message, boolean compensated) {

        public Failure {
            Objects.requireNonNull(reason, "reason");
        }
    }

    public Progress {
        sent = Set.copyOf(sent);
        effects = Set.copyOf(effects);
        declines = Map.copyOf(declines);
    }

    public static Progress none() {
        return new Progress(Set.of(), Set.of(), Map.of(), false, null);
    }

    /** Whether an account recorded {@code step}'s effect. */
    public boolean took(Step step) {
        return effects.contains(step);
    }

    /** Whether an account answered {@code step} at all, with its effect or a decline. */
    public boolean answered(Step step) {
        return effects.contains(step) || declines.containsKey(step);
    }

    public boolean failed() {
        return failure != null;
    }

    /** The decline a FailTransfer reports: the debit's, else the credit's. */
    public Optional<StepOutcome.Declined> declineThatFails() {
        StepOutcome.Declined debit = declines.get(Step.DEBIT);
        return Optional.ofNullable(debit != null ? debit : declines.get(Step.CREDIT));
    }

    Progress withSent(Step step) {
        if (sent.contains(step)) {
            return this;
        }
        Set<Step> more = EnumSet.of(step);
        more.addAll(sent);
        return new Progress(more, effects, declines, completed, failure);
    }

    /**
     * Adds an account's answer. A step answered twice breaks the processor's dedupe and cannot happen; if it does,
     * the effect wins: money that moved must be accounted for whatever else was said, so an effect is kept after a
     * decline and a decline after an effect is ignored. Of two declines the first is kept.
     */
    Progress with(StepAnswer answer) {
        if (answer.outcome() instanceof StepOutcome.Declined declined) {
            if (declines.containsKey(answer.step()) || effects.contains(answer.step())) {
                return this;
            }
            Map<Step, StepOutcome.Declined> more = new EnumMap<>(Step.class);
            more.putAll(declines);
            more.put(answer.step(), declined);
            return new Progress(sent, effects, more, completed, failure);
        }
        if (effects.contains(answer.step())) {
            return this;
        }
        Set<Step> more = EnumSet.of(answer.step());
        more.addAll(effects);
        return new Progress(sent, more, declines, completed, failure);
    }

    /** The transfer aggregate settles once, so the first settlement seen is the only one there is. */
    Progress withCompleted() {
        return completed || failed() ? this : new Progress(sent, effects, declines, true, null);
    }

    Progress withFailure(Failure recorded) {
        return completed || failed() ? this : new Progress(sent, effects, declines, false, recorded);
    }
}
