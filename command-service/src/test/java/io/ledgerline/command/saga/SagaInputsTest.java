package io.ledgerline.command.saga;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.account.AccountEvent.TransferDebited;
import io.ledgerline.saga.SagaState;
import io.ledgerline.topics.LedgerHeaders;
import io.ledgerline.topics.Topics;
import io.ledgerline.transfer.TransferEvent.TransferRequested;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ADR 0035: the saga reads the transfers' events from {@code ledger.events}, the accounts' answers from
 * {@code ledger.transfer-answers} and the instructions from {@code ledger.saga-control}, co-partitioned by transfer
 * id, in one sub-topology without a repartition.
 */
class SagaInputsTest {

    private static final String T = "t-1";
    private static final String FROM = "acc-1";

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
    void theThreeInputsAreReadInOneSubTopologyAndNothingIsRepartitioned() {
        TopologyDescription description = saga.topology.describe();

        assertThat(description.subtopologies()).hasSize(1);
        Set<String> sources = new HashSet<>();
        Set<String> sinks = new HashSet<>();
        for (TopologyDescription.Node node : description.subtopologies().iterator().next().nodes()) {
            if (node instanceof TopologyDescription.Source source) {
                sources.addAll(source.topicSet());
            }
            if (node instanceof TopologyDescription.Sink sink) {
                sinks.add(sink.topic());
            }
        }
        assertThat(sources).containsExactlyInAnyOrderElementsOf(SagaTopology.INPUTS);
        assertThat(sinks).containsExactly(Topics.COMMANDS.name());
    }

    @Test
    void givenTransferRequested_whenTheDebitIsOnlyInLedgerEvents_thenTheSagaDoesNotReadItThere() {
        saga.append(requested());
        saga.commands();

        // Keyed by the account, on that account's partition: another task's, so it is not read from the log.
        saga.appendToEventsOnly(new TransferDebited(FROM, T, 700, "EUR"));
        assertThat(saga.commands()).isEmpty();
        assertThat(saga.deadLetters()).isEmpty();

        saga.append(new TransferDebited(FROM, T, 700, "EUR"));
        assertThat(saga.commands()).extracting(c -> c.meta().commandId()).containsExactly(T + ":credit");
    }

    @Test
    void anAnswerKeyedByAnotherIdIsDeadLetteredAndTheNextIsRead() {
        saga.append(requested());
        saga.commands();
        byte[] misrouted = saga.encode(new TransferDebited(FROM, T, 700, "EUR"));
        RecordHeaders headers = new RecordHeaders();
        headers.add(LedgerHeaders.CORRELATION_ID, SagaDriver.utf8("c-1"));

        saga.appendAnswerRaw(SagaDriver.utf8(FROM), misrouted, headers);

        List<TestRecord<byte[], byte[]>> dead = saga.deadLetters();
        assertThat(dead).singleElement().satisfies(letter -> {
            assertThat(letter.key()).isEqualTo(SagaDriver.utf8(FROM));
            assertThat(letter.value()).isEqualTo(misrouted);
            assertThat(SagaDriver.header(letter.headers(), LedgerHeaders.DLQ_TOPIC))
                    .isEqualTo(Topics.TRANSFER_ANSWERS.name());
        });
        assertThat(saga.commands()).isEmpty();
        assertThat(saga.counters.byStatus()).containsEntry(SagaState.Status.DEBITING, 1L);

        saga.append(new TransferDebited(FROM, T, 700, "EUR"));
        assertThat(saga.commands()).extracting(c -> c.meta().commandId()).containsExactly(T + ":credit");
    }

    @Test
    void aTransferEventKeyedByAnotherIdIsDeadLettered() {
        byte[] misrouted = saga.encode(requested());

        saga.appendRaw(SagaDriver.utf8(FROM), misrouted, new RecordHeaders());

        assertThat(saga.deadLetters()).singleElement()
                .satisfies(letter -> assertThat(letter.value()).isEqualTo(misrouted));
        assertThat(saga.commands()).isEmpty();
    }

    @Test
    void aTransferIdInTheSagaStoresOwnKeySpaceIsDeadLettered_andTheStoreIsLeftAlone() {
        String reserved = "\u0001" + T;
        byte[] request = saga.encode(new TransferRequested(reserved, FROM, "acc-2", 700, "EUR", "rent"));

        saga.appendRaw(SagaDriver.utf8(reserved), request, new RecordHeaders());

        assertThat(saga.deadLetters()).singleElement()
                .satisfies(letter -> assertThat(letter.value()).isEqualTo(request));
        assertThat(saga.commands()).isEmpty();
        assertThat(saga.storedCounts().values()).containsOnly(0L);
    }

    private static TransferRequested requested() {
        return new TransferRequested(T, FROM, "acc-2", 700, "EUR", "rent");
    }
}
