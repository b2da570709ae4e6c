package io.ledgerline.command.processing;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.account.AccountCommand;
import io.ledgerline.mapping.CommandMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
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
    void isTheSha256OfTheFullNameAndTheClearedCommandsAvroBinary() throws Exception {
        // The definition in ADR 0006; outcomes stored by earlier releases hold digests made this way.
        AccountCommand.DepositMoney deposit = new AccountCommand.DepositMoney("acc-1", 100, "ref");
        SpecificRecord cleared = CommandMapper.toAvro(Commands.with("", null, Instant.EPOCH, deposit));
        ByteArrayOutputStream avro = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(avro, null);
        new SpecificDatumWriter<SpecificRecord>(cleared.getSchema()).write(cleared, encoder);
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update(cleared.getSchema().getFullName().getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) 0);
        sha256.update(avro.toByteArray());
        byte[] expected = sha256.digest();

        for (int repeat = 0; repeat < 3; repeat++) {
            assertThat(Fingerprint.of(Commands.with("c-" + repeat, 7L, Instant.now(), deposit))).isEqualTo(expected);
        }
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
