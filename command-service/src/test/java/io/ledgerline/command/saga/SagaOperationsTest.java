package io.ledgerline.command.saga;

import static io.ledgerline.command.saga.SagaDriver.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.account.AccountCommand.CreditForTransfer;
import io.ledgerline.account.AccountEvent.TransferCredited;
import io.ledgerline.account.AccountEvent.TransferDebitDeclined;
import io.ledgerline.account.AccountEvent.TransferDebited;
import io.ledgerline.account.DeclineReason;
import io.ledgerline.message.CommandEnvelope;
import io.ledgerline.saga.SagaState;
import io.ledgerline.topics.LedgerHeaders;
import io.ledgerline.topics.Topics;
import io.ledgerline.transfer.TransferEvent.TransferCompleted;
import io.ledgerline.transfer.TransferEvent.TransferFailed;
import io.ledgerline.transfer.TransferEvent.TransferRequested;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What operators and time do to the saga topology (ADR 0032): an operator's retry of a STUCK step, the deletion of
 * settled sagas after their retention (and late answers after it), and deadlines held while the pipeline has a
 * backlog.
 */
class SagaOperationsTest {

    private static final String T = "t-1";
    private static final String FROM = "acc-1";
    private static final String TO = "acc-2";

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

    // --- retry

    @Test
    void givenStuckOnNoAnswer_whenAnOperatorRetries_thenTheStepIsResentWithItsIdAndItsDeadlinesResume() {
        stuckOnTheDebit();
        StuckTransfer listed = saga.queries().stuck(10).get(0);
        assertThat(listed.retryable()).isTrue();

        saga.instruct(T, "retry");

        List<TestRecord<String, org.apache.avro.specific.SpecificRecord>> sent = saga.commandRecords();
        assertThat(sent).hasSize(1);
        assertThat(header(sent.get(0).headers(), LedgerHeaders.COMMAND_ID)).isEqualTo(T + ":debit");
        assertThat(header(sent.get(0).headers(), LedgerHeaders.CORRELATION_ID)).isEqualTo("corr-" + T);
        assertThat(saga.queries().stuck(10)).isEmpty();
        assertThat(saga.counters.byStatus()).containsEntry(SagaState.Status.DEBITING, 1L)
                .containsEntry(SagaState.Status.STUCK, 0L);
        assertThat(saga.counters.retried()).isEqualTo(1);
        // A new round: re-sent after 1 s, 2 s, ... and STUCK again when it runs out, never compensated.
        saga.advance(Duration.ofMillis(1_101));
        assertThat(saga.commands()).extracting(c -> c.meta().commandId()).containsExactly(T + ":debit");
        for (int second = 0; second < 30; second++) {
            saga.advance(Duration.ofSeconds(1));
        }
        assertThat(saga.commands()).extracting(c -> c.meta().commandId()).containsOnly(T + ":debit");
        assertThat(saga.queries().stuck(10)).singleElement().extracting(StuckTransfer::step).isEqualTo("DEBIT");

        saga.append(new TransferDebited(FROM, T, 700, "EUR"));
        assertThat(saga.commands()).extracting(CommandEnvelope::command)
                .containsExactly(new CreditForTransfer(TO, T, 700, "EUR"));
    }

    @Test
    void givenRunningSettledOrUnknown_whenAnOperatorRetries_thenNothingIsSentOrChanged() {
        saga.append(requested());
        saga.commands();
        saga.instruct(T, "retry");
        saga.instruct("t-unknown", "retry");

        assertThat(saga.commands()).isEmpty();
        assertThat(saga.counters.byStatus()).containsEntry(SagaState.Status.DEBITING, 1L);
        assertThat(saga.counters.retried()).isZero();
    }

    @Test
    void givenAnUnknownInstruction_whenRead_thenDeadLetteredAsItCameAndTheNextIsApplied() {
        stuckOnTheDebit();

        saga.instruct(T, "compensate-on-a-guess");
        saga.instruct(T, "retry");

        List<TestRecord<byte[], byte[]>> dead = saga.deadLetters();
        assertThat(dead).singleElement().satisfies(letter -> {
            assertThat(letter.value()).isEqualTo(SagaDriver.utf8("compensate-on-a-guess"));
            assertThat(header(letter.headers(), LedgerHeaders.DLQ_TOPIC)).isEqualTo(Topics.SAGA_CONTROL.name());
        });
        assertThat(saga.commands()).extracting(c -> c.meta().commandId()).containsExactly(T + ":debit");
    }

    @Test
    void givenStuck_thenTheIndexCarriesTheSagaSoItsChangelogListsItWithoutTheSagaStore() {
        stuckOnTheDebit();
        KeyValueStore<String, byte[]> index = saga.driver.getKeyValueStore(SagaTopology.STUCK_STORE);

        assertThat(StuckTransfer.fromIndexValue(index.get(T))).hasValue(saga.queries().stuck(1).get(0));
        assertThat(StuckTransfer.fromIndexValue(new byte[0])).isEmpty();
        assertThat(StuckTransfer.indexChangelog("ledgerline-transfer-saga"))
                .isEqualTo("ledgerline-transfer-saga-transfer-saga-stuck-changelog");
    }

    // --- retention

    @Test
    void givenCompleted_whenTheRetentionPasses_thenTheSagaIsDeletedAndALateAnswerSendsNothing() {
        completed();
        saga.advance(SagaDriver.RETENTION.minusMinutes(1));
        assertThat(saga.queries().saga(T)).isPresent();

        saga.advance(Duration.ofMinutes(2));

        assertThat(saga.queries().saga(T)).isEmpty();
        assertThat(saga.counters.byStatus().values()).containsOnly(0L);
        assertThat(saga.storedCounts().values()).containsOnly(0L);
        assertThat(saga.timeIndex()).isEmpty();
        assertThat(saga.counters.expired()).isEqualTo(1);
        // A duplicate of an answer after the deletion: no terms, so no step and no compensation; kept as
        // answers without a request, deleted in turn after the retention and counted as an orphan.
        saga.append(new TransferDebited(FROM, T, 700, "EUR"));
        saga.append(new TransferCredited(TO, T, 700, "EUR"));
        saga.advance(Duration.ofMinutes(1));
        assertThat(saga.commands()).isEmpty();
        assertThat(saga.counters.byStatus()).containsEntry(SagaState.Status.NOT_STARTED, 1L);
        saga.advance(SagaDriver.RETENTION.plusMinutes(1));
        assertThat(saga.queries().saga(T)).isEmpty();
        assertThat(saga.counters.orphaned()).isEqualTo(1);
        assertThat(saga.commands()).isEmpty();
    }

    @Test
    void givenFailed_whenALateDebitArrivesWithinTheRetention_thenItIsReversedAndTheRetentionStartsAgain() {
        saga.append(requested());
        saga.append(new TransferDebitDeclined(FROM, T, 700, "EUR", DeclineReason.INSUFFICIENT_FUNDS, "no"));
        saga.append(new TransferFailed(T, DeclineReason.INSUFFICIENT_FUNDS, "no", false));
        saga.commands();
        saga.advance(SagaDriver.RETENTION.minusDays(1));

        saga.append(new TransferDebited(FROM, T, 700, "EUR"));
        assertThat(saga.commands()).extracting(c -> c.meta().commandId()).containsExactly(T + ":reverse");
        saga.append(new io.ledgerline.account.AccountEvent.TransferDebitReversed(FROM, T, 700, "EUR"));
        saga.advance(Duration.ofDays(2));

        assertThat(saga.queries().saga(T)).isPresent();
        assertThat(saga.counters.byStatus()).containsEntry(SagaState.Status.FAILED, 1L);
        saga.advance(SagaDriver.RETENTION);
        assertThat(saga.queries().saga(T)).isEmpty();
    }

    @Test
    void givenStuck_whenLongerThanTheRetention_thenKeptForTheOperator() {
        stuckOnTheDebit();
        saga.advance(SagaDriver.RETENTION.multipliedBy(2));
        assertThat(saga.queries().stuck(10)).hasSize(1);
    }

    // --- deadlines held while the pipeline has a backlog

    @Test
    void givenABacklog_whenADeadlinePasses_thenNoResendUntilThePipelineIsFlushedPastIt() {
        saga.flushedUpTo.set(SagaDriver.START);
        saga.append(requested());
        saga.commands();

        saga.advance(Duration.ofSeconds(20));
        assertThat(saga.commands()).isEmpty();
        assertThat(saga.counters.resent()).isZero();

        // The backlog drains: the watermark passes the deadline (1 s after the send) and the step is re-sent once.
        saga.flushedUpTo.set(SagaDriver.START.plusSeconds(2));
        saga.advance(Duration.ofMillis(101));
        assertThat(saga.commands()).extracting(c -> c.meta().commandId()).containsExactly(T + ":debit");
        assertThat(saga.counters.resent()).isEqualTo(1);
    }

    @Test
    void givenABacklogWhoseAnswerArrives_thenTheStepIsNeverResent() {
        saga.flushedUpTo.set(SagaDriver.START);
        saga.append(requested());
        saga.commands();
        saga.advance(Duration.ofSeconds(20));

        saga.append(new TransferDebited(FROM, T, 700, "EUR"));
        saga.flushedUpTo.set(Instant.MAX);
        saga.advance(Duration.ofMillis(500));

        assertThat(saga.commands()).extracting(c -> c.meta().commandId()).containsExactly(T + ":credit");
        assertThat(saga.counters.resent()).isZero();
    }

    @Test
    void givenTheWatchSeesNoBacklog_whenNoAnswerEverComes_thenStuckAsBefore() {
        saga.append(requested());
        saga.flushedUpTo.set(Instant.MAX);
        for (int second = 0; second < 30; second++) {
            saga.advance(Duration.ofSeconds(1));
        }
        assertThat(saga.queries().stuck(10)).hasSize(1);
    }

    private void stuckOnTheDebit() {
        saga.append(requested());
        // Sends at 0, 1, 3, 7 and 15 s; the fifth send's deadline (23 s) makes it STUCK.
        for (int second = 0; second < 30; second++) {
            saga.advance(Duration.ofSeconds(1));
        }
        saga.commands();
        assertThat(saga.queries().stuck(10)).hasSize(1);
    }

    private void completed() {
        saga.append(requested());
        saga.append(new TransferDebited(FROM, T, 700, "EUR"));
        saga.append(new TransferCredited(TO, T, 700, "EUR"));
        saga.append(new TransferCompleted(T));
        saga.commands();
    }

    private static TransferRequested requested() {
        return new TransferRequested(T, FROM, TO, 700, "EUR", "rent");
    }
}
