package io.ledgerline.saga;

import io.ledgerline.account.AccountEvent;
import io.ledgerline.account.AccountEvent.TransferCreditDeclined;
import io.ledgerline.account.AccountEvent.TransferCredited;
import io.ledgerline.account.AccountEvent.TransferDebitDeclined;
import io.ledgerline.account.AccountEvent.TransferDebitReversed;
import io.ledgerline.account.AccountEvent.TransferDebited;
import java.util.Objects;
import java.util.Optional;

/**
 * An account's answer to one saga step, read from {@code ledger.events}: the one place account events become the
 * saga's typed outcomes.
 */
public record StepAnswer(String transferId, Step step, StepOutcome outcome) {

    public StepAnswer {
        Objects.requireNonNull(transferId, "transferId");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** The answer {@code event} carries, or empty for an account event that answers no saga step. */
    public static Optional<StepAnswer> of(AccountEvent event) {
        // Java 17 has no switch over sealed types; StepAnswerTest checks every account event.
        if (event instanceof TransferDebited e) {
            return done(e.transferId(), Step.DEBIT);
        }
        if (event instanceof TransferDebitDeclined e) {
            return Optional.of(new StepAnswer(e.transferId(), Step.DEBIT,
                    new StepOutcome.Declined(e.reason(), e.message())));
        }
        if (event instanceof TransferCredited e) {
            return done(e.transferId(), Step.CREDIT);
        }
        if (event instanceof TransferCreditDeclined e) {
            return Optional.of(new StepAnswer(e.transferId(), Step.CREDIT,
                    new StepOutcome.Declined(e.reason(), e.message())));
        }
        if (event instanceof TransferDebitReversed e) {
            return done(e.transferId(), Step.REVERSE);
        }
        return Optional.empty();
    }

    private static Optional<StepAnswer> done(String transferId, Step step) {
        return Optional.of(new StepAnswer(transferId, step, new StepOutcome.Done()));
    }
}
