package io.ledgerline.command.domain;

import java.util.Optional;

/**
 * An aggregate as two pure functions: {@link #decide} answers a command from the current state with events or a
 * refusal, {@link #evolve} folds one recorded event into the state. Neither may perform I/O, read a clock or draw a
 * random number, and {@code decide} never changes the state it is given. {@link #requiredCommandId} binds a command
 * to the one id it may be applied under, where dedupe by that id is what keeps it from acting twice.
 *
 * @param <C> the aggregate's command family
 * @param <E> the aggregate's event family
 * @param <S> the aggregate's state
 */
public interface Decider<C, E, S> {

    /** The state of an aggregate that has no events yet. */
    S initialState();

    /**
     * The only command id {@code command} may be applied under, if it is bound to one: under any other id
     * {@link CommandHandler} refuses it as REJECTED_VALIDATION before {@link #decide} sees it. Empty (the default):
     * any id. Pure, like the rest: it looks at the command alone.
     */
    default Optional<String> requiredCommandId(C command) {
        return Optional.empty();
    }

    /** The events {@code command} causes in {@code state}, or why it is refused. */
    Decision<E> decide(C command, S state);

    /**
     * The state after {@code event}. Only events that {@code decide} could have produced in {@code state} are valid
     * input; anything else means a corrupt log and is an {@link IllegalStateException}.
     */
    S evolve(S state, E event);
}
