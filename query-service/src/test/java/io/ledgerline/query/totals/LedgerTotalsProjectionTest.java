package io.ledgerline.query.totals;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.account.AccountEvent;
import io.ledgerline.query.projection.Ledger;
import io.ledgerline.query.projection.ProjectionDriver;
import java.nio.file.Path;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerTotalsProjectionTest {

    @TempDir
    Path stateDir;

    private final Ledger ledger = new Ledger();

    @Test
    void givenMovementsAndTransfers_whenProjected_thenTotalsAreDepositsMinusWithdrawalsPerCurrency() {
        try (ProjectionDriver driver = new ProjectionDriver(stateDir)) {
            var duplicate = ledger.deposited("acc-1", 1_000, 2);
            driver.send(ledger.opened("acc-1", "cus-1", "EUR", 1), duplicate, duplicate,
                    ledger.opened("acc-2", "cus-2", "EUR", 1), ledger.withdrawn("acc-1", 300, 3),
                    ledger.debited("acc-1", "tr-1", 200, 4), ledger.credited("acc-2", "tr-1", 200, 2),
                    ledger.opened("acc-3", "cus-2", "EUR", 1), ledger.closed("acc-3", 2),
                    ledger.at(1, new AccountEvent.AccountOpened("acc-4", "cus-1", "USD", "Bo")),
                    ledger.at(2, new AccountEvent.MoneyDeposited("acc-4", 5, "USD", null)),
                    // Gap: not counted.
                    ledger.deposited("acc-2", 77, 7));

            KeyValueStore<String, LedgerTotal> totals = driver.store(TotalsProjector.STORE);
            assertThat(totals.get("EUR").balance()).isEqualTo(700);
            assertThat(totals.get("EUR").accounts()).isEqualTo(2);
            assertThat(totals.get("USD")).isEqualTo(new LedgerTotal("USD", 5, 1, 2));
        }
    }

    @Test
    void givenDeltasSummedPerTask_whenTheIntervalPassed_thenForwardedAndCountedPerEvent() {
        try (ProjectionDriver driver = new ProjectionDriver(stateDir)) {
            driver.send(ledger.opened("acc-1", "cus-1", "EUR", 1), ledger.deposited("acc-1", 10, 2),
                    ledger.deposited("acc-1", 20, 3), ledger.withdrawn("acc-1", 5, 4));

            KeyValueStore<String, LedgerTotal> totals = driver.store(TotalsProjector.STORE);
            // Each applied event counts once in the version, however the deltas were summed on the way.
            assertThat(totals.get("EUR")).isEqualTo(new LedgerTotal("EUR", 25, 1, 4));
            KeyValueStore<String, TotalsDelta> pending = driver.store(TotalsCollector.STORE);
            assertThat(pending.get("EUR")).isNull();
        }
    }
}
