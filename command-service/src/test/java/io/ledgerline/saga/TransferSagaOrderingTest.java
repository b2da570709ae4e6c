package io.ledgerline.saga;

import static io.ledgerline.saga.SagaFixture.T0;
import static io.ledgerline.saga.SagaFixture.T1;
import static io.ledgerline.saga.SagaSamples.CONFIG;
import static io.ledgerline.saga.SagaSamples.NO_FUNDS;
import static io.ledgerline.saga.SagaSamples.complete;
import static io.ledgerline.saga.SagaSamples.completed;
import static io.ledgerline.saga.SagaSamples.credit;
import static io.ledgerline.saga.SagaSamples.creditDeclined;
import static io.ledgerline.saga.SagaSamples.credited;
import static io.ledgerline.saga.SagaSamples.debitDeclined;
import static io.ledgerline.saga.SagaSamples.debited;
import static io.ledgerline.saga.SagaSamples.failedByOperator;
import static io.ledgerline.saga.SagaSamples.failedCompensated;
import static io.ledgerline.saga.SagaSamples.failedUncompensated;
import static io.ledgerline.saga.SagaSamples.requested;
import static io.ledgerline.saga.SagaSamples.reverse;
import static io.ledgerline.saga.SagaSamples.reversed;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.account.DeclineReason;
import io.ledgerline.message.CommandEnvelope;
import io.ledgerline.message.CommandMetadata;
import io.ledgerline.message.LedgerEvent;
import io.ledgerline.saga.SagaState.Status;
import io.ledgerline.saga.SagaState.StuckCause;
import io.ledgerline.transfer.TransferCommand.FailTransfer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Duplicates, events that overtake each other, and effects that arrive after the transfer failed. */
class TransferSagaOrderingTest {

    private final SagaFixture fixture = new SagaFixture(CONFIG);

    static Stream<LedgerEvent> everyEvent() {
        return Stream.of(requested(), debited(), debitDeclined(), credited(), creditDeclined(), reversed(),
                completed(), failedUncompensated(), failedCompensated());
    }

    // --- duplicates

    @Test
    void givenDebiting_whenTransferRequestedAgain_thenNothingChanges() {
        fixture.given(requested()).when(requested()).thenNothingChanges();
    }

    @Test
    void givenCrediting_whenDebitedAgain_thenNothingChanges() {
        fixture.given(requested(), debited()).when(debited()).thenNothingChanges();
    }

    @Test
    void givenCompleting_whenCreditedAgain_thenNothingChanges() {
        fixture.given(requested(), debited(), credited()).when(credited()).thenNothingChanges();
    }

    @Test
    void givenFailing_whenDebitDeclinedAgain_thenNothingChanges() {
        fixture.given(requested(), debitDeclined()).when(debitDeclined()).thenNothingChanges();
    }

    @Test
    void givenCompensating_whenCreditDeclinedAgain_thenNothingChanges() {
        fixture.given(requested(), debited(), creditDeclined()).when(creditDeclined()).thenNothingChanges();
    }

    @Test
    void givenFailingAfterCompensation_whenDebitReversedAgain_thenNothingChanges() {
        fixture.given(requested(), debited(), creditDeclined(), reversed()).when(reversed()).thenNothingChanges();
    }

    @ParameterizedTest
    @MethodSource("everyEvent")
    void givenCompleted_whenAnyEvent_thenNothingChanges(LedgerEvent event) {
        fixture.given(requested(), debited(), credited(), completed()).when(event).thenNothingChanges();
    }

    @ParameterizedTest
    @MethodSource("everyEvent")
    void givenFailedCompensated_whenAnyEventButACredit_thenNothingChanges(LedgerEvent event) {
        if (event.equals(credited())) {
            return;
        }
        fixture.given(requested(), debited(), creditDeclined(), reversed(), failedCompensated())
                .when(event)
                .thenNothingChanges();
    }

    @Test
    void givenFailedUncompensated_whenTransferFailedAgain_thenNothingChanges() {
        fixture.given(requested(), debitDeclined(), failedUncompensated())
                .when(failedUncompensated())
                .thenNothingChanges();
    }

    @Test
    void givenAnyHistory_whenEveryEventIsDeliveredTwice_thenTheSameStateAsOnce() {
        List<List<LedgerEvent>> runs = List.of(
                List.of(requested(), debited(), credited(), completed()),
                List.of(requested(), debitDeclined(), failedUncompensated()),
                List.of(requested(), debited(), creditDeclined(), reversed(), failedCompensated()));
        for (List<LedgerEvent> run : runs) {
            SagaFixture.Given once = fixture.givenNothing();
            SagaFixture.Given twice = fixture.givenNothing();
            for (LedgerEvent event : run) {
                once = once.and(event);
                twice = twice.and(event, event);
            }
            assertThat(twice.state()).as("%s", run).isEqualTo(once.state());
        }
    }

    // --- reordering

    @Test
    void givenDebiting_whenCreditedBeforeDebited_thenKeepsWaitingForTheDebit() {
        SagaState debiting = fixture.given(requested()).state();
        SagaState after = fixture.given(requested())
                .when(credited())
                .thenSendsNothing()
                .thenStatus(Status.DEBITING)
                .thenDeadline(T0.plusSeconds(1))
                .state();
        assertThat(((SagaState.Running) after).outstanding())
                .isEqualTo(((SagaState.Running) debiting).outstanding());
        assertThat(after.progress().took(Step.CREDIT)).isTrue();
    }

    @Test
    void givenCreditSeenBeforeDebit_whenDebited_thenCompleteWithoutSendingACredit() {
        fixture.given(requested(), credited())
                .when(debited())
                .thenSends(complete(T1))
                .thenStatus(Status.COMPLETING);
    }

    @Test
    void givenCreditDeclineSeenBeforeDebit_whenDebited_thenReverseDebit() {
        fixture.given(requested(), creditDeclined())
                .when(debited())
                .thenSends(reverse(T1))
                .thenStatus(Status.COMPENSATING);
    }

    @Test
    void givenNothing_whenDebitedBeforeTransferRequested_thenRememberedAndNothingSent() {
        fixture.givenNothing()
                .when(debited())
                .thenSendsNothing()
                .thenStatus(Status.NOT_STARTED)
                .thenNoDeadline();
    }

    @Test
    void givenDebitSeenBeforeRequest_whenTransferRequested_thenCreditTargetStraightAway() {
        fixture.given(debited())
                .when(requested())
                .thenSends(credit(T1))
                .thenStatus(Status.CREDITING);
    }

    @Test
    void givenNothing_whenDuplicateAnswerBeforeTransferRequested_thenNothingChanges() {
        fixture.given(debited()).when(debited()).thenNothingChanges();
    }

    @Test
    void givenTheSameEventsInAnyOrder_whenAllHaveArrived_thenCompleted() {
        List<LedgerEvent> a = List.of(requested(), debited(), credited(), completed());
        List<LedgerEvent> b = List.of(requested(), credited(), debited(), completed());
        List<LedgerEvent> c = List.of(credited(), debited(), requested(), completed());
        for (List<LedgerEvent> order : List.of(a, b, c)) {
            SagaState end = fixture.given(order.toArray(new LedgerEvent[0])).state();
            assertThat(end.status()).as("%s", order).isEqualTo(Status.COMPLETED);
        }
    }

    @Test
    void givenEveryOrderOfAnOutcomesEvents_whenAllHaveArrived_thenTheSameOutcome() {
        Map<Status, List<LedgerEvent>> outcomes = Map.of(
                Status.COMPLETED, List.of(requested(), debited(), credited(), completed()),
                Status.FAILED, List.of(requested(), debited(), creditDeclined(), reversed(), failedCompensated()));
        outcomes.forEach((status, events) -> {
            for (List<LedgerEvent> order : permutations(events)) {
                SagaState end = fixture.given(order.toArray(new LedgerEvent[0])).state();
                assertThat(end.status()).as("%s", order).isEqualTo(status);
            }
        });
        for (List<LedgerEvent> order : permutations(List.of(requested(), debitDeclined(), failedUncompensated()))) {
            SagaState end = fixture.given(order.toArray(new LedgerEvent[0])).state();
            assertThat(end.status()).as("%s", order).isEqualTo(Status.FAILED);
            assertThat(end.progress().sent()).as("%s", order).doesNotContain(Step.CREDIT, Step.REVERSE);
        }
    }

    // --- answers that contradict each other (a broken dedupe): the effect wins

    @Test
    void givenCrediting_whenTheDebitIsAlsoDeclined_thenNothingChanges() {
        fixture.given(requested(), debited()).when(debitDeclined()).thenNothingChanges();
    }

    @Test
    void givenCompleting_whenTheCreditIsAlsoDeclined_thenNothingChanges() {
        fixture.given(requested(), debited(), credited()).when(creditDeclined()).thenNothingChanges();
    }

    // --- late effects and settlements by someone else

    @Test
    void givenDebiting_whenFailedByOperator_thenFailedAndNothingSent() {
        fixture.given(requested())
                .when(failedByOperator())
                .thenSendsNothing()
                .thenStatus(Status.FAILED)
                .thenNoDeadline();
    }

    @Test
    void givenFailedByOperatorWhileDebiting_whenLateDebited_thenReverseDebit() {
        fixture.given(requested(), failedByOperator())
                .when(debited())
                .thenSends(reverse(T1))
                .thenStatus(Status.COMPENSATING)
                .thenDeadline(T1.plusSeconds(1));
    }

    @Test
    void givenLateDebitBeingReversed_whenDebitReversed_thenFailedAgainWithoutASecondFailTransfer() {
        fixture.given(requested(), failedByOperator(), debited())
                .when(reversed())
                .thenSendsNothing()
                .thenStatus(Status.FAILED)
                .thenNoDeadline();
    }

    @Test
    void givenFailedAfterDebitDeclined_whenLateDebited_thenReverseDebit() {
        // A debit answered twice, declined and applied, breaks the processor's dedupe; the money still comes back.
        fixture.given(requested(), debitDeclined(), failedUncompensated())
                .when(debited())
                .thenSends(reverse(T1))
                .thenStatus(Status.COMPENSATING);
    }

    @Test
    void givenFailingAfterDebitDeclined_whenLateDebited_thenReverseBeforeSettling() {
        fixture.given(requested(), debitDeclined())
                .when(debited())
                .thenSends(reverse(T1))
                .thenStatus(Status.COMPENSATING);
    }

    @Test
    void givenLateDebitReversedBeforeSettling_whenDebitReversed_thenFailCompensated() {
        fixture.given(requested(), debitDeclined(), debited())
                .when(reversed())
                .thenSends(new CommandEnvelope(
                        new CommandMetadata("t-1:fail", null, T1),
                        new FailTransfer("t-1", DeclineReason.INSUFFICIENT_FUNDS, NO_FUNDS, true)))
                .thenStatus(Status.FAILING);
    }

    @Test
    void givenFailedCompensated_whenLateCredited_thenStuckBecauseACreditCannotBeReversed() {
        SagaState state = fixture.given(requested(), debited(), creditDeclined(), reversed(), failedCompensated())
                .when(credited())
                .thenSendsNothing()
                .thenStatus(Status.STUCK)
                .thenNoDeadline()
                .state();
        SagaState.Stuck stuck = (SagaState.Stuck) state;
        assertThat(stuck.cause()).isEqualTo(StuckCause.CREDIT_CANNOT_BE_REVERSED);
        assertThat(stuck.step()).isEqualTo(Step.CREDIT);
        assertThat(stuck.attempts()).isZero();
        assertThat(stuck.since()).isEqualTo(T1);
        assertThat(stuck.progress().took(Step.CREDIT)).isTrue();
        assertThat(stuck.progress().failure().compensated()).isTrue();
    }

    @Test
    void givenCompensating_whenLateCredited_thenStuckAndTheDebitIsNotReversedAgain() {
        fixture.given(requested(), debited(), creditDeclined())
                .when(credited())
                .thenSendsNothing()
                .thenStatus(Status.STUCK);
    }

    @Test
    void givenFailingAfterDebitDeclined_whenCredited_thenStuckBecauseACreditCannotBeReversed() {
        SagaState state = fixture.given(requested(), debitDeclined())
                .when(credited())
                .thenSendsNothing()
                .thenStatus(Status.STUCK)
                .state();
        assertThat(((SagaState.Stuck) state).cause()).isEqualTo(StuckCause.CREDIT_CANNOT_BE_REVERSED);
    }

    @Test
    void givenCrediting_whenFailedByOperator_thenStuckUntilTheCreditAnswers() {
        SagaState state = fixture.given(requested(), debited())
                .when(failedByOperator())
                .thenSendsNothing()
                .thenStatus(Status.STUCK)
                .thenNoDeadline()
                .state();
        SagaState.Stuck stuck = (SagaState.Stuck) state;
        assertThat(stuck.cause()).isEqualTo(StuckCause.CREDIT_MAY_STILL_LAND);
        assertThat(stuck.step()).isEqualTo(Step.CREDIT);
        assertThat(stuck.attempts()).isEqualTo(1);
        assertThat(stuck.since()).isEqualTo(T1);
    }

    @Test
    void givenStuckWithCreditInFlightAfterFailure_whenCreditDeclined_thenReverseDebit() {
        fixture.given(requested(), debited(), failedByOperator())
                .when(creditDeclined())
                .thenSends(reverse(T1))
                .thenStatus(Status.COMPENSATING);
    }

    @Test
    void givenStuckWithCreditInFlightAfterFailure_whenCredited_thenStuckBecauseACreditCannotBeReversed() {
        SagaState state = fixture.given(requested(), debited(), failedByOperator())
                .when(credited())
                .thenSendsNothing()
                .thenStatus(Status.STUCK)
                .state();
        assertThat(((SagaState.Stuck) state).cause()).isEqualTo(StuckCause.CREDIT_CANNOT_BE_REVERSED);
    }

    @Test
    void givenStuckWithCreditInFlightAfterFailure_whenTick_thenNothingChanges() {
        fixture.given(requested(), debited(), failedByOperator())
                .whenTick(T0.plusSeconds(3600))
                .thenNothingChanges();
    }

    @Test
    void givenCompleting_whenFailedByOperator_thenStuckBecauseTheCreditCannotBeReversed() {
        fixture.given(requested(), debited(), credited())
                .when(failedByOperator())
                .thenSendsNothing()
                .thenStatus(Status.STUCK);
    }

    @Test
    void givenCompensating_whenFailedByOperator_thenKeepsReversingTheDebit() {
        SagaState before = fixture.given(requested(), debited(), creditDeclined()).state();
        SagaState after = fixture.given(requested(), debited(), creditDeclined())
                .when(failedByOperator())
                .thenSendsNothing()
                .thenStatus(Status.COMPENSATING)
                .state();
        assertThat(((SagaState.Running) after).outstanding())
                .isEqualTo(((SagaState.Running) before).outstanding());
    }

    @Test
    void givenCompensatingAfterOperatorFailure_whenDebitReversed_thenFailedWithoutAFailTransfer() {
        fixture.given(requested(), debited(), creditDeclined(), failedByOperator())
                .when(reversed())
                .thenSendsNothing()
                .thenStatus(Status.FAILED);
    }

    @Test
    void givenDebiting_whenCompletedByOperator_thenCompletedAndNothingMoreIsSent() {
        fixture.given(requested())
                .when(completed())
                .thenSendsNothing()
                .thenStatus(Status.COMPLETED)
                .thenNoDeadline();
    }

    private static List<List<LedgerEvent>> permutations(List<LedgerEvent> events) {
        if (events.isEmpty()) {
            return List.of(List.of());
        }
        List<List<LedgerEvent>> all = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            List<LedgerEvent> rest = new ArrayList<>(events);
            LedgerEvent head = rest.remove(i);
            for (List<LedgerEvent> tail : permutations(rest)) {
                List<LedgerEvent> order = new ArrayList<>();
                order.add(head);
                order.addAll(tail);
                all.add(order);
            }
        }
        return all;
    }
}
