package io.ledgerline.query.portfolio;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.account.AccountEvent;
import io.ledgerline.query.account.AccountStatus;
import io.ledgerline.query.projection.Ledger;
import io.ledgerline.query.projection.ProjectionDriver;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortfolioProjectionTest {

    @TempDir
    Path stateDir;

    private final Ledger ledger = new Ledger();

    @Test
    void givenAccountsOfOneCustomer_whenProjected_thenPortfolioListsThemWithTotalsPerCurrency() {
        try (ProjectionDriver driver = new ProjectionDriver(stateDir)) {
            var duplicate = ledger.deposited("acc-b", 250, 2);
            driver.send(ledger.opened("acc-b", "cus-1", "EUR", 1), duplicate,
                    ledger.opened("acc-a", "cus-1", "EUR", 1), ledger.deposited("acc-a", 100, 2),
                    ledger.at(1, new AccountEvent.AccountOpened("acc-c", "cus-1", "USD", "Ann")),
                    ledger.at(2, new AccountEvent.MoneyDeposited("acc-c", 70, "USD", null)),
                    ledger.opened("acc-z", "cus-2", "EUR", 1), duplicate, ledger.frozen("acc-a", 3),
                    // A gap on acc-b: the portfolio keeps its last applied state.
                    ledger.deposited("acc-b", 1, 9));

            KeyValueStore<String, Portfolio> store = driver.store(PortfolioProjector.STORE);
            Portfolio portfolio = store.get("cus-1");
            assertThat(portfolio.accounts()).containsExactly(
                    new Portfolio.Holding("acc-a", "EUR", 100, AccountStatus.FROZEN, 3),
                    new Portfolio.Holding("acc-b", "EUR", 250, AccountStatus.OPEN, 2),
                    new Portfolio.Holding("acc-c", "USD", 70, AccountStatus.OPEN, 2));
            assertThat(portfolio.totals()).isEqualTo(Map.of("EUR", 350L, "USD", 70L));
            assertThat(portfolio.version()).isEqualTo(7);
            assertThat(store.get("cus-2").accounts()).extracting(Portfolio.Holding::accountId).containsExactly("acc-z");
        }
    }
}
