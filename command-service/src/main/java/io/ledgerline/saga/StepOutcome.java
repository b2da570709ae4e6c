package io.ledgerline.saga;

import io.ledgerline.account.DeclineReason;
import java.util.Objects;

/** How an account answered a saga step: the effect happened, or it was declined for a reason. Never an exception. */
public sealed interface StepOutcome {

    record Done() implements StepOutcome {
    }

    record Declined(DeclineReason reason, String message) implements StepOutcome {

        public Declined {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
