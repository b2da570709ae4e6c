package io.ledgerline.query.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.message.EventEnvelope;
import io.ledgerline.query.projection.BinarySerde;
import io.ledgerline.query.projection.Ledger;
import io.ledgerline.query.projection.ProjectionDriver;
import io.ledgerline.query.projection.ProjectionHealth;
import io.ledgerline.query.projection.StoreCopies;
import io.ledgerline.query.projection.StoreCopy;
import io.ledgerline.query.projection.StoreWrites;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The account view's in-memory copy holds what its store holds (ADR 0048), also across incarnations of a task. */
class AccountViewCopyTest {

    @TempDir
    Path stateDir;

    private final Ledger ledger = new Ledger();

    /** A mixed run over several accounts: opens, moves, a duplicate, a gap, freezes and closes. */
    private List<EventEnvelope> run(int accounts) {
        List<EventEnvelope> events = new ArrayList<>();
        for (int a = 0; a < accounts; a++) {
            String id = "acc-" + a;
            events.add(ledger.opened(id, "cus-" + (a % 3), "EUR", 1));
            events.add(ledger.deposited(id, 100 + a, 2));
            events.add(ledger.deposited(id, 100 + a, 2));
            events.add(ledger.withdrawn(id, 50, 3));
            if (a % 4 == 0) {
                events.add(ledger.frozen(id, 4));
            }
            if (a % 5 == 1) {
                events.add(ledger.deposited(id, 9, 9));
            }
        }
        return events;
    }

    private static void assertCopyAgreesWithStore(StoreCopy<AccountView> copy, KeyValueStore<String, AccountView> store,
            int accounts) {
        for (int a = 0; a < accounts; a++) {
            String id = "acc-" + a;
            assertThat(copy.read(id, store::get)).as(id).isEqualTo(store.get(id)).isNotNull();
        }
        assertThat(copy.read("acc-none", store::get)).isNull();
    }

    @Test
    void givenAMixedRun_whenProjected_thenTheCopyHoldsEveryViewAsTheStoreHasIt() {
        StoreCopies copies = new StoreCopies(1_000);
        try (ProjectionDriver driver = new ProjectionDriver(stateDir, copies)) {
            driver.send(run(20).toArray(EventEnvelope[]::new));

            StoreCopy<AccountView> copy = copies.of(AccountProjector.STORE, 0);
            assertThat(copy.size()).isEqualTo(20);
            assertCopyAgreesWithStore(copy, driver.store(AccountProjector.STORE), 20);
        }
        assertThat(copies.<AccountView>of(AccountProjector.STORE, 0)).isNull();
        assertThat(copies.used()).isZero();
    }

    @Test
    void givenTheTopologyClosedAndStartedAgain_whenReadAndProjected_thenTheNewCopyStartsEmptyAndAgreesWithTheStore() {
        StoreCopies copies = new StoreCopies(1_000);
        List<EventEnvelope> events = run(12);
        try (ProjectionDriver driver = new ProjectionDriver(stateDir, copies)) {
            driver.send(events.subList(0, events.size() / 2).toArray(EventEnvelope[]::new));
        }
        try (ProjectionDriver driver = new ProjectionDriver(stateDir, copies)) {
            StoreCopy<AccountView> copy = copies.of(AccountProjector.STORE, 0);
            assertThat(copy.size()).isZero();

            // The events again from the start (a restart that replays them): duplicates are ignored, the rest apply.
            driver.send(events.toArray(EventEnvelope[]::new));

            assertCopyAgreesWithStore(copy, driver.store(AccountProjector.STORE), 12);
        }
    }

    @Test
    void givenAFullCopy_whenProjected_thenTheKeysItHoldsStayCurrentAndTheOthersAreReadFromTheStore() {
        StoreCopies copies = new StoreCopies(5);
        try (ProjectionDriver driver = new ProjectionDriver(stateDir, copies)) {
            driver.send(run(20).toArray(EventEnvelope[]::new));

            StoreCopy<AccountView> copy = copies.of(AccountProjector.STORE, 0);
            assertThat(copy.size()).isEqualTo(5);
            assertThat(copy.sealed()).isTrue();
            assertCopyAgreesWithStore(copy, driver.store(AccountProjector.STORE), 20);
            assertThat(copy.size()).isEqualTo(5);
        }
    }

    @Test
    void givenATaskClosedDirtyAfterAnAbortedWrite_whenTheSameProcessorIsInitialisedAgain_thenItsCopyStartsEmpty() {
        StoreCopies copies = new StoreCopies(1_000);
        AccountProjector projector = new AccountProjector(new ProjectionHealth(), new StoreWrites(), copies);
        MockProcessorContext<String, AccountChange> context = new MockProcessorContext<>(new Properties(),
                new TaskId(0, 4), stateDir.toFile());
        KeyValueStore<String, AccountView> store = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(AccountProjector.STORE), Serdes.String(),
                        new BinarySerde<>(new AccountViewCodec()))
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        EventEnvelope opened = ledger.opened("acc-1", "cus-1", "EUR", 1);
        EventEnvelope deposited = ledger.deposited("acc-1", 70, 2);

        projector.init(context);
        process(projector, opened);
        StoreCopy<AccountView> first = copies.of(AccountProjector.STORE, 4);
        // Version 2 is written, then its transaction aborts: the task closes dirty and its store is restored to
        // what was committed (version 1).
        process(projector, deposited);
        assertThat(first.read("acc-1", store::get).version()).isEqualTo(2);
        projector.close();
        store.put("acc-1", AccountView.evolve(null, opened));

        projector.init(context);
        StoreCopy<AccountView> second = copies.of(AccountProjector.STORE, 4);
        assertThat(second).isNotSameAs(first);
        assertThat(second.size()).isZero();
        assertThat(second.read("acc-1", store::get).version()).isEqualTo(1);
        // The aborted event is processed again: the same version, the same view.
        process(projector, deposited);
        assertThat(second.read("acc-1", store::get)).isEqualTo(store.get("acc-1"));
        assertThat(second.read("acc-1", store::get).balance()).isEqualTo(70);
        assertThat(first.read("acc-1", store::get)).isEqualTo(store.get("acc-1"));
        projector.close();
        assertThat(copies.<AccountView>of(AccountProjector.STORE, 4)).isNull();
        assertThat(copies.used()).isZero();
    }

    private static void process(AccountProjector projector, EventEnvelope envelope) {
        projector.process(new Record<>(envelope.event().aggregateId(), envelope, 0L));
    }
}
