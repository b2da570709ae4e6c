package io.ledgerline.query.statement;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.query.projection.Ledger;
import io.ledgerline.query.projection.ProjectionDriver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatementProjectionTest {

    @TempDir
    Path stateDir;

    private final Ledger ledger = new Ledger();

    private static List<StatementEntry> lines(ProjectionDriver driver, String account, long after) {
        KeyValueStore<String, StatementEntry> store = driver.store(StatementProjector.STORE);
        List<StatementEntry> lines = new ArrayList<>();
        try (KeyValueIterator<String, StatementEntry> range = store.range(StatementKeys.from(account, after),
                StatementKeys.to(account))) {
            range.forEachRemaining(kv -> lines.add(kv.value));
        }
        return lines;
    }

    @Test
    void givenMovements_whenProjected_thenOneLinePerMovementWithRunningBalance() {
        try (ProjectionDriver driver = new ProjectionDriver(stateDir)) {
            driver.send(ledger.opened("acc-1", "cus-1", "EUR", 1), ledger.deposited("acc-1", 500, 2),
                    ledger.frozen("acc-1", 3), ledger.withdrawn("acc-1", 200, 4),
                    ledger.debited("acc-1", "tr-1", 50, 5), ledger.reversed("acc-1", "tr-1", 50, 6),
                    // Another account whose id extends this one's must not appear in its statement.
                    ledger.opened("acc-10", "cus-1", "EUR", 1), ledger.deposited("acc-10", 9, 2));

            List<StatementEntry> lines = lines(driver, "acc-1", 0);
            assertThat(lines).extracting(StatementEntry::seq).containsExactly(2L, 4L, 5L, 6L);
            assertThat(lines).extracting(StatementEntry::type).containsExactly(StatementEntry.EntryType.DEPOSIT,
                    StatementEntry.EntryType.WITHDRAWAL, StatementEntry.EntryType.TRANSFER_DEBIT,
                    StatementEntry.EntryType.TRANSFER_DEBIT_REVERSAL);
            assertThat(lines).extracting(StatementEntry::balanceAfter).containsExactly(500L, 300L, 250L, 300L);
            assertThat(lines.get(0).reference()).isEqualTo("ref-2");
            assertThat(lines.get(2).transferId()).isEqualTo("tr-1");
            assertThat(lines(driver, "acc-1", 4)).extracting(StatementEntry::seq).containsExactly(5L, 6L);
        }
    }

    @Test
    void givenDuplicateAndGap_whenProjected_thenNoExtraLines() {
        try (ProjectionDriver driver = new ProjectionDriver(stateDir)) {
            var deposit = ledger.deposited("acc-2", 10, 2);
            driver.send(ledger.opened("acc-2", "cus-1", "EUR", 1), deposit, deposit,
                    ledger.deposited("acc-2", 30, 4));

            assertThat(lines(driver, "acc-2", 0)).extracting(StatementEntry::seq).containsExactly(2L);
            assertThat(lines(driver, "acc-2", 0).get(0).balanceAfter()).isEqualTo(10);
        }
    }
}
