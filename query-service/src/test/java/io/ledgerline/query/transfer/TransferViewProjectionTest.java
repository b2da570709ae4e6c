package io.ledgerline.query.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.ledgerline.account.DeclineReason;
import io.ledgerline.query.projection.Ledger;
import io.ledgerline.query.projection.ProjectionDriver;
import io.ledgerline.transfer.TransferEvent;
import java.nio.file.Path;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransferViewProjectionTest {

    @TempDir
    Path stateDir;

    private final Ledger ledger = new Ledger();

    private static TransferView view(ProjectionDriver driver, String id) {
        KeyValueStore<String, TransferView> store = driver.store(TransferProjector.STORE);
        return store.get(id);
    }

    @Test
    void givenCompletedTransfer_whenProjected_thenTermsStatusAndSteps() {
        try (ProjectionDriver driver = new ProjectionDriver(stateDir)) {
            driver.send(ledger.opened("acc-1", "cus-1", "EUR", 1), ledger.deposited("acc-1", 500, 2),
                    ledger.opened("acc-2", "cus-2", "EUR", 1), ledger.requested("tr-1", "acc-1", "acc-2", 200),
                    ledger.debited("acc-1", "tr-1", 200, 3), ledger.credited("acc-2", "tr-1", 200, 2),
                    ledger.completed("tr-1"));

            TransferView view = view(driver, "tr-1");
            assertThat(view.fromAccountId()).isEqualTo("acc-1");
            assertThat(view.toAccountId()).isEqualTo("acc-2");
            assertThat(view.amount()).isEqualTo(200);
            assertThat(view.status()).isEqualTo(TransferView.Status.COMPLETED);
            assertThat(view.compensated()).isFalse();
            assertThat(view.steps()).extracting(TransferStep::name).containsExactly(TransferStep.Name.REQUESTED,
                    TransferStep.Name.DEBIT, TransferStep.Name.CREDIT, TransferStep.Name.COMPLETED);
        }
    }

    @Test
    void givenCreditDeclinedAndDebitReversedAfterFailure_whenProjected_thenFailedAndCompensated() {
        try (ProjectionDriver driver = new ProjectionDriver(stateDir)) {
            driver.send(ledger.opened("acc-1", "cus-1", "EUR", 1), ledger.deposited("acc-1", 500, 2),
                    ledger.opened("acc-2", "cus-2", "EUR", 1), ledger.frozen("acc-2", 2),
                    ledger.requested("tr-2", "acc-1", "acc-2", 100), ledger.debited("acc-1", "tr-2", 100, 3),
                    ledger.creditDeclined("acc-2", "tr-2", 100, 3),
                    // The failure is recorded before the reversal (compensated=false cannot be amended: ADR 0008).
                    ledger.failed("tr-2", DeclineReason.ACCOUNT_FROZEN, false),
                    ledger.reversed("acc-1", "tr-2", 100, 4));

            TransferView view = view(driver, "tr-2");
            assertThat(view.status()).isEqualTo(TransferView.Status.FAILED);
            assertThat(view.failureReason()).isEqualTo("ACCOUNT_FROZEN");
            assertThat(view.compensated()).isTrue();
            assertThat(view.steps()).extracting(TransferStep::name, TransferStep::outcome).containsExactly(
                    tuple(TransferStep.Name.REQUESTED, TransferStep.Outcome.DONE),
                    tuple(TransferStep.Name.DEBIT, TransferStep.Outcome.APPLIED),
                    tuple(TransferStep.Name.CREDIT, TransferStep.Outcome.DECLINED),
                    tuple(TransferStep.Name.FAILED, TransferStep.Outcome.DONE),
                    tuple(TransferStep.Name.DEBIT_REVERSAL,
                            TransferStep.Outcome.APPLIED));
        }
    }

    @Test
    void givenDuplicateAndGapInTransferEvents_whenProjected_thenDuplicateIgnoredAndGapReported() {
        try (ProjectionDriver driver = new ProjectionDriver(stateDir)) {
            var request = ledger.requested("tr-3", "acc-1", "acc-2", 5);
            driver.send(request, request);
            assertThat(view(driver, "tr-3").steps()).hasSize(1);
            assertThat(driver.health().duplicates(TransferProjector.NAME)).isEqualTo(1);

            driver.send(ledger.at(3, new TransferEvent.TransferCompleted("tr-3")));
            assertThat(view(driver, "tr-3").status()).isEqualTo(TransferView.Status.PENDING);
            assertThat(driver.health().gaps(TransferProjector.NAME)).isEqualTo(1);
        }
    }

    @Test
    void givenAccountStepBeforeRequest_whenProjected_thenKeptAndViewRequestedOnlyOnceRequestArrives() {
        try (ProjectionDriver driver = new ProjectionDriver(stateDir)) {
            driver.send(ledger.opened("acc-1", "cus-1", "EUR", 1), ledger.debitDeclined("acc-1", "tr-4", 9, 2));
            assertThat(view(driver, "tr-4").requested()).isFalse();

            driver.send(ledger.requested("tr-4", "acc-1", "acc-2", 9),
                    ledger.failed("tr-4", DeclineReason.INSUFFICIENT_FUNDS, false));
            TransferView view = view(driver, "tr-4");
            assertThat(view.requested()).isTrue();
            assertThat(view.status()).isEqualTo(TransferView.Status.FAILED);
            assertThat(view.compensated()).isFalse();
            assertThat(view.steps()).extracting(TransferStep::name).containsExactly(TransferStep.Name.DEBIT,
                    TransferStep.Name.REQUESTED, TransferStep.Name.FAILED);
        }
    }
}
