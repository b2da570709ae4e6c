package io.ledgerline.command.saga;

import static io.ledgerline.command.saga.SagaDriver.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.account.AccountCommand.CreditForTransfer;
import io.ledgerline.account.AccountCommand.DebitForTransfer;
import io.ledgerline.account.AccountCommand.ReverseTransferDebit;
import io.ledgerline.account.AccountEvent.AccountOpened;
import io.ledgerline.account.AccountEvent.TransferCreditDeclined;
import io.ledgerline.account.AccountEvent.TransferCredited;
import io.ledgerline.account.AccountEvent.TransferDebitReversed;
import io.ledgerline.account.AccountEvent.TransferDebited;
import io.ledgerline.account.DeclineReason;
import io.ledgerline.message.CommandEnvelope;
import io.ledgerline.saga.SagaState;
import io.ledgerline.topics.LedgerHeaders;
import io.ledgerline.topics.Topics;
import io.ledgerline.transfer.TransferCommand.CompleteTransfer;
import io.ledgerline.transfer.TransferCommand.FailTransfer;
import io.ledgerline.transfer.TransferEvent.TransferCompleted;
import io.ledgerline.transfer.TransferEvent.TransferFailed;
import io.ledgerline.transfer.TransferEvent.TransferRequested;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The saga topology with wall-clock punctuation: steps, re-sends, STUCK, duplicates, dead letters, catch-up. */
class SagaTopologyTest {

    private static final String T = "t-1";
    private static final String FROM = "acc-1";
    private static final String TO = "acc-2";
    private static final String FROZEN = "cannot credit 700 EUR to account acc-2: it is FROZEN";
    private static final Duration TICK_AND_A_BIT = SagaDriver.TICK.plusMillis(1);

    @TempDir
    Path stateDir;
    private SagaDriver saga;

    @BeforeEach
    void start() {
        saga = new SagaDriver(stateDir);
    }

    @AfterEach
    void stop() {
        saga.close();
    }

    @Test
    void givenTransferRequested_whenEveryStepIsAnswered_thenEachStepIsSentOnceWithItsDeterministicId() {
        saga.append(requested());
        List<TestRecord<String, SpecificRecord>> debit = saga.commandRecords();
        assertThat(debit).hasSize(1);
        assertThat(debit.get(0).key()).isEqualTo(FROM);
        assertThat(header(debit.get(0).headers(), LedgerHeaders.COMMAND_ID)).isEqualTo(T + ":debit");
        assertThat(header(debit.get(0).headers(), LedgerHeaders.CORRELATION_ID)).isEqualTo("corr-" + T);
        assertThat(header(debit.get(0).headers(), LedgerHeaders.CAUSATION_ID)).isEqualTo("cmd-1:0");
        assertThat(header(debit.get(0).headers(), LedgerHeaders.ACTOR)).isEqualTo(SagaProcessor.ACTOR);

        saga.append(new TransferDebited(FROM, T, 700, "EUR"));
        List<TestRecord<String, SpecificRecord>> credit = saga.commandRecords();
        assertThat(credit).extracting(TestRecord::key).containsExactly(TO);
        assertThat(header(credit.get(0).headers(), LedgerHeaders.COMMAND_ID)).isEqualTo(T + ":credit");

        saga.append(new TransferCredited(TO, T, 700, "EUR"));
        List<CommandEnvelope> complete = saga.commands();
        assertThat(complete).extracting(c -> c.meta().commandId()).containsExactly(T + ":complete");
        assertThat(complete.get(0).command()).isEqualTo(new CompleteTransfer(T));

        saga.append(new TransferCompleted(T));
        saga.advance(Duration.ofMinutes(5));
        assertThat(saga.commands()).isEmpty();
        assertThat(saga.counters.byStatus()).containsEntry(SagaState.Status.COMPLETED, 1L)
                .containsEntry(SagaState.Status.DEBITING, 0L);
    }

    @Test
    void givenDeclinedCredit_whenAnswered_thenTheDebitIsReversedAndTheTransferFailedCompensated() {
        saga.append(requested());
        saga.append(new TransferDebited(FROM, T, 700, "EUR"));
        saga.commands();
        saga.append(new TransferCreditDeclined(TO, T, 700, "EUR", DeclineReason.ACCOUNT_FROZEN, FROZEN));
        assertThat(saga.commands()).extracting(CommandEnvelope::command)
                .containsExactly(new ReverseTransferDebit(FROM, T, 700, "EUR"));
        saga.append(new TransferDebitReversed(FROM, T, 700, "EUR"));
        assertThat(saga.commands()).extracting(CommandEnvelope::command)
                .containsExactly(new FailTransfer(T, DeclineReason.ACCOUNT_FROZEN, FROZEN, true));
    }

    @Test
    void givenUnansweredDebit_whenTheBackoffPasses_thenTheSameCommandIsSentAgain() {
        saga.append(requested());
        CommandEnvelope first = saga.commands().get(0);

        saga.advance(Duration.ofMillis(900));
        assertThat(saga.commands()).isEmpty();
        saga.advance(Duration.ofMillis(200));
        List<CommandEnvelope> again = saga.commands();

        assertThat(again).containsExactly(first);
        assertThat(first.command()).isEqualTo(new DebitForTransfer(FROM, T, 700, "EUR"));
        saga.advance(Duration.ofMillis(1_900));
        assertThat(saga.commands()).isEmpty();
        saga.advance(Duration.ofMillis(200));
        assertThat(saga.commands()).containsExactly(first);
        assertThat(saga.counters.resent()).isEqualTo(2);
    }

    @Test
    void givenUnansweredDebit_whenTheAttemptsRunOut_thenStuckListedCountedAndNothingMoreIsSent() {
        saga.append(requested());
        // Sends at 0, 1, 3, 7 and 15 s; the fifth send's deadline (23 s) makes it STUCK.
        for (int second = 0; second < 30; second++) {
            saga.advance(Duration.ofSeconds(1));
        }
        assertThat(saga.commands()).hasSize(5).extracting(c -> c.meta().commandId()).containsOnly(T + ":debit");

        List<StuckTransfer> stuck = saga.queries().stuck(10);
        assertThat(stuck).hasSize(1);
        assertThat(stuck.get(0).transferId()).isEqualTo(T);
        assertThat(stuck.get(0).cause()).isEqualTo(SagaState.StuckCause.NO_ANSWER);
        assertThat(stuck.get(0).step()).isEqualTo("DEBIT");
        assertThat(stuck.get(0).attempts()).isEqualTo(5);
        assertThat(saga.counters.byStatus()).containsEntry(SagaState.Status.STUCK, 1L)
                .containsEntry(SagaState.Status.DEBITING, 0L);

        saga.advance(Duration.ofMinutes(10));
        assertThat(saga.commands()).isEmpty();
        assertThat(saga.counters.stuck()).isEqualTo(1);
        assertThat(saga.counters.resent()).isEqualTo(4);
    }

    @Test
    void givenStuckTransfer_whenTheLateAnswerArrives_thenItResumesAndLeavesTheListing() {
        saga.append(requested());
        for (int second = 0; second < 30; second++) {
            saga.advance(Duration.ofSeconds(1));
        }
        saga.commands();
        saga.append(new TransferDebited(FROM, T, 700, "EUR"));
        assertThat(saga.commands()).extracting(CommandEnvelope::command)
                .containsExactly(new CreditForTransfer(TO, T, 700, "EUR"));
        assertThat(saga.queries().stuck(10)).isEmpty();
        assertThat(saga.counters.byStatus()).containsEntry(SagaState.Status.STUCK, 0L)
                .containsEntry(SagaState.Status.CREDITING, 1L);
    }

    @Test
    void givenAnswersOutOfOrderAndTwice_whenFolded_thenEachStepIsSentOnce() {
        saga.append(new TransferDebited(FROM, T, 700, "EUR"));
        saga.append(new TransferDebited(FROM, T, 700, "EUR"));
        assertThat(saga.commands()).isEmpty();

        saga.append(requested());
        saga.append(requested());
        saga.append(new TransferDebited(FROM, T, 700, "EUR"));
        assertThat(saga.commands()).extracting(c -> c.meta().commandId()).containsExactly(T + ":credit");

        saga.append(new TransferCompleted(T));
        saga.append(new TransferCredited(TO, T, 700, "EUR"));
        saga.append(new TransferFailed(T, DeclineReason.UNKNOWN, "late", false));
        saga.advance(Duration.ofMinutes(2));
        assertThat(saga.commands()).isEmpty();
        assertThat(saga.counters.byStatus()).containsEntry(SagaState.Status.COMPLETED, 1L)
                .containsEntry(SagaState.Status.NOT_STARTED, 0L).containsEntry(SagaState.Status.CREDITING, 0L);
    }

    @Test
    void givenUndecodableEvent_whenRead_thenDeadLetteredAndTheNextEventIsProcessed() {
        byte[] garbage = {0, 0, 0, 0, 7, 1, 2, 3};
        RecordHeaders headers = new RecordHeaders();
        headers.add(LedgerHeaders.CORRELATION_ID, SagaDriver.utf8("c-9"));
        saga.appendRaw(SagaDriver.utf8("acc-9"), garbage, headers);
        saga.append(requested());

        List<TestRecord<byte[], byte[]>> dead = saga.deadLetters();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).value()).isEqualTo(garbage);
        assertThat(dead.get(0).key()).isEqualTo(SagaDriver.utf8("acc-9"));
        assertThat(header(dead.get(0).headers(), LedgerHeaders.DLQ_TOPIC)).isEqualTo(Topics.EVENTS.name());
        assertThat(header(dead.get(0).headers(), LedgerHeaders.DLQ_ERROR_MESSAGE)).isNotBlank();
        assertThat(saga.commands()).extracting(c -> c.meta().commandId()).containsExactly(T + ":debit");
    }

    @Test
    void givenEventsTheSagaDoesNotRead_whenRead_thenNothingIsStoredOrSent() {
        saga.append(new AccountOpened(FROM, "cust-1", "EUR", "Ada"));
        assertThat(saga.commands()).isEmpty();
        assertThat(saga.deadLetters()).isEmpty();
        assertThat(saga.counters.byStatus().values()).containsOnly(0L);
    }

    @Test
    void givenNotCaughtUp_whenEventsArrive_thenNoCommandIsWrittenUntilCaughtUpAndTheTickResendsTheStep() {
        saga.caughtUp.set(false);
        saga.append(requested());
        saga.advance(Duration.ofSeconds(5));
        assertThat(saga.commands()).isEmpty();

        saga.caughtUp.set(true);
        saga.advance(TICK_AND_A_BIT);
        assertThat(saga.commands()).extracting(c -> c.meta().commandId()).containsExactly(T + ":debit");
    }

    private static TransferRequested requested() {
        return new TransferRequested(T, FROM, TO, 700, "EUR", "rent");
    }
}
