package io.ledgerline.saga;

import static io.ledgerline.saga.SagaSamples.T;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.account.AccountEvent;
import io.ledgerline.account.AccountEvent.AccountClosed;
import io.ledgerline.account.AccountEvent.AccountFrozen;
import io.ledgerline.account.AccountEvent.AccountOpened;
import io.ledgerline.account.AccountEvent.AccountUnfrozen;
import io.ledgerline.account.AccountEvent.MoneyDeposited;
import io.ledgerline.account.AccountEvent.MoneyWithdrawn;
import io.ledgerline.account.DeclineReason;
import io.ledgerline.message.LedgerEvent;
import io.ledgerline.saga.SagaState.Status;
import io.ledgerline.transfer.TransferEvent;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The step table and the mapping of account events into step answers cover their closed families. */
class StepTest {

    @Test
    void eachStepHasItsCommandIdStatusAndCompensation() {
        assertThat(Arrays.stream(Step.values()).map(s -> s.commandId(T)))
                .containsExactly("t-1:debit", "t-1:credit", "t-1:reverse", "t-1:complete", "t-1:fail");
        assertThat(Arrays.stream(Step.values()).map(Step::status)).containsExactly(
                Status.DEBITING, Status.CREDITING, Status.COMPENSATING, Status.COMPLETING, Status.FAILING);
        assertThat(Step.DEBIT.compensation()).contains(Step.REVERSE);
        // The contract has no ReverseTransferCredit (ADR 0008).
        assertThat(Step.CREDIT.compensation()).isEmpty();
        assertThat(Step.REVERSE.compensation()).isEmpty();
        assertThat(Step.COMPLETE.compensation()).isEmpty();
        assertThat(Step.FAIL.compensation()).isEmpty();
    }

    @Test
    void everyStatusButTheSettledAndStoppedOnesBelongsToAStep() {
        Set<Status> ofSteps = Arrays.stream(Step.values()).map(Step::status).collect(Collectors.toSet());
        Set<Status> others = EnumSet.complementOf(EnumSet.copyOf(ofSteps));
        assertThat(others).containsExactlyInAnyOrder(
                Status.NOT_STARTED, Status.COMPLETED, Status.FAILED, Status.STUCK);
    }

    @Test
    void everyAccountEventEitherAnswersAStepOrIsIgnored() {
        List<AccountEvent> events = List.of(
                new AccountOpened("acc-1", "c-1", "EUR", "Ada"), new MoneyDeposited("acc-1", 1, "EUR", null),
                new MoneyWithdrawn("acc-1", 1, "EUR", null), new AccountFrozen("acc-1", null),
                new AccountUnfrozen("acc-1", null), new AccountClosed("acc-1"),
                SagaSamples.debited(), SagaSamples.debitDeclined(), SagaSamples.credited(),
                SagaSamples.creditDeclined(), SagaSamples.reversed());
        assertThat(events.stream().map(Object::getClass).collect(Collectors.toSet()))
                .isEqualTo(Set.of(AccountEvent.class.getPermittedSubclasses()));
        assertThat(events.stream().map(StepAnswer::of).flatMap(Optional::stream)).containsExactly(
                new StepAnswer(T, Step.DEBIT, new StepOutcome.Done()),
                new StepAnswer(T, Step.DEBIT, new StepOutcome.Declined(DeclineReason.INSUFFICIENT_FUNDS,
                        SagaSamples.NO_FUNDS)),
                new StepAnswer(T, Step.CREDIT, new StepOutcome.Done()),
                new StepAnswer(T, Step.CREDIT, new StepOutcome.Declined(DeclineReason.ACCOUNT_FROZEN,
                        SagaSamples.FROZEN)),
                new StepAnswer(T, Step.REVERSE, new StepOutcome.Done()));
        for (AccountEvent event : events) {
            assertThat(TransferSaga.transferIdOf(event)).as("%s", event)
                    .isEqualTo(StepAnswer.of(event).map(StepAnswer::transferId));
        }
    }

    @Test
    void everyTransferEventIsReadByTheSaga() {
        List<TransferEvent> events = List.of(SagaSamples.requested(), SagaSamples.completed(),
                SagaSamples.failedUncompensated());
        assertThat(events.stream().map(Object::getClass).collect(Collectors.toSet()))
                .isEqualTo(Set.of(TransferEvent.class.getPermittedSubclasses()));
        for (LedgerEvent event : events) {
            assertThat(TransferSaga.transferIdOf(event)).contains(T);
        }
    }
}
