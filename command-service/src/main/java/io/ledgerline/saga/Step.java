package io.ledgerline.saga;

import io.ledgerline.account.AccountCommand.CreditForTransfer;
import io.ledgerline.account.AccountCommand.DebitForTransfer;
import io.ledgerline.account.AccountCommand.ReverseTransferDebit;
import io.ledgerline.message.LedgerCommand;
import io.ledgerline.transfer.TransferCommand.CompleteTransfer;
import io.ledgerline.transfer.TransferCommand.FailTransfer;
import io.ledgerline.transfer.TransferStepIds;
import java.util.Optional;

/**
 * The saga's steps, each with the command it sends and the step that undoes it. A step's command id is
 * {@code <transferId>:<suffix>} ({@link TransferStepIds}), the same on every re-send, so the command processor applies
 * it at most once; an account applies a debit, credit or reversal under that id only (ADR 0005).
 */
public enum Step {

    /** Takes the amount from the source account. Undone by {@link #REVERSE}. */
    DEBIT(TransferStepIds.DEBIT, SagaState.Status.DEBITING) {
        @Override
        LedgerCommand command(TransferTerms t, Progress progress) {
            return new DebitForTransfer(t.fromAccountId(), t.transferId(), t.amount(), t.currency());
        }

        @Override
        public Optional<Step> compensation() {
            return Optional.of(REVERSE);
        }
    },

    /**
     * Gives the amount to the target account. Nothing undoes it: the contract has no ReverseTransferCredit, so a
     * credit on a transfer that must fail stops the saga in STUCK for an operator (ADR 0008, "contract gaps").
     */
    CREDIT(TransferStepIds.CREDIT, SagaState.Status.CREDITING) {
        @Override
        LedgerCommand command(TransferTerms t, Progress progress) {
            return new CreditForTransfer(t.toAccountId(), t.transferId(), t.amount(), t.currency());
        }

        @Override
        public Optional<Step> compensation() {
            return Optional.empty();
        }
    },

    /** Gives a debit back to the source account; accounts always accept it (ADR 0005). It is itself the undo. */
    REVERSE(TransferStepIds.REVERSE, SagaState.Status.COMPENSATING) {
        @Override
        LedgerCommand command(TransferTerms t, Progress progress) {
            return new ReverseTransferDebit(t.fromAccountId(), t.transferId(), t.amount(), t.currency());
        }

        @Override
        public Optional<Step> compensation() {
            return Optional.empty();
        }
    },

    /** Records the transfer as COMPLETED once the credit landed; settles the transfer, nothing to undo. */
    COMPLETE(TransferStepIds.COMPLETE, SagaState.Status.COMPLETING) {
        @Override
        LedgerCommand command(TransferTerms t, Progress progress) {
            return new CompleteTransfer(t.transferId());
        }

        @Override
        public Optional<Step> compensation() {
            return Optional.empty();
        }
    },

    /**
     * Records the transfer as FAILED with the decline that failed it; {@code compensated} says a debit was taken and
     * given back. Settles the transfer, nothing to undo.
     */
    FAIL(TransferStepIds.FAIL, SagaState.Status.FAILING) {
        @Override
        LedgerCommand command(TransferTerms t, Progress progress) {
            StepOutcome.Declined cause = progress.declineThatFails()
                    .orElseThrow(() -> new IllegalStateException("transfer " + t.transferId()
                            + " cannot fail: no account declined a step"));
            return new FailTransfer(t.transferId(), cause.reason(), cause.message(),
                    progress.took(Step.REVERSE));
        }

        @Override
        public Optional<Step> compensation() {
            return Optional.empty();
        }
    };

    private final String suffix;
    private final SagaState.Status status;

    Step(String suffix, SagaState.Status status) {
        this.suffix = suffix;
        this.status = status;
    }

    /** The command this step sends for transfer {@code t}, given what the saga has learned so far. */
    abstract LedgerCommand command(TransferTerms t, Progress progress);

    /** The step that undoes this one's effect, if the contract has one. */
    public abstract Optional<Step> compensation();

    /** The deterministic command id: {@code t-1:debit}, {@code t-1:reverse}, ... */
    public String commandId(String transferId) {
        return TransferStepIds.of(transferId, suffix);
    }

    /** The saga's status while this step is outstanding. */
    public SagaState.Status status() {
        return status;
    }
}
