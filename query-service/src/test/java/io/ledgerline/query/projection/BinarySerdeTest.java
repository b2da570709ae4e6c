package io.ledgerline.query.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerline.query.account.AccountStatus;
import io.ledgerline.query.account.AccountView;
import io.ledgerline.query.account.AccountViewCodec;
import io.ledgerline.query.totals.TotalsCodecs;
import io.ledgerline.query.totals.TotalsDelta;
import io.ledgerline.query.transfer.TransferStep;
import io.ledgerline.query.transfer.TransferView;
import io.ledgerline.query.transfer.TransferViewCodec;
import io.ledgerline.streams.StateCodecException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BinarySerdeTest {

    private final BinarySerde<AccountView> accounts = new BinarySerde<>(new AccountViewCodec());

    @Test
    void givenViews_whenEncodedAndDecoded_thenEqual() {
        AccountView view = new AccountView("acc-1", "cus-1", null, "EUR", -5, AccountStatus.FROZEN, 7,
                Instant.parse("2026-01-05T09:00:00.123456789Z"));
        assertThat(accounts.decode(accounts.encode(view))).isEqualTo(view);

        BinarySerde<TransferView> transfers = new BinarySerde<>(new TransferViewCodec());
        TransferView transfer = new TransferView("tr-1", "a", "b", 10, "EUR", null, TransferView.Status.FAILED, true,
                "ACCOUNT_FROZEN", 2, List.of(new TransferStep(TransferStep.Name.CREDIT, Instant.EPOCH,
                        TransferStep.Outcome.DECLINED, "ACCOUNT_FROZEN", "c:0")));
        assertThat(transfers.decode(transfers.encode(transfer))).isEqualTo(transfer);
    }

    @Test
    void givenNonAsciiText_whenEncoded_thenTheBytesOfDataOutputStream() throws Exception {
        AccountView view = new AccountView("acc-1", "cus-1", "Zoë \u540d \u0000 \uD83D\uDE00", "EUR", 3,
                AccountStatus.OPEN, 2, Instant.EPOCH);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(expected)) {
            out.writeByte(1);
            new AccountViewCodec().write(view, out);
        }
        assertThat(accounts.encode(view)).isEqualTo(expected.toByteArray());
        assertThat(accounts.decode(expected.toByteArray())).isEqualTo(view);
    }

    @Test
    void givenUnknownFormatByte_whenDecoded_thenRefusedNotGuessed() {
        byte[] bytes = accounts.encode(new AccountView("acc-1", "cus-1", "A", "EUR", 0, AccountStatus.OPEN, 1,
                Instant.EPOCH));
        bytes[0] = 9;
        assertThatThrownBy(() -> accounts.decode(bytes)).isInstanceOf(StateCodecException.class)
                .hasMessageContaining("format 9");
    }

    @Test
    void givenTrailingOrMissingBytes_whenDecoded_thenStateCodecException() {
        byte[] bytes = accounts.encode(new AccountView("acc-1", "cus-1", "A", "EUR", 0, AccountStatus.OPEN, 1,
                Instant.EPOCH));
        assertThatThrownBy(() -> accounts.decode(Arrays.copyOf(bytes, bytes.length + 1)))
                .isInstanceOf(StateCodecException.class);
        assertThatThrownBy(() -> accounts.decode(Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(StateCodecException.class);
    }

    @Test
    void givenTotalsDeltaInFormerFormat1_whenDecoded_thenOneEventsDelta() throws Exception {
        // Format 1 (before per-task sums): balance as a long, account count as an int, one event.
        ByteArrayOutputStream format1 = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(format1)) {
            out.writeByte(1);
            out.writeLong(-250);
            out.writeInt(1);
        }
        BinarySerde<TotalsDelta> deltas = new BinarySerde<>(new TotalsCodecs.Delta());

        assertThat(deltas.decode(format1.toByteArray())).isEqualTo(new TotalsDelta(-250, 1, 1));
        TotalsDelta summed = new TotalsDelta(700, 2, 5);
        assertThat(deltas.encode(summed)[0]).as("writes format 2").isEqualTo((byte) 2);
        assertThat(deltas.decode(deltas.encode(summed))).isEqualTo(summed);
    }
}
