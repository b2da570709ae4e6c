package io.ledgerline.command.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerline.account.DeclineReason;
import io.ledgerline.saga.Outstanding;
import io.ledgerline.saga.Progress;
import io.ledgerline.saga.SagaState;
import io.ledgerline.saga.Step;
import io.ledgerline.saga.StepOutcome;
import io.ledgerline.saga.TransferTerms;
import io.ledgerline.streams.StateCodecException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The saga store's value format: every variant round-trips; what it does not know is refused, not guessed. */
class SagaStateSerdeTest {

    private static final TransferTerms TERMS = new TransferTerms("t-1", "acc-1", "acc-2", 700, "EUR");
    private static final Instant AT = Instant.parse("2026-01-05T10:00:00.123456789Z");
    private static final Progress FACTS = new Progress(Set.of(Step.DEBIT, Step.CREDIT, Step.REVERSE),
            Set.of(Step.DEBIT, Step.REVERSE),
            Map.of(Step.CREDIT, new StepOutcome.Declined(DeclineReason.ACCOUNT_FROZEN, "it is FROZEN"),
                    Step.DEBIT, new StepOutcome.Declined(DeclineReason.UNKNOWN, null)),
            false, new Progress.Failure(DeclineReason.ACCOUNT_FROZEN, null, true));

    private final SagaStateSerde serde = new SagaStateSerde();

    static Stream<SagaState> states() {
        return Stream.of(SagaState.notStarted(),
                new SagaState.NotStarted(new Progress(Set.of(), Set.of(Step.DEBIT), Map.of(), false, null)),
                new SagaState.Running(TERMS, Progress.none(), new Outstanding(Step.DEBIT, 3, AT, AT.plusSeconds(4))),
                new SagaState.Completed(TERMS, new Progress(Set.of(Step.DEBIT), Set.of(), Map.of(), true, null)),
                new SagaState.Failed(TERMS, FACTS),
                new SagaState.Stuck(TERMS, FACTS, SagaState.StuckCause.CREDIT_MAY_STILL_LAND, Step.CREDIT, 2, AT));
    }

    @ParameterizedTest
    @MethodSource("states")
    void givenEveryStateVariant_whenEncodedAndDecoded_thenEqual(SagaState state) {
        StoredSaga stored = new StoredSaga(state, "corr-1");
        assertThat(serde.decode(serde.encode(stored))).isEqualTo(stored);
    }

    @Test
    void givenAnExpiry_whenEncodedAndDecoded_thenKeptToTheMillisecond() {
        StoredSaga stored = new StoredSaga(states().toList().get(3), "corr-1",
                Instant.parse("2026-01-13T10:00:00.123Z"));
        assertThat(serde.decode(serde.encode(stored))).isEqualTo(stored);
    }

    @Test
    void givenFormat1WrittenByTheFormerRelease_whenDecoded_thenReadWithoutExpiry() {
        byte[] v2 = serde.encode(new StoredSaga(states().toList().get(4), "corr-1"));
        // Format 1 is format 2 without the expiry's presence flag (false here).
        int flagAt = 1 + 2 + "corr-1".length();
        byte[] v1 = new byte[v2.length - 1];
        System.arraycopy(v2, 0, v1, 0, flagAt);
        System.arraycopy(v2, flagAt + 1, v1, flagAt, v2.length - flagAt - 1);
        v1[0] = SagaStateSerde.FORMAT_V1;

        assertThat(serde.decode(v1)).isEqualTo(new StoredSaga(states().toList().get(4), "corr-1"));
    }

    @Test
    void givenUnknownFormatByte_whenDecoded_thenRefused() {
        byte[] bytes = serde.encode(new StoredSaga(SagaState.notStarted(), "c"));
        bytes[0] = 9;
        assertThatThrownBy(() -> serde.decode(bytes)).isInstanceOf(StateCodecException.class)
                .hasMessageContaining("format 9");
    }

    @Test
    void givenTruncatedOrTrailingBytes_whenDecoded_thenRefused() {
        byte[] bytes = serde.encode(new StoredSaga(states().toList().get(4), "c"));
        assertThatThrownBy(() -> serde.decode(Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(StateCodecException.class);
        assertThatThrownBy(() -> serde.decode(Arrays.copyOf(bytes, bytes.length + 1)))
                .isInstanceOf(StateCodecException.class);
    }

    @Test
    void givenUnknownStepName_whenDecoded_thenRefused() {
        byte[] bytes = serde.encode(new StoredSaga(states().toList().get(2), "c"));
        String text = new String(bytes, StandardCharsets.ISO_8859_1).replace("DEBIT", "DEBIX");
        assertThatThrownBy(() -> serde.decode(text.getBytes(StandardCharsets.ISO_8859_1)))
                .isInstanceOf(StateCodecException.class);
    }
}
