package io.ledgerline.saga;

import java.time.Instant;
import java.util.Objects;

/**
 * The step the saga waits on.
 *
 * @param attempt     how many times it has been sent, 1 for the first send
 * @param firstSentAt when it was first sent: the {@code issuedAt} of every send, so a re-send is the same message,
 *                    and the start of the step's final deadline
 * @param deadline    when it is re-sent (or the saga gets STUCK) if still unanswered
 */
public record Outstanding(Step step, int attempt, Instant firstSentAt, Instant deadline) {

    public Outstanding {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(firstSentAt, "firstSentAt");
        Objects.requireNonNull(deadline, "deadline");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be 1 or more, was " + attempt);
        }
    }
}
