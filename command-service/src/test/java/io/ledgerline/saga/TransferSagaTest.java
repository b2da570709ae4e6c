package io.ledgerline.saga;

import static io.ledgerline.saga.SagaFixture.T1;
import static io.ledgerline.saga.SagaSamples.CONFIG;
import static io.ledgerline.saga.SagaSamples.FROZEN;
import static io.ledgerline.saga.SagaSamples.NO_FUNDS;
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
import static io.ledgerline.saga.SagaSamples.failedCompensated;
import static io.ledgerline.saga.SagaSamples.failedUncompensated;
import static io.ledgerline.saga.SagaSamples.requested;
import static io.ledgerline.saga.SagaSamples.reverse;
import static io.ledgerline.saga.SagaSamples.reversed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerline.account.AccountEvent.AccountOpened;
import io.ledgerline.account.AccountEvent.MoneyDeposited;
import io.ledgerline.account.AccountEvent.TransferDebitDeclined;
import io.ledgerline.account.DeclineReason;
import io.ledgerline.message.CommandEnvelope;
import io.ledgerline.message.CommandMetadata;
import io.ledgerline.saga.SagaState.Status;
import io.ledgerline.transfer.TransferCommand.FailTransfer;
import io.ledgerline.transfer.TransferEvent.TransferRequested;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The saga's path through its steps: DESIGN.md §4 and the rules of issue 4. */
class TransferSagaTest {

    private final SagaFixture fixture = new SagaFixture(CONFIG);

    @Test
    void givenNothing_whenTransferRequested_thenDebitSource() {
        fixture.givenNothing()
                .when(requested())
                .thenSends(debit(T1))
                .thenState(new SagaState.Running(TERMS,
                        new Progress(Set.of(Step.DEBIT), Set.of(), Map.of(), false, null),
                        new Outstanding(Step.DEBIT, 1, T1, T1.plusSeconds(1))))
                .thenStatus(Status.DEBITING)
                .thenDeadline(T1.plusSeconds(1));
    }

    @Test
    void givenDebiting_whenDebited_thenCreditTarget() {
        fixture.given(requested())
                .when(debited())
                .thenSends(credit(T1))
                .thenState(new SagaState.Running(TERMS,
                        new Progress(Set.of(Step.DEBIT, Step.CREDIT), Set.of(Step.DEBIT), Map.of(), false, null),
                        new Outstanding(Step.CREDIT, 1, T1, T1.plusSeconds(1))))
                .thenStatus(Status.CREDITING);
    }

    @Test
    void givenCrediting_whenCredited_thenComplete() {
        fixture.given(requested(), debited())
                .when(credited())
                .thenSends(complete(T1))
                .thenStatus(Status.COMPLETING)
                .thenDeadline(T1.plusSeconds(1));
    }

    @Test
    void givenCompleting_whenTransferCompleted_thenCompletedWithNothingOutstanding() {
        fixture.given(requested(), debited(), credited())
                .when(completed())
                .thenSendsNothing()
                .thenState(new SagaState.Completed(TERMS, new Progress(
                        Set.of(Step.DEBIT, Step.CREDIT, Step.COMPLETE), Set.of(Step.DEBIT, Step.CREDIT), Map.of(),
                        true, null)))
                .thenNoDeadline();
    }

    @Test
    void givenDebiting_whenDebitDeclined_thenFailWithoutCompensation() {
        fixture.given(requested())
                .when(debitDeclined())
                .thenSends(failUncompensated(T1))
                .thenStatus(Status.FAILING)
                .thenDeadline(T1.plusSeconds(1));
    }

    @Test
    void givenFailingAfterDebitDeclined_whenTransferFailed_thenFailedUncompensated() {
        SagaState state = fixture.given(requested(), debitDeclined())
                .when(failedUncompensated())
                .thenSendsNothing()
                .thenStatus(Status.FAILED)
                .thenNoDeadline()
                .state();
        assertThat(((SagaState.Failed) state).compensated()).isFalse();
    }

    @Test
    void givenCrediting_whenCreditDeclined_thenReverseDebit() {
        fixture.given(requested(), debited())
                .when(creditDeclined())
                .thenSends(reverse(T1))
                .thenStatus(Status.COMPENSATING)
                .thenDeadline(T1.plusSeconds(1));
    }

    @Test
    void givenCompensating_whenDebitReversed_thenFailCompensated() {
        fixture.given(requested(), debited(), creditDeclined())
                .when(reversed())
                .thenSends(failCompensated(T1))
                .thenStatus(Status.FAILING);
    }

    @Test
    void givenFailingAfterCompensation_whenTransferFailed_thenFailedCompensated() {
        SagaState state = fixture.given(requested(), debited(), creditDeclined(), reversed())
                .when(failedCompensated())
                .thenSendsNothing()
                .thenStatus(Status.FAILED)
                .thenNoDeadline()
                .state();
        assertThat(((SagaState.Failed) state).compensated()).isTrue();
        assertThat(state.progress().failure())
                .isEqualTo(new Progress.Failure(DeclineReason.ACCOUNT_FROZEN, FROZEN, true));
    }

    @Test
    void givenDebiting_whenDebitDeclinedForAnyReason_thenThatReasonFailsTheTransfer() {
        for (DeclineReason reason : DeclineReason.values()) {
            fixture.given(requested())
                    .when(new TransferDebitDeclined(
                            "acc-1", "t-1", 700, "EUR", reason, "m"))
                    .thenSends(new CommandEnvelope(
                            new CommandMetadata("t-1:fail", null, T1),
                            new FailTransfer("t-1", reason, "m", false)));
        }
    }

    @Test
    void givenDebiting_whenAnAccountEventAnsweringNoStep_thenNothingChanges() {
        fixture.given(requested())
                .when(new AccountOpened("acc-1", "c-1", "EUR", "Ada"))
                .thenNothingChanges();
        fixture.given(requested())
                .when(new MoneyDeposited("acc-1", 100, "EUR", null))
                .thenNothingChanges();
    }

    @Test
    void givenDebiting_whenAnEventOfAnotherTransfer_thenRoutingBugIsLoud() {
        SagaState debiting = fixture.given(requested()).state();
        TransferSaga saga = new TransferSaga(CONFIG);
        assertThatThrownBy(() -> saga.react(debiting, new TransferRequested("t-2", "a", "b", 1, "EUR", null), T1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the saga of transfer t-1 (DEBITING) got TransferRequested of transfer t-2");
    }

    @Test
    void givenAFullRun_thenEachStepWasSentOnceAndTheFailMessageNamesTheDecline() {
        SagaState state = fixture.given(requested(), debitDeclined(), failedUncompensated()).state();
        assertThat(state.progress().sent()).containsExactlyInAnyOrder(Step.DEBIT, Step.FAIL);
        assertThat(state.progress().declineThatFails())
                .contains(new StepOutcome.Declined(DeclineReason.INSUFFICIENT_FUNDS, NO_FUNDS));
    }

    @Test
    void givenNotStarted_thenInitialStateHasNoTermsAndNoFacts() {
        SagaState initial = new TransferSaga(CONFIG).initialState();
        assertThat(initial).isEqualTo(new SagaState.NotStarted(Progress.none()));
        assertThat(initial.terms()).isEmpty();
        assertThat(initial.status()).isEqualTo(Status.NOT_STARTED);
    }
}
