package io.ledgerline.saga;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the saga of one transfer stands. Every state carries the {@link Progress} (the facts learned so far); only
 * {@link Running} has a step outstanding and a deadline. The status names what an operator or a metric sees.
 */
public sealed interface SagaState {

    enum Status { NOT_STARTED, DEBITING, CREDITING, COMPENSATING, COMPLETING, FAILING, COMPLETED, FAILED, STUCK }

    /** Why a saga stopped without settling; each needs an operator, none is resolved by a guess. */
    enum StuckCause {
        /** The outstanding step got no answer by its final deadline or within its attempts. */
        NO_ANSWER,
        /**
         * A credit landed on a transfer that is failing or failed. Undoing it needs a ReverseTransferCredit the
         * contract lacks, and giving the debit back instead would create money, so the saga does neither.
         */
        CREDIT_CANNOT_BE_REVERSED,
        /**
         * The transfer was recorded FAILED (not by this saga) while a credit it sent was unanswered. Reversing the
         * debit now would create money if that credit still lands; the saga waits for the credit's answer.
         */
        CREDIT_MAY_STILL_LAND
    }

    Status status();

    Progress progress();

    /** The transfer's terms; empty until TransferRequested is seen. */
    Optional<TransferTerms> terms();

    static SagaState notStarted() {
        return new NotStarted(Progress.none());
    }

    /** No TransferRequested seen yet. Account answers that overtook it are already kept in the progress. */
    record NotStarted(Progress progress) implements SagaState {

        public NotStarted {
            Objects.requireNonNull(progress, "progress");
        }

        @Override
        public Status status() {
            return Status.NOT_STARTED;
        }

        @Override
        public Optional<TransferTerms> terms() {
            return Optional.empty();
        }
    }

    /** One step is outstanding: sent, unanswered, and re-sent when its deadline passes. */
    record Running(TransferTerms transfer, Progress progress, Outstanding outstanding) implements SagaState {

        public Running {
            Objects.requireNonNull(transfer, "transfer");
            Objects.requireNonNull(progress, "progress");
            Objects.requireNonNull(outstanding, "outstanding");
        }

        @Override
        public Status status() {
            return outstanding.step().status();
        }

        @Override
        public Optional<TransferTerms> terms() {
            return Optional.of(transfer);
        }
    }

    /** TransferCompleted is recorded. Terminal: nothing the saga reads afterwards changes it. */
    record Completed(TransferTerms transfer, Progress progress) implements SagaState {

        public Completed {
            Objects.requireNonNull(transfer, "transfer");
            Objects.requireNonNull(progress, "progress");
            if (!progress.completed()) {
                throw new IllegalArgumentException("transfer " + transfer.transferId() + " has no recorded completion");
            }
        }

        @Override
        public Status status() {
            return Status.COMPLETED;
        }

        @Override
        public Optional<TransferTerms> terms() {
            return Optional.of(transfer);
        }
    }

    /**
     * TransferFailed is recorded and every effect is undone. Not final: a debit that lands afterwards is reversed
     * (the saga goes back to COMPENSATING and returns here).
     */
    record Failed(TransferTerms transfer, Progress progress) implements SagaState {

        public Failed {
            Objects.requireNonNull(transfer, "transfer");
            Objects.requireNonNull(progress, "progress");
            if (!progress.failed()) {
                throw new IllegalArgumentException("transfer " + transfer.transferId() + " has no recorded failure");
            }
        }

        @Override
        public Status status() {
            return Status.FAILED;
        }

        @Override
        public Optional<TransferTerms> terms() {
            return Optional.of(transfer);
        }

        /** Whether the recorded failure says a debit was taken and given back. */
        public boolean compensated() {
            return progress.failure().compensated();
        }
    }

    /**
     * Stopped, surfaced to operators, sending nothing. An answer that arrives later resumes the saga from its facts.
     *
     * @param step     the step the saga was waiting on: the unanswered one (NO_ANSWER) or CREDIT
     * @param attempts how often {@code step} was sent before the saga stopped; 0 when a fact, not silence, stopped it
     * @param since    when the saga stopped
     */
    record Stuck(TransferTerms transfer, Progress progress, StuckCause cause, Step step, int attempts, Instant since)
            implements SagaState {

        public Stuck {
            Objects.requireNonNull(transfer, "transfer");
            Objects.requireNonNull(progress, "progress");
            Objects.requireNonNull(cause, "cause");
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(since, "since");
        }

        @Override
        public Status status() {
            return Status.STUCK;
        }

        @Override
        public Optional<TransferTerms> terms() {
            return Optional.of(transfer);
        }
    }
}
