package io.ledgerline.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.query.account.AccountProjector;
import io.ledgerline.query.account.AccountView;
import io.ledgerline.topics.LedgerHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PoisonEventTest {

    @TempDir
    Path stateDir;

    private final Ledger ledger = new Ledger();

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void givenBytesThatAreNoEvent_whenProjected_thenDeadLetteredAsIs_andTheNextEventApplies() {
        try (ProjectionDriver driver = new ProjectionDriver(stateDir)) {
            byte[] garbage = {0, 0, 0, 0, 42, 1, 2, 3};
            driver.sendRaw(ProjectionDriver.utf8("acc-1"), garbage, Ledger.START, new RecordHeaders());
            driver.send(ledger.opened("acc-1", "cus-1", "EUR", 1));

            List<TestRecord<byte[], byte[]>> dead = driver.deadLetters().readRecordsToList();
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).value()).isEqualTo(garbage);
            assertThat(dead.get(0).key()).isEqualTo(ProjectionDriver.utf8("acc-1"));
            assertThat(header(dead.get(0), LedgerHeaders.DLQ_TOPIC)).isEqualTo("ledger.events");
            assertThat(header(dead.get(0), LedgerHeaders.DLQ_OFFSET)).isEqualTo("0");
            KeyValueStore<String, AccountView> views = driver.store(AccountProjector.STORE);
            assertThat(views.get("acc-1").version()).isEqualTo(1);
        }
    }

    @Test
    void givenEventKeyedByAnotherId_whenProjected_thenDeadLetteredAndNotApplied() {
        try (ProjectionDriver driver = new ProjectionDriver(stateDir)) {
            var opened = ledger.opened("acc-2", "cus-1", "EUR", 1);
            driver.sendRaw(ProjectionDriver.utf8("acc-other"), driver.encode(opened), Ledger.START,
                    new RecordHeaders());

            List<TestRecord<byte[], byte[]>> dead = driver.deadLetters().readRecordsToList();
            assertThat(dead).hasSize(1);
            assertThat(header(dead.get(0), LedgerHeaders.DLQ_ERROR_MESSAGE)).contains("acc-other", "acc-2");
            KeyValueStore<String, AccountView> views = driver.store(AccountProjector.STORE);
            assertThat(views.get("acc-2")).isNull();
        }
    }

    @Test
    void givenEventBeforeTheAccountWasOpened_whenProjected_thenDeadLettered() {
        try (ProjectionDriver driver = new ProjectionDriver(stateDir)) {
            driver.send(ledger.deposited("acc-3", 5, 1), ledger.opened("acc-3", "cus-1", "EUR", 1));

            assertThat(driver.deadLetters().readRecordsToList()).hasSize(1);
            KeyValueStore<String, AccountView> views = driver.store(AccountProjector.STORE);
            assertThat(views.get("acc-3").balance()).isZero();
        }
    }
}
