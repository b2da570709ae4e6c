package io.ledgerline.command.processing;

import static io.ledgerline.command.processing.ProcessorDriver.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.topics.LedgerHeaders;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A command id is remembered for the retention, measured in record time, and then forgotten. */
class DedupeRetentionTopologyTest {

    private static final Duration RETENTION = Duration.ofHours(1);
    private static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");

    @TempDir
    Path stateDir;

    @Test
    void aRepeatWithinTheRetentionIsADuplicateAndOneAfterItIsProcessedAgain() {
        try (ProcessorDriver processor = new ProcessorDriver(stateDir, RETENTION)) {
            processor.send(Commands.open("c-1", "acc-1"), T0, new RecordHeaders());
            processor.send(Commands.deposit("c-2", "acc-1", 10), T0, new RecordHeaders());
            processor.results();
            processor.events();

            processor.send(Commands.deposit("c-2", "acc-1", 10), T0.plus(RETENTION).minusMillis(1),
                    new RecordHeaders());
            assertThat(header(processor.onlyResult().headers(), LedgerHeaders.DUPLICATE))
                    .isEqualTo(LedgerHeaders.DUPLICATE_SAME);
            assertThat(processor.events()).isEmpty();

            processor.send(Commands.deposit("c-2", "acc-1", 10), T0.plus(RETENTION).plusMillis(1),
                    new RecordHeaders());
            assertThat(header(processor.onlyResult().headers(), LedgerHeaders.DUPLICATE)).isNull();
            assertThat(processor.events()).hasSize(1);
        }
    }

    @Test
    void entriesOlderThanTheRetentionAreDroppedFromTheStore() {
        try (ProcessorDriver processor = new ProcessorDriver(stateDir, RETENTION)) {
            processor.send(Commands.open("c-1", "acc-1"), T0, new RecordHeaders());
            assertThat(remembered(processor, "c-1")).isTrue();

            processor.send(Commands.deposit("c-2", "acc-1", 10), T0.plus(RETENTION.multipliedBy(3)),
                    new RecordHeaders());

            assertThat(remembered(processor, "c-1")).isFalse();
            assertThat(remembered(processor, "c-2")).isTrue();
        }
    }

    private static boolean remembered(ProcessorDriver processor, String commandId) {
        WindowStore<String, StoredOutcome> store =
                processor.driver.getWindowStore(CommandProcessorTopology.OUTCOMES_STORE);
        try (WindowStoreIterator<StoredOutcome> found =
                store.fetch(commandId, Instant.EPOCH, Instant.ofEpochMilli(Long.MAX_VALUE))) {
            return found.hasNext();
        }
    }
}
