package io.ledgerline.cli.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.account.AccountEvent;
import io.ledgerline.account.DeclineReason;
import io.ledgerline.message.EventEnvelope;
import io.ledgerline.message.EventMetadata;
import io.ledgerline.message.LedgerEvent;
import io.ledgerline.transfer.TransferEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LedgerFoldTest {

    private final LedgerFold fold = new LedgerFold();

    @Test
    void givenDepositWithdrawalAndFreeze_thenAccountAndTotalsFollow() {
        given(1, new AccountEvent.AccountOpened("a", "c", "EUR", "A"));
        given(2, new AccountEvent.MoneyDeposited("a", 100, "EUR", "d"));
        given(3, new AccountEvent.MoneyWithdrawn("a", 30, "EUR", null));
        given(4, new AccountEvent.AccountFrozen("a", "review"));

        LedgerFold.Account account = fold.accounts().get("a");
        assertThat(account.balance).isEqualTo(70);
        assertThat(account.status).isEqualTo(LedgerFold.Status.FROZEN);
        assertThat(account.version).isEqualTo(4);
        assertThat(account.lastMovement).isEqualTo(3);
        assertThat(fold.totals().get("EUR")).containsExactly(70, 1);
        assertThat(fold.depositsMinusWithdrawals("EUR")).isEqualTo(70);
    }

    @Test
    void givenDuplicateAndGap_thenNeitherIsApplied() {
        given(1, new AccountEvent.AccountOpened("a", "c", "EUR", "A"));
        given(2, new AccountEvent.MoneyDeposited("a", 100, "EUR", "d"));

        assertThat(fold.apply(envelope(2, new AccountEvent.MoneyDeposited("a", 100, "EUR", "d")))).isFalse();
        assertThat(fold.apply(envelope(4, new AccountEvent.MoneyDeposited("a", 5, "EUR", "d")))).isFalse();
        assertThat(fold.accounts().get("a").balance).isEqualTo(100);
        assertThat(fold.skipped()).isEqualTo(2);
    }

    @Test
    void givenDebitBeforeRequest_thenMoneyInFlightUntilCredited() {
        given(1, new AccountEvent.AccountOpened("a", "c", "EUR", "A"));
        given(2, new AccountEvent.MoneyDeposited("a", 100, "EUR", "d"));
        given(1, new AccountEvent.AccountOpened("b", "c", "EUR", "B"));
        given(3, new AccountEvent.TransferDebited("a", "t", 40, "EUR"));
        given(1, new TransferEvent.TransferRequested("t", "a", "b", 40, "EUR", "r"));

        assertThat(fold.inFlight("EUR")).isEqualTo(40);
        assertThat(fold.transfers().get("t").requested).isTrue();

        given(2, new AccountEvent.TransferCredited("b", "t", 40, "EUR"));
        given(2, new TransferEvent.TransferCompleted("t"));

        assertThat(fold.inFlight("EUR")).isZero();
        assertThat(fold.transfers().get("t").status).isEqualTo(LedgerFold.TransferStatus.COMPLETED);
        assertThat(fold.totals().get("EUR")[0]).isEqualTo(fold.depositsMinusWithdrawals("EUR"));
    }

    @Test
    void givenFailureRecordedBeforeReversal_thenCompensated() {
        given(1, new AccountEvent.AccountOpened("a", "c", "EUR", "A"));
        given(2, new AccountEvent.MoneyDeposited("a", 100, "EUR", "d"));
        given(1, new TransferEvent.TransferRequested("t", "a", "b", 40, "EUR", "r"));
        given(3, new AccountEvent.TransferDebited("a", "t", 40, "EUR"));
        given(2, new TransferEvent.TransferFailed("t", DeclineReason.ACCOUNT_FROZEN, "frozen", false));
        given(4, new AccountEvent.TransferDebitReversed("a", "t", 40, "EUR"));

        LedgerFold.Transfer transfer = fold.transfers().get("t");
        assertThat(transfer.status).isEqualTo(LedgerFold.TransferStatus.FAILED);
        assertThat(transfer.compensated).isTrue();
        assertThat(transfer.inFlight).isZero();
        assertThat(fold.accounts().get("a").balance).isEqualTo(100);
    }

    private void given(long version, LedgerEvent event) {
        assertThat(fold.apply(envelope(version, event))).as("%s at %s applies", event, version).isTrue();
    }

    private static EventEnvelope envelope(long version, LedgerEvent event) {
        return new EventEnvelope(new EventMetadata("e:" + version, version, Instant.EPOCH, "c"), event);
    }
}
