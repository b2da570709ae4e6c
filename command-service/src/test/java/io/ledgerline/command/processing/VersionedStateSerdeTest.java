package io.ledgerline.command.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerline.account.AccountState;
import io.ledgerline.account.DeclineReason;
import io.ledgerline.command.domain.Versioned;
import io.ledgerline.streams.StateCodecException;
import io.ledgerline.transfer.TransferState;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class VersionedStateSerdeTest {

    private final VersionedStateSerde<AccountState> accounts = new VersionedStateSerde<>(new AccountStateFormat());
    private final VersionedStateSerde<TransferState> transfers =
            new VersionedStateSerde<>(new TransferStateFormat());

    static Stream<AccountState> accountStates() {
        return Stream.of(AccountState.notOpened(),
                new AccountState.Open("cust-1", "EUR", 0, false),
                new AccountState.Open("cust-ü \u540d \u0000", "CHF", Long.MAX_VALUE, true),
                new AccountState.Closed("cust-1", "EUR", 250));
    }

    static Stream<TransferState> transferStates() {
        return Stream.concat(Stream.of(TransferState.notRequested(),
                        new TransferState.Requested("acc-a", "acc-b", 500, "EUR"),
                        new TransferState.Completed()),
                Stream.of(DeclineReason.values()).map(r -> new TransferState.Failed(r, r.ordinal() % 2 == 0)));
    }

    @ParameterizedTest
    @MethodSource("accountStates")
    void everyAccountStateRoundTrips(AccountState state) {
        Versioned<AccountState> versioned = new Versioned<>(state, 42);
        assertThat(accounts.decode(accounts.encode(versioned))).isEqualTo(versioned);
    }

    @ParameterizedTest
    @MethodSource("transferStates")
    void everyTransferStateRoundTrips(TransferState state) {
        Versioned<TransferState> versioned = new Versioned<>(state, 7);
        assertThat(transfers.decode(transfers.encode(versioned))).isEqualTo(versioned);
    }

    @ParameterizedTest
    @MethodSource("accountStates")
    void theBytesAreThoseOfDataOutputStream(AccountState state) throws IOException {
        // The stores and changelogs written before ADR 0050 were written through DataOutputStream.
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(expected)) {
            out.writeByte(VersionedStateSerde.FORMAT_V1);
            out.writeLong(9);
            new AccountStateFormat().write(state, out);
        }
        assertThat(accounts.encode(new Versioned<>(state, 9))).isEqualTo(expected.toByteArray());
        assertThat(accounts.decode(expected.toByteArray())).isEqualTo(new Versioned<>(state, 9));
    }

    @Test
    void theFormatIsPinned() {
        byte[] bytes = accounts.encode(new Versioned<>(new AccountState.Open("c", "EUR", 258, true), 3));
        // format 1, version 3, tag OPEN, "c", "EUR", balance 258, frozen
        assertThat(HexFormat.of().formatHex(bytes))
                .isEqualTo("01" + "0000000000000003" + "01" + "000163" + "0003455552" + "0000000000000102" + "01");
    }

    @Test
    void anUnknownFormatByteIsRefusedNotGuessed() {
        byte[] bytes = accounts.encode(new Versioned<>(AccountState.notOpened(), 0));
        bytes[0] = 2;
        assertThatThrownBy(() -> accounts.decode(bytes)).isInstanceOf(StateCodecException.class)
                .hasMessageContaining("format 2");
    }

    @Test
    void trailingOrMissingBytesAreRefused() {
        byte[] bytes = transfers.encode(new Versioned<>(new TransferState.Completed(), 1));
        byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        byte[] shorter = java.util.Arrays.copyOf(bytes, bytes.length - 1);
        assertThatThrownBy(() -> transfers.decode(longer)).isInstanceOf(StateCodecException.class);
        assertThatThrownBy(() -> transfers.decode(shorter)).isInstanceOf(StateCodecException.class);
    }

    @Test
    void nullIsATombstoneBothWays() {
        assertThat(accounts.serializer().serialize("t", null)).isNull();
        assertThat(accounts.deserializer().deserialize("t", null)).isNull();
    }
}
