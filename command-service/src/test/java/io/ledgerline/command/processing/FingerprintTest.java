package io.ledgerline.command.processing;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.account.AccountCommand;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FingerprintTest {

    @Test
    void metadataDoesNotChangeIt() {
        AccountCommand.DepositMoney deposit = new AccountCommand.DepositMoney("acc-1", 100, "ref");
        byte[] first = Fingerprint.of(Commands.with("c-1", null, Instant.EPOCH, deposit));
        byte[] retry = Fingerprint.of(Commands.with("c-2", 4L, Instant.parse("2026-03-01T00:00:00Z"), deposit));
        assertThat(retry).hasSize(Fingerprint.LENGTH).isEqualTo(first);
    }

    @Test
    void everyPayloadFieldAndTheCommandTypeChangeIt() {
        byte[] deposit = Fingerprint.of(Commands.envelope("c", new AccountCommand.DepositMoney("acc-1", 100, "ref")));
        assertThat(Fingerprint.of(Commands.envelope("c", new AccountCommand.DepositMoney("acc-2", 100, "ref"))))
                .isNotEqualTo(deposit);
        assertThat(Fingerprint.of(Commands.envelope("c", new AccountCommand.DepositMoney("acc-1", 101, "ref"))))
                .isNotEqualTo(deposit);
        assertThat(Fingerprint.of(Commands.envelope("c", new AccountCommand.DepositMoney("acc-1", 100, null))))
                .isNotEqualTo(deposit);
        assertThat(Fingerprint.of(Commands.envelope("c", new AccountCommand.WithdrawMoney("acc-1", 100, "ref"))))
                .isNotEqualTo(deposit);
    }
}
