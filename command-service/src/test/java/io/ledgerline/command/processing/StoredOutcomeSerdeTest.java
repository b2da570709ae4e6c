package io.ledgerline.command.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerline.mapping.OutcomeMapper;
import io.ledgerline.outcome.CommandOutcome;
import io.ledgerline.outcome.OutcomeCode;
import io.ledgerline.registry.SchemaRegistryClients;
import io.ledgerline.streams.StateCodecException;
import io.ledgerline.topics.Topics;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoredOutcomeSerdeTest {

    private final StoredOutcomeSerde serde = new StoredOutcomeSerde();
    private final byte[] fingerprint = Fingerprint.of(Commands.open("c-1", "acc-1"));

    @Test
    void acceptedAndRefusedOutcomesRoundTrip() {
        Instant at = Instant.parse("2026-01-05T10:00:00.123Z");
        for (CommandOutcome outcome : new CommandOutcome[] {
                new CommandOutcome("c-1", "io.ledgerline.avro.command.OpenAccount", "acc-1", OutcomeCode.ACCEPTED,
                        null, 1L, 1, at),
                new CommandOutcome("c-2", "io.ledgerline.avro.command.DepositMoney", "ghost", OutcomeCode.NOT_FOUND,
                        "account ghost does not exist", null, 0, at)}) {
            StoredOutcome stored = new StoredOutcome(fingerprint, outcome);
            StoredOutcome back = serde.decode(serde.encode(stored));
            assertThat(back).isEqualTo(stored);
            assertThat(back.sameCommandAs(fingerprint)).isTrue();
        }
    }

    @Test
    void thePublishedResultIsStoredAsIfEncodedAgain() {
        CommandOutcome outcome = new CommandOutcome("c-1", "io.ledgerline.avro.command.OpenAccount", "acc-1",
                OutcomeCode.ACCEPTED, null, 1L, 1, Instant.parse("2026-01-05T10:00:00.123Z"));
        var results = Topics.COMMAND_RESULTS.valueSerde(
                SchemaRegistryClients.create("mock://stored-outcome-serde", Map.of()), true).serializer();
        byte[] published = results.serialize(Topics.COMMAND_RESULTS.name(), OutcomeMapper.toAvro(outcome));

        byte[] reused = serde.encode(new StoredOutcome(fingerprint, outcome, published));

        assertThat(reused).isEqualTo(serde.encode(new StoredOutcome(fingerprint, outcome)));
        assertThat(serde.decode(reused)).isEqualTo(new StoredOutcome(fingerprint, outcome));
    }

    @Test
    void anotherFormatIsRefused() {
        byte[] bytes = serde.encode(new StoredOutcome(fingerprint, new CommandOutcome("c-1", "t", "a",
                OutcomeCode.ACCEPTED, null, 1L, 1, Instant.EPOCH)));
        bytes[0] = 9;
        assertThatThrownBy(() -> serde.decode(bytes)).isInstanceOf(StateCodecException.class);
        assertThatThrownBy(() -> serde.decode(new byte[3])).isInstanceOf(StateCodecException.class);
    }
}
