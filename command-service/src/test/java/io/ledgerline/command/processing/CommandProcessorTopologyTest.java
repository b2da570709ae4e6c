package io.ledgerline.command.processing;

import static io.ledgerline.command.processing.Commands.ISSUED_AT;
import static io.ledgerline.command.processing.ProcessorDriver.header;
import static io.ledgerline.command.processing.ProcessorDriver.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.account.AccountEvent;
import io.ledgerline.avro.result.CommandResult;
import io.ledgerline.mapping.OutcomeMapper;
import io.ledgerline.message.EventEnvelope;
import io.ledgerline.outcome.CommandOutcome;
import io.ledgerline.outcome.OutcomeCode;
import io.ledgerline.topics.LedgerHeaders;
import io.ledgerline.transfer.TransferEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command processor end to end in a {@link org.apache.kafka.streams.TopologyTestDriver}. */
class CommandProcessorTopologyTest {

    @TempDir
    Path stateDir;

    private ProcessorDriver processor;

    @BeforeEach
    void start() {
        processor = new ProcessorDriver(stateDir, CommandProcessorConfig.DEFAULT_DEDUPE_RETENTION);
    }

    @AfterEach
    void stop() {
        processor.close();
    }

    @Test
    void givenNewAccount_whenOpenDepositWithdraw_thenEventsAtVersions1To3AndAcceptedOutcomes() {
        processor.send(Commands.open("c-1", "acc-1"));
        processor.send(Commands.deposit("c-2", "acc-1", 1_000));
        processor.send(Commands.withdraw("c-3", "acc-1", 300));

        List<TestRecord<String, SpecificRecord>> records = processor.eventRecords();
        assertThat(records).extracting(TestRecord::key).containsExactly("acc-1", "acc-1", "acc-1");
        List<EventEnvelope> events = records.stream()
                .map(r -> io.ledgerline.mapping.EventMapper.fromAvro(r.value())).toList();
        assertThat(events).extracting(e -> e.meta().version()).containsExactly(1L, 2L, 3L);
        assertThat(events).extracting(EventEnvelope::event).containsExactly(
                new AccountEvent.AccountOpened("acc-1", "cust-1", "EUR", "Ada Lovelace"),
                new AccountEvent.MoneyDeposited("acc-1", 1_000, "EUR", "salary"),
                new AccountEvent.MoneyWithdrawn("acc-1", 300, "EUR", null));
        assertThat(events).extracting(e -> e.meta().eventId()).containsExactly("c-1:0", "c-2:0", "c-3:0");
        assertThat(header(records.get(1).headers(), LedgerHeaders.COMMAND_ID)).isEqualTo("c-2");
        assertThat(header(records.get(1).headers(), LedgerHeaders.CAUSATION_ID)).isEqualTo("c-2");

        List<CommandOutcome> outcomes = outcomes(processor.results());
        assertThat(outcomes).extracting(CommandOutcome::commandId).containsExactly("c-1", "c-2", "c-3");
        assertThat(outcomes).extracting(CommandOutcome::code).containsOnly(OutcomeCode.ACCEPTED);
        assertThat(outcomes).extracting(CommandOutcome::version).containsExactly(1L, 2L, 3L);
        assertThat(outcomes).extracting(CommandOutcome::eventCount).containsOnly(1);
        assertThat(outcomes.get(1).commandType()).isEqualTo("io.ledgerline.avro.command.DepositMoney");
    }

    @Test
    void theOutcomeIsStampedWithProcessingTimeAndCarriesTheReplyToAndCorrelationHeaders() {
        processor.driver.advanceWallClockTime(Duration.ofMinutes(5));
        RecordHeaders headers = new RecordHeaders();
        headers.add(LedgerHeaders.REPLY_TO, utf8("rest-instance-7"));
        headers.add(LedgerHeaders.CORRELATION_ID, utf8("corr-9"));
        headers.add(LedgerHeaders.TRACEPARENT, utf8("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
        processor.send(Commands.open("c-1", "acc-1"), ISSUED_AT, headers);

        TestRecord<String, CommandResult> result = processor.onlyResult();
        assertThat(result.key()).isEqualTo("c-1");
        assertThat(result.value().getProcessedAt()).isEqualTo(ProcessorDriver.WALL_CLOCK.plus(Duration.ofMinutes(5)));
        assertThat(result.value().getProcessedAt()).isNotEqualTo(ISSUED_AT);
        assertThat(header(result.headers(), LedgerHeaders.REPLY_TO)).isEqualTo("rest-instance-7");
        assertThat(header(result.headers(), LedgerHeaders.CORRELATION_ID)).isEqualTo("corr-9");
        assertThat(header(result.headers(), LedgerHeaders.COMMAND_ID)).isEqualTo("c-1");
        assertThat(header(result.headers(), LedgerHeaders.DUPLICATE)).isNull();
        TestRecord<String, SpecificRecord> event = processor.eventRecords().get(0);
        assertThat(header(event.headers(), LedgerHeaders.CORRELATION_ID)).isEqualTo("corr-9");
        assertThat(header(event.headers(), LedgerHeaders.TRACEPARENT)).startsWith("00-0af7");
        assertThat(header(event.headers(), LedgerHeaders.REPLY_TO)).isNull();
    }

    @Test
    void givenProcessedCommand_whenSameIdAndPayloadAgain_thenNothingAppendedAndTheSameOutcomeMarkedSame() {
        processor.send(Commands.open("c-1", "acc-1"));
        processor.send(Commands.deposit("c-2", "acc-1", 1_000));
        CommandResult original = processor.results().get(1).value();
        processor.events();
        processor.driver.advanceWallClockTime(Duration.ofSeconds(30));

        RecordHeaders retry = new RecordHeaders();
        retry.add(LedgerHeaders.REPLY_TO, utf8("rest-instance-2"));
        processor.send(Commands.deposit("c-2", "acc-1", 1_000), ISSUED_AT.plusSeconds(20), retry);

        assertThat(processor.events()).isEmpty();
        TestRecord<String, CommandResult> again = processor.onlyResult();
        assertThat(again.key()).isEqualTo("c-2");
        assertThat(again.value()).isEqualTo(original);
        assertThat(header(again.headers(), LedgerHeaders.DUPLICATE)).isEqualTo(LedgerHeaders.DUPLICATE_SAME);
        assertThat(header(again.headers(), LedgerHeaders.REPLY_TO)).isEqualTo("rest-instance-2");
        // The balance was credited once: withdrawing all of it works, a cent more would not.
        processor.send(Commands.withdraw("c-3", "acc-1", 1_000));
        assertThat(OutcomeMapper.fromAvro(processor.onlyResult().value()).version()).isEqualTo(3L);
    }

    @Test
    void givenProcessedCommand_whenSameIdWithAnotherPayload_thenNothingAppendedAndTheOutcomeMarkedDifferent() {
        processor.send(Commands.open("c-1", "acc-1"));
        processor.send(Commands.deposit("c-2", "acc-1", 1_000));
        CommandResult original = processor.results().get(1).value();
        processor.events();

        processor.send(Commands.deposit("c-2", "acc-1", 9_999));

        assertThat(processor.events()).isEmpty();
        TestRecord<String, CommandResult> again = processor.onlyResult();
        assertThat(again.value()).isEqualTo(original);
        assertThat(header(again.headers(), LedgerHeaders.DUPLICATE)).isEqualTo(LedgerHeaders.DUPLICATE_DIFFERENT);
    }

    @Test
    void aRetryWithOtherMetadataButTheSamePayloadIsTheSameCommand() {
        processor.send(Commands.open("c-1", "acc-1"));
        processor.results();

        processor.send(Commands.with("c-1", 0L, ISSUED_AT.plusSeconds(3), Commands.open("c-1", "acc-1").command()));

        assertThat(header(processor.onlyResult().headers(), LedgerHeaders.DUPLICATE))
                .isEqualTo(LedgerHeaders.DUPLICATE_SAME);
    }

    @Test
    void givenAccountAtVersion2_whenExpectingVersion1_thenVersionConflictAndNothingAppended() {
        processor.send(Commands.open("c-1", "acc-1"));
        processor.send(Commands.deposit("c-2", "acc-1", 1_000));
        processor.results();
        processor.events();

        processor.send(Commands.expecting(1, "c-3", Commands.withdraw("x", "acc-1", 10).command()));

        CommandOutcome outcome = OutcomeMapper.fromAvro(processor.onlyResult().value());
        assertThat(outcome.code()).isEqualTo(OutcomeCode.VERSION_CONFLICT);
        assertThat(outcome.version()).isEqualTo(2L);
        assertThat(outcome.message()).contains("version 1", "version 2");
        assertThat(processor.events()).isEmpty();
        processor.send(Commands.expecting(2, "c-4", Commands.withdraw("x", "acc-1", 10).command()));
        assertThat(OutcomeMapper.fromAvro(processor.onlyResult().value()).version()).isEqualTo(3L);
    }

    @Test
    void givenNoAccount_whenDeposit_thenNotFoundAndARuleRefusalIsRemembered() {
        processor.send(Commands.deposit("c-1", "ghost", 100));
        CommandOutcome outcome = OutcomeMapper.fromAvro(processor.onlyResult().value());
        assertThat(outcome.code()).isEqualTo(OutcomeCode.NOT_FOUND);
        assertThat(outcome.version()).isNull();

        processor.send(Commands.open("c-2", "ghost"));
        processor.send(Commands.deposit("c-1", "ghost", 100));

        List<CommandOutcome> outcomes = outcomes(processor.results());
        assertThat(outcomes.get(1).code()).isEqualTo(OutcomeCode.NOT_FOUND);
        assertThat(processor.events()).hasSize(1);
    }

    @Test
    void anAccountAndATransferWithTheSameIdAreSeparateAggregates() {
        processor.send(Commands.open("c-1", "same-id"));
        processor.send(Commands.requestTransfer("c-2", "same-id"));
        processor.send(Commands.deposit("c-3", "same-id", 50));

        List<EventEnvelope> events = processor.events();
        assertThat(events).extracting(EventEnvelope::event).containsExactly(
                new AccountEvent.AccountOpened("same-id", "cust-1", "EUR", "Ada Lovelace"),
                new TransferEvent.TransferRequested("same-id", "acc-a", "acc-b", 500, "EUR", "rent"),
                new AccountEvent.MoneyDeposited("same-id", 50, "EUR", "salary"));
        assertThat(events).extracting(e -> e.meta().version()).containsExactly(1L, 1L, 2L);
        assertThat(outcomes(processor.results())).extracting(CommandOutcome::code).containsOnly(OutcomeCode.ACCEPTED);
        assertThat(processor.driver.getKeyValueStore(CommandProcessorTopology.ACCOUNTS_STORE).get("same-id"))
                .isNotNull();
        assertThat(processor.driver.getKeyValueStore(CommandProcessorTopology.TRANSFERS_STORE).get("same-id"))
                .isNotNull();
    }

    @Test
    void aCommandKeyedByAnotherIdIsDeadLetteredWithoutTouchingEitherAggregate() {
        processor.send(Commands.open("c-1", "acc-1"));
        processor.results();
        processor.events();

        byte[] misKeyed = processor.encode(Commands.deposit("c-2", "acc-1", 5));
        processor.sendRaw(utf8("acc-2"), misKeyed, ISSUED_AT, new RecordHeaders());

        assertThat(processor.results()).isEmpty();
        assertThat(processor.events()).isEmpty();
        TestRecord<byte[], byte[]> letter = processor.deadLetters().get(0);
        assertThat(letter.value()).isEqualTo(misKeyed);
        assertThat(header(letter.headers(), LedgerHeaders.DLQ_ERROR_MESSAGE)).contains("'acc-2'", "'acc-1'");
        processor.send(Commands.deposit("c-2", "acc-1", 5));
        assertThat(OutcomeMapper.fromAvro(processor.onlyResult().value()).code()).isEqualTo(OutcomeCode.ACCEPTED);
    }

    @Test
    void aStateStoredAndReadBackThroughItsSerdeDrivesTheNextDecision() {
        processor.send(Commands.open("c-1", "acc-1"));
        processor.send(Commands.deposit("c-2", "acc-1", 100));
        processor.send(Commands.withdraw("c-3", "acc-1", 101));

        CommandOutcome refused = outcomes(processor.results()).get(2);
        assertThat(refused.code()).isEqualTo(OutcomeCode.REJECTED_RULE);
        assertThat(refused.version()).isEqualTo(2L);
        assertThat(processor.events()).hasSize(2);
    }

    private static List<CommandOutcome> outcomes(List<TestRecord<String, CommandResult>> records) {
        return records.stream().map(r -> OutcomeMapper.fromAvro(r.value())).toList();
    }
}
