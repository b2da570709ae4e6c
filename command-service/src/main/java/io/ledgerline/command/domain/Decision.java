package io.ledgerline.command.domain;

import io.ledgerline.outcome.OutcomeCode;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link Decider} answers: the events to append, or a refusal with a code and a message that names the
 * state ("cannot debit account acc-7: it is FROZEN").
 *
 * <p>An acceptance always carries at least one event, so an accepted command always moves the aggregate's version:
 * an answer that changes nothing is a refusal, never an empty acceptance.
 */
public sealed interface Decision<E> {

    record Accepted<E>(List<E> events) implements Decision<E> {

        public Accepted {
            events = List.copyOf(events);
            if (events.isEmpty()) {
                throw new IllegalArgumentException("an accepted decision appends at least one event");
            }
        }
    }

    record Rejected<E>(OutcomeCode code, String message) implements Decision<E> {

        public Rejected {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
            if (code.accepted()) {
                throw new IllegalArgumentException("a rejection cannot have the code " + code);
            }
        }
    }

    @SafeVarargs
    static <E> Decision<E> accept(E... events) {
        return new Accepted<>(List.of(events));
    }

    static <E> Decision<E> reject(OutcomeCode code, String message) {
        return new Rejected<>(code, message);
    }

    /** A business rule refused the command. */
    static <E> Decision<E> rule(String message) {
        return new Rejected<>(OutcomeCode.REJECTED_RULE, message);
    }

    /** The aggregate the command addresses does not exist. */
    static <E> Decision<E> notFound(String message) {
        return new Rejected<>(OutcomeCode.NOT_FOUND, message);
    }
}
