package io.ledgerline.query.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerline.account.DeclineReason;
import io.ledgerline.message.EventEnvelope;
import io.ledgerline.query.account.AccountProjector;
import io.ledgerline.query.account.AccountView;
import io.ledgerline.query.activity.ActivityProjector;
import io.ledgerline.query.activity.DailyActivity;
import io.ledgerline.query.portfolio.Portfolio;
import io.ledgerline.query.portfolio.PortfolioProjector;
import io.ledgerline.query.projection.Ledger;
import io.ledgerline.query.projection.ProjectionConfig;
import io.ledgerline.query.projection.ProjectionDriver;
import io.ledgerline.query.projection.ProjectionHealth;
import io.ledgerline.query.statement.StatementEntry;
import io.ledgerline.query.statement.StatementProjector;
import io.ledgerline.query.totals.LedgerTotal;
import io.ledgerline.query.totals.TotalsProjector;
import io.ledgerline.query.transfer.TransferProjector;
import io.ledgerline.query.transfer.TransferView;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bulk fold against the projection topology ({@link ProjectionDriver}) over the same events: every read model
 * must come out the same, duplicates and gaps included.
 */
class ProjectionFoldTest {

    @TempDir
    Path stateDir;

    private final Ledger ledger = new Ledger();

    @Test
    void givenMixedLog_whenFolded_thenEveryReadModelEqualsTheTopologys() {
        List<EventEnvelope> log = new ArrayList<>(List.of(
                ledger.opened("acc-1", "cus-1", "EUR", 1), ledger.deposited("acc-1", 500, 2),
                ledger.opened("acc-2", "cus-1", "EUR", 1), ledger.opened("acc-3", "cus-2", "EUR", 1),
                ledger.withdrawn("acc-1", 50, 3),
                // Completed transfer.
                ledger.requested("tr-1", "acc-1", "acc-2", 200), ledger.debited("acc-1", "tr-1", 200, 4),
                ledger.credited("acc-2", "tr-1", 200, 2), ledger.completed("tr-1"),
                // Credit declined on a frozen account, debit reversed: compensated.
                ledger.frozen("acc-3", 2), ledger.requested("tr-2", "acc-1", "acc-3", 100),
                ledger.debited("acc-1", "tr-2", 100, 5), ledger.creditDeclined("acc-3", "tr-2", 100, 3),
                ledger.reversed("acc-1", "tr-2", 100, 6), ledger.failed("tr-2", DeclineReason.ACCOUNT_FROZEN, true),
                // Debit declined.
                ledger.requested("tr-3", "acc-2", "acc-1", 10_000), ledger.debitDeclined("acc-2", "tr-3", 10_000, 3),
                ledger.failed("tr-3", DeclineReason.INSUFFICIENT_FUNDS, false)));
        log.add(log.get(1)); // a duplicate
        log.add(ledger.deposited("acc-2", 70, 9)); // a gap: acc-2 is at version 3
        log.add(ledger.time(Ledger.START.plus(Duration.ofDays(3))).deposited("acc-2", 30, 4)); // another day
        log.add(ledger.closed("acc-3", 4));

        try (ProjectionDriver driver = new ProjectionDriver(stateDir)) {
            log.forEach(driver::send);
            ProjectionHealth health = new ProjectionHealth();
            Map<String, StatementEntry> lines = new TreeMap<>();
            ProjectionFold fold = new ProjectionFold(1, ProjectionConfig.DEFAULT_ACTIVITY_RETENTION, health,
                    (partition, key, entry, timestamp) -> lines.put(key, entry));
            log.forEach(event -> fold.apply(0, event, event.meta().occurredAt().toEpochMilli()));

            Map<String, AccountView> accounts = new TreeMap<>();
            fold.accounts().forEach((id, placed) -> accounts.put(id, placed.view()));
            assertThat(accounts).isEqualTo(all(driver.store(AccountProjector.STORE))).hasSize(3);
            assertThat(lines).isEqualTo(all(driver.store(StatementProjector.STORE))).hasSize(7);
            assertThat(days(fold)).isEqualTo(windows(driver)).hasSize(3);
            Map<String, Portfolio> portfolios = new TreeMap<>();
            fold.portfolios().forEach((id, stamped) -> portfolios.put(id, stamped.value()));
            assertThat(portfolios).isEqualTo(all(driver.store(PortfolioProjector.STORE))).hasSize(2);
            assertThat(fold.totals()).isEqualTo(all(driver.<LedgerTotal>store(TotalsProjector.STORE)));
            assertThat(fold.totals().get("EUR").balance()).isEqualTo(500 - 50 + 30);
            Map<String, TransferView> transfers = new TreeMap<>();
            fold.transfers().forEach((id, stamped) -> transfers.put(id, stamped.value()));
            assertThat(transfers).isEqualTo(all(driver.store(TransferProjector.STORE))).hasSize(3);
            assertThat(health.duplicates(AccountProjector.NAME)).isEqualTo(1)
                    .isEqualTo(driver.health().duplicates(AccountProjector.NAME));
            assertThat(health.gaps(AccountProjector.NAME)).isEqualTo(1)
                    .isEqualTo(driver.health().gaps(AccountProjector.NAME));
        }
    }

    @Test
    void givenMovementOlderThanTheRetention_whenFolded_thenItsDayIsGoneAsInTheWindowStore() {
        Instant later = Ledger.START.plus(ProjectionConfig.DEFAULT_ACTIVITY_RETENTION).plus(Duration.ofDays(30));
        List<EventEnvelope> log = List.of(ledger.opened("acc-1", "cus-1", "EUR", 1),
                ledger.deposited("acc-1", 100, 2), ledger.opened("acc-2", "cus-1", "EUR", 1),
                ledger.time(later).deposited("acc-2", 5, 2),
                ledger.time(Ledger.START.plus(Duration.ofDays(1))).deposited("acc-1", 7, 3));
        try (ProjectionDriver driver = new ProjectionDriver(stateDir)) {
            log.forEach(driver::send);
            ProjectionFold fold = new ProjectionFold(1, ProjectionConfig.DEFAULT_ACTIVITY_RETENTION,
                    new ProjectionHealth(), (partition, key, entry, timestamp) -> { });
            log.forEach(event -> fold.apply(0, event, event.meta().occurredAt().toEpochMilli()));

            assertThat(days(fold)).isEqualTo(windows(driver)).hasSize(1);
        }
    }

    @Test
    void givenEventOfAnAccountNeverOpened_whenFolded_thenRefusedAndNothingApplied() {
        ProjectionFold fold = new ProjectionFold(1, ProjectionConfig.DEFAULT_ACTIVITY_RETENTION,
                new ProjectionHealth(), (partition, key, entry, timestamp) -> { });
        EventEnvelope orphan = ledger.deposited("acc-9", 10, 1);

        assertThatThrownBy(() -> fold.apply(0, orphan, 0))
                .hasMessageContaining("before the account was opened");
        assertThat(fold.accounts()).isEmpty();
        assertThat(fold.totals()).isEmpty();
    }

    private static <V> Map<String, V> all(KeyValueStore<String, V> store) {
        Map<String, V> all = new TreeMap<>();
        try (KeyValueIterator<String, V> each = store.all()) {
            each.forEachRemaining(entry -> all.put(entry.key, entry.value));
        }
        return all;
    }

    private static Map<String, DailyActivity> days(ProjectionFold fold) {
        Map<String, DailyActivity> days = new HashMap<>();
        fold.forEachDay((partition, account, start, activity) -> days.put(account + "@" + start, activity.value()));
        return days;
    }

    private static Map<String, DailyActivity> windows(ProjectionDriver driver) {
        Map<String, DailyActivity> days = new HashMap<>();
        try (KeyValueIterator<Windowed<String>, DailyActivity> all = driver.<DailyActivity>windowStore(
                ActivityProjector.STORE).all()) {
            all.forEachRemaining((KeyValue<Windowed<String>, DailyActivity> entry) -> days.put(
                    entry.key.key() + "@" + entry.key.window().start(), entry.value));
        }
        return days;
    }
}
