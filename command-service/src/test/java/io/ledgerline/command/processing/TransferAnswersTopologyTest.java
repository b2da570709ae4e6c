package io.ledgerline.command.processing;

import static io.ledgerline.command.processing.ProcessorDriver.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.account.AccountCommand;
import io.ledgerline.account.AccountEvent;
import io.ledgerline.account.DeclineReason;
import io.ledgerline.mapping.EventMapper;
import io.ledgerline.message.EventEnvelope;
import io.ledgerline.topics.Topics;
import io.ledgerline.transfer.TransferStepIds;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ADR 0035: an account's answer to a saga step is written to {@code ledger.events} keyed by the account and, in the
 * same transaction, to {@code ledger.transfer-answers} keyed by the transfer, with the same bytes and headers; no
 * other event is.
 */
class TransferAnswersTopologyTest {

    @TempDir
    Path stateDir;

    private ProcessorDriver processor;

    @BeforeEach
    void start() {
        processor = new ProcessorDriver(stateDir, CommandProcessorConfig.DEFAULT_DEDUPE_RETENTION);
        processor.send(Commands.open("c-1", "acc-1"));
        processor.send(Commands.deposit("c-2", "acc-1", 1_000));
        processor.eventRecords();
    }

    @AfterEach
    void stop() {
        processor.close();
    }

    @Test
    void givenFundedAccount_whenDebitForTransfer_thenTheEventAgainKeyedByTheTransferWithTheSameBytesAndHeaders() {
        processor.send(Commands.envelope(TransferStepIds.of("t-1", TransferStepIds.DEBIT),
                new AccountCommand.DebitForTransfer("acc-1", "t-1", 300, "EUR")));

        List<TestRecord<String, SpecificRecord>> events = processor.eventRecords();
        List<TestRecord<byte[], byte[]>> answers = processor.answerRecords();
        assertThat(events).singleElement().extracting(TestRecord::key).isEqualTo("acc-1");
        assertThat(answers).singleElement().extracting(TestRecord::key).isEqualTo(utf8("t-1"));
        assertThat(decode(answers.get(0).value())).isEqualTo(EventMapper.fromAvro(events.get(0).value()));
        assertThat(decode(answers.get(0).value()).event())
                .isEqualTo(new AccountEvent.TransferDebited("acc-1", "t-1", 300, "EUR"));
        assertThat(answers.get(0).headers()).isEqualTo(events.get(0).headers());
        assertThat(answers.get(0).timestamp()).isEqualTo(events.get(0).timestamp());
    }

    @Test
    void aDeclinedStepIsAnAnswerToo() {
        processor.send(Commands.envelope(TransferStepIds.of("t-2", TransferStepIds.DEBIT),
                new AccountCommand.DebitForTransfer("acc-1", "t-2", 5_000, "EUR")));

        List<TestRecord<byte[], byte[]>> answers = processor.answerRecords();
        assertThat(answers).singleElement().extracting(TestRecord::key).isEqualTo(utf8("t-2"));
        assertThat(decode(answers.get(0).value()).event()).isInstanceOfSatisfying(
                AccountEvent.TransferDebitDeclined.class,
                declined -> assertThat(declined.reason()).isEqualTo(DeclineReason.INSUFFICIENT_FUNDS));
    }

    @Test
    void eventsThatAnswerNoStepAreNotCopied() {
        processor.send(Commands.deposit("c-3", "acc-1", 100));
        processor.send(Commands.requestTransfer("c-4", "t-3"));

        assertThat(processor.eventRecords()).hasSize(2);
        assertThat(processor.answerRecords()).isEmpty();
    }

    @Test
    void aDuplicateStepAppendsNoAnswer() {
        var debit = Commands.envelope(TransferStepIds.of("t-4", TransferStepIds.DEBIT),
                new AccountCommand.DebitForTransfer("acc-1", "t-4", 300, "EUR"));
        processor.send(debit);
        processor.answerRecords();

        processor.send(debit);

        assertThat(processor.answerRecords()).isEmpty();
    }

    private EventEnvelope decode(byte[] value) {
        Deserializer<SpecificRecord> avro = Topics.EVENTS.valueSerde(processor.registry, false).deserializer();
        return EventMapper.fromAvro(avro.deserialize(Topics.TRANSFER_ANSWERS.name(), value));
    }
}
