package io.ledgerline.transfer;

import io.ledgerline.account.DeclineReason;
import java.util.Objects;

/**
 * Where one transfer stands. The transfer aggregate records the saga's milestones; the saga's own progress (which
 * step is outstanding, deadlines, retries) lives in the saga's store.
 */
public sealed interface TransferState {

    enum Status { NOT_REQUESTED, REQUESTED, COMPLETED, FAILED }

    Status status();

    static TransferState notRequested() {
        return new NotRequested();
    }

    record NotRequested() implements TransferState {

        @Override
        public Status status() {
            return Status.NOT_REQUESTED;
        }
    }

    /** Requested and not yet settled: the only state a transfer can complete or fail from. */
    record Requested(String fromAccountId, String toAccountId, long amount, String currency)
            implements TransferState {

        public Requested {
            Objects.requireNonNull(fromAccountId, "fromAccountId");
            Objects.requireNonNull(toAccountId, "toAccountId");
            Objects.requireNonNull(currency, "currency");
        }

        @Override
        public Status status() {
            return Status.REQUESTED;
        }
    }

    record Completed() implements TransferState {

        @Override
        public Status status() {
            return Status.COMPLETED;
        }
    }

    /** Failed for good; {@code compensated} says a debit had been taken and was given back. */
    record Failed(DeclineReason reason, boolean compensated) implements TransferState {

        public Failed {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public Status status() {
            return Status.FAILED;
        }
    }
}
