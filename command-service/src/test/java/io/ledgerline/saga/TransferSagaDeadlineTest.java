package io.ledgerline.saga;

import static io.ledgerline.saga.SagaFixture.T0;
import static io.ledgerline.saga.SagaSamples.CONFIG;
import static io.ledgerline.saga.SagaSamples.TERMS;
import static io.ledgerline.saga.SagaSamples.complete;
import static io.ledgerline.saga.SagaSamples.completed;
import static io.ledgerline.saga.SagaSamples.credit;
import static io.ledgerline.saga.SagaSamples.creditDeclined;
import static io.ledgerline.saga.SagaSamples.credited;
import static io.ledgerline.saga.SagaSamples.debit;
import static io.ledgerline.saga.SagaSamples.debitDeclined;
import static io.ledgerline.saga.SagaSamples.debited;
import static io.ledgerline.saga.SagaSamples.failCompensated;
import static io.ledgerline.saga.SagaSamples.failUncompensated;
import static io.ledgerline.saga.SagaSamples.failedUncompensated;
import static io.ledgerline.saga.SagaSamples.requested;
import static io.ledgerline.saga.SagaSamples.reverse;
import static io.ledgerline.saga.SagaSamples.reversed;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.message.CommandEnvelope;
import io.ledgerline.message.LedgerEvent;
import io.ledgerline.saga.SagaState.Status;
import io.ledgerline.saga.SagaState.StuckCause;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Deadlines (CONFIG: first re-send after 1 s, doubling up to 8 s, 5 sends, 60 s per step, no jitter): re-sends with
 * the same command id, STUCK when the attempts or the step's time run out, and resuming on a late answer.
 */
class TransferSagaDeadlineTest {

    private final SagaFixture fixture = new SagaFixture(CONFIG);

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    /** A debit sent at T0 and re-sent at each deadline: 1 s, 3 s, 7 s, 15 s; its fifth send is due at 23 s. */
    private SagaFixture.Given debitSentFiveTimes() {
        return fixture.given(requested()).andTick(at(1)).andTick(at(3)).andTick(at(7)).andTick(at(15));
    }

    @Test
    void givenDebiting_whenTickBeforeDeadline_thenNothingChanges() {
        fixture.given(requested()).whenTick(T0.plusMillis(999)).thenNothingChanges();
    }

    @Test
    void givenDebiting_whenTickAtDeadline_thenResendTheSameDebitCommand() {
        SagaState first = fixture.given(requested()).state();
        fixture.given(requested())
                .whenTick(at(1))
                .thenSends(debit(T0))
                .thenState(new SagaState.Running(TERMS, first.progress(),
                        new Outstanding(Step.DEBIT, 2, T0, at(3))))
                .thenDeadline(at(3));
    }

    @Test
    void givenDebiting_whenTickLongAfterDeadline_thenTheNextBackoffCountsFromTheResend() {
        fixture.given(requested())
                .whenTick(at(5))
                .thenSends(debit(T0))
                .thenDeadline(at(7));
    }

    @Test
    void givenDebitUnanswered_whenDeadlinesKeepPassing_thenBackoffGrowsExponentiallyUpToTheMaximum() {
        TransferSaga saga = new TransferSaga(CONFIG);
        SagaResult result = saga.react(saga.initialState(), requested(), T0);
        List<Duration> gaps = new ArrayList<>();
        List<String> commandIds = new ArrayList<>();
        Instant sentAt = T0;
        while (result.nextDeadline().isPresent()) {
            Instant deadline = result.nextDeadline().get();
            gaps.add(Duration.between(sentAt, deadline));
            sentAt = deadline;
            result = saga.tick(result.state(), deadline);
            result.commands().forEach(c -> commandIds.add(c.meta().commandId()));
        }
        assertThat(gaps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8), Duration.ofSeconds(8));
        assertThat(commandIds).containsExactly("t-1:debit", "t-1:debit", "t-1:debit", "t-1:debit");
        assertThat(result.state().status()).isEqualTo(Status.STUCK);
    }

    @Test
    void givenLastAttemptUnanswered_whenTickAtDeadline_thenStuck() {
        SagaState last = debitSentFiveTimes().state();
        assertThat(((SagaState.Running) last).outstanding()).isEqualTo(new Outstanding(Step.DEBIT, 5, T0, at(23)));
        debitSentFiveTimes()
                .whenTick(at(23))
                .thenSendsNothing()
                .thenState(new SagaState.Stuck(TERMS, last.progress(), StuckCause.NO_ANSWER, Step.DEBIT, 5, at(23)))
                .thenNoDeadline();
    }

    @Test
    void givenRetrying_whenTickAtTheStepsFinalDeadline_thenStuckBeforeTheAttemptsRunOut() {
        SagaConfig tenSeconds = new SagaConfig(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(8), 5,
                Duration.ofSeconds(10), 0.0);
        SagaFixture.Given retrying = new SagaFixture(tenSeconds).given(requested())
                .andTick(at(1)).andTick(at(3)).andTick(at(7));
        // The fourth send would wait until 15 s; the step's final deadline cuts it to 10 s.
        assertThat(((SagaState.Running) retrying.state()).outstanding()).isEqualTo(
                new Outstanding(Step.DEBIT, 4, T0, at(10)));
        SagaState state = retrying.whenTick(at(10))
                .thenSendsNothing()
                .thenStatus(Status.STUCK)
                .state();
        assertThat(((SagaState.Stuck) state).attempts()).isEqualTo(4);
        assertThat(((SagaState.Stuck) state).cause()).isEqualTo(StuckCause.NO_ANSWER);
    }

    @Test
    void givenOneAttemptAllowed_whenDeadlinePasses_thenStuckWithoutAResend() {
        SagaConfig once = new SagaConfig(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(8), 1,
                Duration.ofSeconds(60), 0.0);
        new SagaFixture(once).given(requested())
                .whenTick(at(1))
                .thenSendsNothing()
                .thenStatus(Status.STUCK);
    }

    static Stream<Arguments> everyOutstandingStep() {
        return Stream.of(
                Arguments.of(List.of(requested()), debit(T0)),
                Arguments.of(List.of(requested(), debited()), credit(T0)),
                Arguments.of(List.of(requested(), debited(), credited()), complete(T0)),
                Arguments.of(List.of(requested(), debitDeclined()), failUncompensated(T0)),
                Arguments.of(List.of(requested(), debited(), creditDeclined()), reverse(T0)),
                Arguments.of(List.of(requested(), debited(), creditDeclined(), reversed()), failCompensated(T0)));
    }

    @ParameterizedTest
    @MethodSource("everyOutstandingStep")
    void givenAnyStepOutstanding_whenDeadlinePasses_thenItsCommandIsResentUnchanged(
            List<LedgerEvent> history, CommandEnvelope expected) {
        fixture.given(history.toArray(new LedgerEvent[0]))
                .whenTick(at(1))
                .thenSends(expected)
                .thenDeadline(at(3));
    }

    @Test
    void givenDebitResent_whenDebited_thenCreditStartsAtAttemptOne() {
        SagaState state = fixture.given(requested()).andTick(at(1)).andTick(at(3))
                .when(debited(), at(4))
                .thenSends(credit(at(4)))
                .thenDeadline(at(5))
                .state();
        assertThat(((SagaState.Running) state).outstanding()).isEqualTo(new Outstanding(Step.CREDIT, 1, at(4), at(5)));
    }

    // --- STUCK and resuming

    @Test
    void givenStuckDebiting_whenTick_thenNothingChanges() {
        debitSentFiveTimes().andTick(at(23)).whenTick(at(3600)).thenNothingChanges();
    }

    @Test
    void givenStuckDebiting_whenDebited_thenResumesWithCredit() {
        SagaState state = debitSentFiveTimes().andTick(at(23))
                .when(debited(), at(100))
                .thenSends(credit(at(100)))
                .thenStatus(Status.CREDITING)
                .thenDeadline(at(101))
                .state();
        assertThat(((SagaState.Running) state).outstanding())
                .isEqualTo(new Outstanding(Step.CREDIT, 1, at(100), at(101)));
    }

    @Test
    void givenStuckDebiting_whenDebitDeclined_thenResumesWithFail() {
        debitSentFiveTimes().andTick(at(23))
                .when(debitDeclined(), at(100))
                .thenSends(failUncompensated(at(100)))
                .thenStatus(Status.FAILING);
    }

    @Test
    void givenStuckDebiting_whenCreditedOutOfOrder_thenStaysStuckAndRemembersTheCredit() {
        SagaState.Stuck before = (SagaState.Stuck) debitSentFiveTimes().andTick(at(23)).state();
        SagaState after = debitSentFiveTimes().andTick(at(23))
                .when(credited(), at(100))
                .thenSendsNothing()
                .thenStatus(Status.STUCK)
                .state();
        SagaState.Stuck stuck = (SagaState.Stuck) after;
        assertThat(stuck.since()).isEqualTo(before.since());
        assertThat(stuck.attempts()).isEqualTo(5);
        assertThat(stuck.progress().took(Step.CREDIT)).isTrue();
    }

    @Test
    void givenStuckDebitingWithCreditSeen_whenDebited_thenResumesWithComplete() {
        debitSentFiveTimes().andTick(at(23)).andAt(at(50), credited())
                .when(debited(), at(100))
                .thenSends(complete(at(100)))
                .thenStatus(Status.COMPLETING);
    }

    @Test
    void givenStuckCompleting_whenTransferCompleted_thenCompleted() {
        fixture.given(requested(), debited(), credited())
                .andTick(at(1)).andTick(at(3)).andTick(at(7)).andTick(at(15)).andTick(at(23))
                .when(completed(), at(100))
                .thenSendsNothing()
                .thenStatus(Status.COMPLETED);
    }

    @Test
    void givenStuckDebiting_whenFailedByOperator_thenFailed() {
        debitSentFiveTimes().andTick(at(23))
                .when(SagaSamples.failedByOperator(), at(100))
                .thenSendsNothing()
                .thenStatus(Status.FAILED);
    }

    @Test
    void givenStuckCrediting_whenFailedByOperator_thenStuckUntilTheCreditAnswers() {
        SagaState state = fixture.given(requested(), debited())
                .andTick(at(1)).andTick(at(3)).andTick(at(7)).andTick(at(15)).andTick(at(23))
                .when(SagaSamples.failedByOperator(), at(100))
                .thenSendsNothing()
                .thenStatus(Status.STUCK)
                .thenNoDeadline()
                .state();
        SagaState.Stuck stuck = (SagaState.Stuck) state;
        assertThat(stuck.cause()).isEqualTo(StuckCause.CREDIT_MAY_STILL_LAND);
        assertThat(stuck.since()).isEqualTo(at(100));
    }

    // --- an operator's retry

    @Test
    void givenStuckDebiting_whenRetried_thenTheSameDebitIsSentAsANewRoundWithFreshDeadlines() {
        SagaState stuck = debitSentFiveTimes().andTick(at(23)).state();
        SagaState state = debitSentFiveTimes().andTick(at(23))
                .whenRetry(at(100))
                .thenSends(debit(at(100)))
                .thenStatus(Status.DEBITING)
                .thenDeadline(at(101))
                .state();
        assertThat(((SagaState.Running) state).outstanding())
                .isEqualTo(new Outstanding(Step.DEBIT, 1, at(100), at(101)));
        assertThat(state.progress()).isEqualTo(stuck.progress());
    }

    @Test
    void givenStuckDebitingRetried_whenStillUnanswered_thenStuckAgainAfterTheNewRound() {
        debitSentFiveTimes().andTick(at(23)).andRetry(at(100))
                .andTick(at(101)).andTick(at(103)).andTick(at(107)).andTick(at(115))
                .whenTick(at(123))
                .thenSendsNothing()
                .thenStatus(Status.STUCK);
    }

    @Test
    void givenStuckForAnotherCauseOrNotStuck_whenRetried_thenNothingChanges() {
        fixture.given(requested(), debited())
                .andTick(at(1)).andTick(at(3)).andTick(at(7)).andTick(at(15)).andTick(at(23))
                .andAt(at(100), SagaSamples.failedByOperator())
                .whenRetry(at(200)).thenNothingChanges();
        fixture.given(requested()).whenRetry(at(0)).thenNothingChanges();
        fixture.given(requested(), debited(), credited(), completed()).whenRetry(at(3600)).thenNothingChanges();
        fixture.givenNothing().whenRetry(at(3600)).thenNothingChanges();
    }

    @Test
    void givenSettled_whenTick_thenNothingChanges() {
        fixture.given(requested(), debited(), credited(), completed()).whenTick(at(3600)).thenNothingChanges();
        fixture.given(requested(), debitDeclined(), failedUncompensated()).whenTick(at(3600)).thenNothingChanges();
        fixture.givenNothing().whenTick(at(3600)).thenNothingChanges();
    }

    @Test
    void givenJitter_thenDeadlinesAreShortenedByAtMostTheJitterAndTheSameForTheSameTransfer() {
        SagaConfig jittered = new SagaConfig(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(8), 5,
                Duration.ofSeconds(60), 0.2);
        SagaState one = new SagaFixture(jittered).given(requested()).andTick(at(1)).state();
        SagaState again = new SagaFixture(jittered).given(requested()).andTick(at(1)).state();
        assertThat(one).isEqualTo(again);
        SagaState first = new SagaFixture(jittered).given(requested()).state();
        assertThat(((SagaState.Running) first).outstanding().deadline())
                .isBetween(T0.plusMillis(800), T0.plusMillis(1000));
    }
}
