package io.ledgerline.command.domain;

/**
 * An aggregate as two pure functions: {@link #decide} answers a command from the current state with events or a
 * refusal, {@link #evolve} folds one recorded event into the state. Neither may perform I/O, read a clock or draw a
 * random number, and {@code decide} never changes the state it is given.
 *
 * @param <C> the aggregate's command family
 * @param <E> the aggregate's event family
 * @param <S> the aggregate's state
 */
public interface Decider<C, E, S> {

    /** The state of an aggregate that has no events yet. */
    S initialState();

    /** The events {@code command} causes in {@code state}, or why it is refused. */
    Decision<E> decide(C command, S state);

    /**
     * The state after {@code event}. Only events that {@code decide} could have produced in {@code state} are valid
     * input; anything else means a corrupt log and is an {@link IllegalStateException}.
     */
    S evolve(S state, E event);
}
