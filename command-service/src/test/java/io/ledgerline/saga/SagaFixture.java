package io.ledgerline.saga;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.message.CommandEnvelope;
import io.ledgerline.message.LedgerEvent;
import java.time.Instant;

/**
 * Given-events / when-event-or-tick / then-commands-and-state tests of {@link TransferSaga}. Given events are
 * applied at {@link #T0} (their commands are dropped: the test states what the saga sent before through its
 * state); the event under test arrives at {@link #T1} unless a time is given.
 */
final class SagaFixture {

    static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");
    static final Instant T1 = T0.plusMillis(500);

    private final TransferSaga saga;

    SagaFixture(SagaConfig config) {
        this.saga = new TransferSaga(config);
    }

    Given givenNothing() {
        return new Given(saga.initialState());
    }

    Given given(LedgerEvent... history) {
        return givenNothing().and(history);
    }

    final class Given {

        private final SagaState state;

        private Given(SagaState state) {
            this.state = state;
        }

        /** More history, at {@link #T0}. */
        Given and(LedgerEvent... events) {
            SagaState next = state;
            for (LedgerEvent event : events) {
                next = saga.react(next, event, T0).state();
            }
            return new Given(next);
        }

        /** More history: an event at {@code at}. */
        Given andAt(Instant at, LedgerEvent event) {
            return new Given(saga.react(state, event, at).state());
        }

        /** More history: a tick at {@code at}. */
        Given andTick(Instant at) {
            return new Given(saga.tick(state, at).state());
        }

        /** More history: an operator's retry at {@code at}. */
        Given andRetry(Instant at) {
            return new Given(saga.retry(state, at).state());
        }

        SagaState state() {
            return state;
        }

        Then when(LedgerEvent event) {
            return when(event, T1);
        }

        Then when(LedgerEvent event, Instant at) {
            return new Then(state, saga.react(state, event, at));
        }

        Then whenTick(Instant at) {
            return new Then(state, saga.tick(state, at));
        }

        Then whenRetry(Instant at) {
            return new Then(state, saga.retry(state, at));
        }
    }

    static final class Then {

        private final SagaState before;
        private final SagaResult result;

        private Then(SagaState before, SagaResult result) {
            this.before = before;
            this.result = result;
        }

        Then thenSends(CommandEnvelope... expected) {
            assertThat(result.commands()).containsExactly(expected);
            return this;
        }

        Then thenSendsNothing() {
            assertThat(result.commands()).isEmpty();
            return this;
        }

        Then thenStatus(SagaState.Status expected) {
            assertThat(result.state().status()).as("state %s", result.state()).isEqualTo(expected);
            return this;
        }

        Then thenState(SagaState expected) {
            assertThat(result.state()).isEqualTo(expected);
            return this;
        }

        /** Nothing sent and the state exactly as it was: the event or tick changed nothing. */
        Then thenNothingChanges() {
            thenSendsNothing();
            assertThat(result.state()).isEqualTo(before);
            return this;
        }

        Then thenDeadline(Instant expected) {
            assertThat(result.nextDeadline()).contains(expected);
            return this;
        }

        Then thenNoDeadline() {
            assertThat(result.nextDeadline()).isEmpty();
            return this;
        }

        SagaState state() {
            return result.state();
        }
    }
}
