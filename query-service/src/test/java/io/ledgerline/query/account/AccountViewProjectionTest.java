package io.ledgerline.query.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.query.projection.Ledger;
import io.ledgerline.query.projection.ProjectionDriver;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountViewProjectionTest {

    @TempDir
    Path stateDir;

    private ProjectionDriver driver;
    private final Ledger ledger = new Ledger();

    @BeforeEach
    void start() {
        driver = new ProjectionDriver(stateDir);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private AccountView view(String id) {
        KeyValueStore<String, AccountView> views = driver.store(AccountProjector.STORE);
        return views.get(id);
    }

    @Test
    void givenAccountEvents_whenProjected_thenViewHasBalanceStatusAndVersion() {
        driver.send(ledger.opened("acc-1", "cus-1", "EUR", 1), ledger.deposited("acc-1", 500, 2),
                ledger.withdrawn("acc-1", 120, 3), ledger.frozen("acc-1", 4));

        AccountView view = view("acc-1");
        assertThat(view.customerId()).isEqualTo("cus-1");
        assertThat(view.holderName()).isEqualTo("Holder of acc-1");
        assertThat(view.currency()).isEqualTo("EUR");
        assertThat(view.balance()).isEqualTo(380);
        assertThat(view.status()).isEqualTo(AccountStatus.FROZEN);
        assertThat(view.version()).isEqualTo(4);
        assertThat(view.updatedAt()).isEqualTo(Ledger.START.plusSeconds(4));
    }

    @Test
    void givenAReaderWaitingForAnAccount_whenItsEventsAreApplied_thenItHearsOfEachWriteButNotOfDuplicates() {
        AtomicInteger heard = new AtomicInteger();
        Runnable stop = driver.writes().onWrite(AccountProjector.STORE, "acc-3", heard::incrementAndGet);
        driver.send(ledger.opened("acc-3", "cus-1", "EUR", 1), ledger.deposited("acc-3", 10, 2),
                ledger.deposited("acc-3", 10, 2), ledger.opened("acc-4", "cus-1", "EUR", 1));
        assertThat(heard).hasValue(2);

        stop.run();
        driver.send(ledger.deposited("acc-3", 5, 3));
        assertThat(heard).hasValue(2);
        assertThat(view("acc-3").version()).isEqualTo(3);
    }

    @Test
    void givenTransferEventsOnAccount_whenProjected_thenBalanceFollowsDebitsCreditsAndReversals() {
        driver.send(ledger.opened("acc-2", "cus-1", "EUR", 1), ledger.deposited("acc-2", 100, 2),
                ledger.debited("acc-2", "tr-1", 60, 3), ledger.reversed("acc-2", "tr-1", 60, 4),
                ledger.credited("acc-2", "tr-2", 7, 5), ledger.debitDeclined("acc-2", "tr-3", 1_000, 6));

        assertThat(view("acc-2").balance()).isEqualTo(107);
        assertThat(view("acc-2").version()).isEqualTo(6);
    }

    @Test
    void givenDuplicateEvent_whenProjected_thenIgnoredAndCounted() {
        var deposit = ledger.deposited("acc-3", 500, 2);
        driver.send(ledger.opened("acc-3", "cus-1", "EUR", 1), deposit, deposit);

        assertThat(view("acc-3").balance()).isEqualTo(500);
        assertThat(driver.health().duplicates(AccountProjector.NAME)).isEqualTo(1);
        assertThat(driver.health().gaps(AccountProjector.NAME)).isZero();
    }

    @Test
    void givenVersionGap_whenProjected_thenNotAppliedAndReported_andTheMissingEventResumes() {
        var missing = ledger.deposited("acc-4", 10, 2);
        var afterGap = ledger.deposited("acc-4", 20, 3);
        driver.send(ledger.opened("acc-4", "cus-1", "EUR", 1), afterGap);

        assertThat(view("acc-4").version()).isEqualTo(1);
        assertThat(view("acc-4").balance()).isZero();
        assertThat(driver.health().gaps(AccountProjector.NAME)).isEqualTo(1);

        // Redelivered in order (e.g. after the missing event is repaired), both apply.
        driver.send(missing, afterGap);
        assertThat(view("acc-4").version()).isEqualTo(3);
        assertThat(view("acc-4").balance()).isEqualTo(30);
    }
}
