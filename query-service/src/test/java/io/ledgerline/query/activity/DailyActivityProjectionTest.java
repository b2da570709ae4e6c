package io.ledgerline.query.activity;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.query.projection.Ledger;
import io.ledgerline.query.projection.ProjectionDriver;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DailyActivityProjectionTest {

    @TempDir
    Path stateDir;

    private final Ledger ledger = new Ledger();

    @Test
    void givenMovementsOnTwoDays_whenProjected_thenDebitsCreditsAndCountPerUtcDay() {
        try (ProjectionDriver driver = new ProjectionDriver(stateDir)) {
            ledger.time(Instant.parse("2026-01-03T23:59:50Z"));
            driver.send(ledger.opened("acc-1", "cus-1", "EUR", 1), ledger.deposited("acc-1", 500, 2),
                    ledger.withdrawn("acc-1", 100, 3));
            // Next UTC day; a freeze and a duplicate move nothing.
            ledger.time(Instant.parse("2026-01-04T00:00:00Z"));
            var credit = ledger.credited("acc-1", "tr-1", 40, 4);
            driver.send(credit, ledger.debited("acc-1", "tr-2", 60, 5), credit, ledger.frozen("acc-1", 6));

            WindowStore<String, DailyActivity> days = driver.windowStore(ActivityProjector.STORE);
            DailyActivity first = days.fetch("acc-1", DailyActivity.windowStart(LocalDate.parse("2026-01-03")));
            DailyActivity second = days.fetch("acc-1", DailyActivity.windowStart(LocalDate.parse("2026-01-04")));
            assertThat(first).isEqualTo(new DailyActivity(LocalDate.parse("2026-01-03"), 100, 500, 2));
            assertThat(second).isEqualTo(new DailyActivity(LocalDate.parse("2026-01-04"), 60, 40, 2));
        }
    }
}
