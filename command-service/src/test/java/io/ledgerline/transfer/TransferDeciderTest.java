package io.ledgerline.transfer;

import static io.ledgerline.outcome.OutcomeCode.ALREADY_EXISTS;
import static io.ledgerline.outcome.OutcomeCode.NOT_FOUND;
import static io.ledgerline.outcome.OutcomeCode.REJECTED_RULE;
import static io.ledgerline.outcome.OutcomeCode.REJECTED_VALIDATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerline.account.DeclineReason;
import io.ledgerline.command.domain.AggregateFixture;
import io.ledgerline.transfer.TransferCommand.CompleteTransfer;
import io.ledgerline.transfer.TransferCommand.FailTransfer;
import io.ledgerline.transfer.TransferCommand.RequestTransfer;
import io.ledgerline.transfer.TransferEvent.TransferCompleted;
import io.ledgerline.transfer.TransferEvent.TransferFailed;
import io.ledgerline.transfer.TransferEvent.TransferRequested;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TransferDeciderTest {

    private static final String TR = "tr-1";

    private final AggregateFixture<TransferCommand, TransferEvent, TransferState> fixture =
            AggregateFixture.of(TransferDecider.handler());

    private static TransferRequested requested() {
        return new TransferRequested(TR, "acc-1", "acc-2", 700, "EUR", "rent");
    }

    private static TransferFailed failed() {
        return new TransferFailed(TR, DeclineReason.INSUFFICIENT_FUNDS, "cannot debit", false);
    }

    // --- RequestTransfer

    @Test
    void givenNothing_whenRequestTransfer_thenRequested() {
        fixture.givenNothing()
                .when(new RequestTransfer(TR, "acc-1", "acc-2", 700, "EUR", "rent"))
                .thenEvents(requested())
                .thenState(new TransferState.Requested("acc-1", "acc-2", 700, "EUR"));
    }

    @Test
    void givenRequestedTransfer_whenRequestTransfer_thenAlreadyExists() {
        fixture.given(requested())
                .when(new RequestTransfer(TR, "acc-1", "acc-2", 700, "EUR", "rent"))
                .thenRejected(ALREADY_EXISTS, "cannot request transfer tr-1: it already exists and is REQUESTED");
    }

    @Test
    void givenCompletedTransfer_whenRequestTransfer_thenAlreadyExists() {
        fixture.given(requested(), new TransferCompleted(TR))
                .when(new RequestTransfer(TR, "acc-1", "acc-2", 700, "EUR", null))
                .thenRejected(ALREADY_EXISTS, "cannot request transfer tr-1: it already exists and is COMPLETED");
    }

    @Test
    void givenNothing_whenRequestTransferToTheSameAccount_thenInvalid() {
        fixture.givenNothing()
                .when(new RequestTransfer(TR, "acc-1", "acc-1", 700, "EUR", null))
                .thenRejected(REJECTED_VALIDATION,
                        "invalid RequestTransfer: fromAccountId and toAccountId must differ, both were acc-1");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -700, Long.MIN_VALUE})
    void givenNothing_whenRequestTransferNonPositiveAmount_thenInvalid(long amount) {
        fixture.givenNothing()
                .when(new RequestTransfer(TR, "acc-1", "acc-2", amount, "EUR", null))
                .thenRejected(REJECTED_VALIDATION,
                        "invalid RequestTransfer: amount must be a positive number of minor units, was " + amount);
    }

    @Test
    void givenNothing_whenRequestTransferWithMalformedCurrency_thenInvalid() {
        fixture.givenNothing()
                .when(new RequestTransfer(TR, "acc-1", "acc-2", 700, "Eur", null))
                .thenRejected(REJECTED_VALIDATION,
                        "invalid RequestTransfer: currency must be 3 upper-case letters (ISO-4217), was 'Eur'");
    }

    @Test
    void givenNothing_whenRequestTransferWithoutAccounts_thenInvalid() {
        fixture.givenNothing()
                .when(new RequestTransfer(TR, null, " ", 700, "EUR", null))
                .thenRejected(REJECTED_VALIDATION,
                        "invalid RequestTransfer: fromAccountId is required; toAccountId is required");
    }

    // --- CompleteTransfer

    @Test
    void givenRequestedTransfer_whenCompleteTransfer_thenCompleted() {
        fixture.given(requested())
                .when(new CompleteTransfer(TR))
                .thenEvents(new TransferCompleted(TR))
                .thenState(new TransferState.Completed());
    }

    @Test
    void givenNothing_whenCompleteTransfer_thenNotFound() {
        fixture.givenNothing()
                .when(new CompleteTransfer(TR))
                .thenRejected(NOT_FOUND, "cannot complete transfer tr-1: it does not exist");
    }

    @Test
    void givenCompletedTransfer_whenCompleteTransfer_thenRejected() {
        fixture.given(requested(), new TransferCompleted(TR))
                .when(new CompleteTransfer(TR))
                .thenRejected(REJECTED_RULE, "cannot complete transfer tr-1: it is COMPLETED");
    }

    @Test
    void givenFailedTransfer_whenCompleteTransfer_thenRejected() {
        fixture.given(requested(), failed())
                .when(new CompleteTransfer(TR))
                .thenRejected(REJECTED_RULE, "cannot complete transfer tr-1: it is FAILED");
    }

    // --- FailTransfer

    @Test
    void givenRequestedTransfer_whenFailTransferCompensated_thenFailed() {
        fixture.given(requested())
                .when(new FailTransfer(TR, DeclineReason.ACCOUNT_FROZEN, "cannot credit acc-2: it is FROZEN", true))
                .thenEvents(new TransferFailed(TR, DeclineReason.ACCOUNT_FROZEN, "cannot credit acc-2: it is FROZEN",
                        true))
                .thenState(new TransferState.Failed(DeclineReason.ACCOUNT_FROZEN, true));
    }

    @Test
    void givenNothing_whenFailTransfer_thenNotFound() {
        fixture.givenNothing()
                .when(new FailTransfer(TR, DeclineReason.ACCOUNT_NOT_FOUND, "m", false))
                .thenRejected(NOT_FOUND, "cannot fail transfer tr-1: it does not exist");
    }

    @Test
    void givenFailedTransfer_whenFailTransfer_thenRejected() {
        fixture.given(requested(), failed())
                .when(new FailTransfer(TR, DeclineReason.INSUFFICIENT_FUNDS, "again", false))
                .thenRejected(REJECTED_RULE, "cannot fail transfer tr-1: it is FAILED");
    }

    @Test
    void givenCompletedTransfer_whenFailTransfer_thenRejected() {
        fixture.given(requested(), new TransferCompleted(TR))
                .when(new FailTransfer(TR, DeclineReason.ACCOUNT_CLOSED, "late", true))
                .thenRejected(REJECTED_RULE, "cannot fail transfer tr-1: it is COMPLETED");
    }

    @Test
    void givenRequestedTransfer_whenFailTransferWithoutReason_thenInvalid() {
        fixture.given(requested())
                .when(new FailTransfer(TR, null, "m", false))
                .thenRejected(REJECTED_VALIDATION, "invalid FailTransfer: reason is required");
    }

    // --- coverage of the sealed families (Java 17 has no exhaustive switch)

    @Test
    void everyCommandTypeIsDecidedInEveryState() {
        List<TransferCommand> commands = List.of(new RequestTransfer(TR, "acc-1", "acc-2", 700, "EUR", null),
                new CompleteTransfer(TR), new FailTransfer(TR, DeclineReason.UNKNOWN, "m", false));
        List<TransferState> states = List.of(TransferState.notRequested(),
                new TransferState.Requested("acc-1", "acc-2", 700, "EUR"), new TransferState.Completed(),
                new TransferState.Failed(DeclineReason.UNKNOWN, false));
        assertThat(classesOf(commands)).isEqualTo(permitted(TransferCommand.class));
        TransferDecider decider = new TransferDecider();
        for (TransferCommand command : commands) {
            for (TransferState state : states) {
                assertThatNoException().as("%s in %s", command, state)
                        .isThrownBy(() -> decider.decide(command, state));
            }
        }
    }

    @Test
    void everyEventTypeEvolvesTheStateItFollowsAndNoOther() {
        TransferDecider decider = new TransferDecider();
        List<TransferEvent> events = List.of(requested(), new TransferCompleted(TR), failed());
        assertThat(classesOf(events)).isEqualTo(permitted(TransferEvent.class));
        TransferState requestedState = decider.evolve(TransferState.notRequested(), requested());
        assertThat(decider.evolve(requestedState, new TransferCompleted(TR))).isEqualTo(new TransferState.Completed());
        assertThat(decider.evolve(requestedState, failed()))
                .isEqualTo(new TransferState.Failed(DeclineReason.INSUFFICIENT_FUNDS, false));
        assertThatThrownBy(() -> decider.evolve(new TransferState.Completed(), failed()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("TransferFailed cannot apply to transfer tr-1: it is COMPLETED");
    }

    private static Set<Class<?>> classesOf(List<?> samples) {
        return samples.stream().map(Object::getClass).collect(Collectors.toSet());
    }

    private static Set<Class<?>> permitted(Class<?> sealed) {
        return Arrays.stream(sealed.getPermittedSubclasses()).collect(Collectors.toSet());
    }
}
