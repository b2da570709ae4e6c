package io.ledgerline.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The rules of the in-memory copies (ADR 0048): highest version wins, bounded without eviction, one incarnation. */
class StoreCopyTest {

    private static final String STORE = "views";

    /** A value with its version; equal versions always carry the same text, as the fold guarantees. */
    private record Versioned(String text, long version) {
    }

    private final Map<String, Versioned> store = new HashMap<>();
    private final AtomicInteger storeReads = new AtomicInteger();

    private Versioned readStore(String key) {
        storeReads.incrementAndGet();
        return store.get(key);
    }

    private static StoreCopy<Versioned> open(StoreCopies copies, int partition) {
        return copies.open(STORE, partition, Versioned::version);
    }

    @Test
    void givenAKeyTheCopyHas_whenRead_thenAnsweredWithoutTheStore() {
        StoreCopy<Versioned> copy = open(new StoreCopies(10), 0);
        copy.written("a", new Versioned("a@1", 1));

        assertThat(copy.read("a", this::readStore)).isEqualTo(new Versioned("a@1", 1));
        assertThat(storeReads).hasValue(0);
    }

    @Test
    void givenAMiss_whenRead_thenTheStoreAnswersAndTheCopyKeepsIt() {
        StoreCopy<Versioned> copy = open(new StoreCopies(10), 0);
        store.put("a", new Versioned("a@3", 3));

        assertThat(copy.read("a", this::readStore)).isEqualTo(new Versioned("a@3", 3));
        assertThat(copy.read("a", this::readStore)).isEqualTo(new Versioned("a@3", 3));
        assertThat(storeReads).hasValue(1);
    }

    @Test
    void givenAnUnknownKey_whenRead_thenNullAndNothingKept() {
        StoreCopies copies = new StoreCopies(10);
        StoreCopy<Versioned> copy = open(copies, 0);

        assertThat(copy.read("nobody", this::readStore)).isNull();
        assertThat(copy.size()).isZero();
        assertThat(copies.used()).isZero();
    }

    @Test
    void givenAReaderThatReadAnOlderVersion_whenItOffersItAfterTheProjectorWrote_thenTheNewerVersionStays() {
        StoreCopy<Versioned> copy = open(new StoreCopies(10), 0);
        // The reader misses and reads version 1 from the store; the projector then writes version 2.
        store.put("a", new Versioned("a@1", 1));
        Versioned readByReader = readStore("a");
        copy.written("a", new Versioned("a@2", 2));

        copy.offer("a", readByReader);

        assertThat(copy.read("a", this::readStore)).isEqualTo(new Versioned("a@2", 2));
    }

    @Test
    void givenAReaderInsertedFirst_whenTheProjectorWritesANewerVersion_thenItReplacesTheReaders() {
        StoreCopy<Versioned> copy = open(new StoreCopies(10), 0);
        copy.offer("a", new Versioned("a@1", 1));

        copy.written("a", new Versioned("a@2", 2));

        assertThat(copy.read("a", this::readStore)).isEqualTo(new Versioned("a@2", 2));
    }

    @Test
    void givenTheInstancesEntriesAreUsedUp_whenNewKeysArrive_thenNeitherProjectorNorReaderAddsThem() {
        StoreCopies copies = new StoreCopies(2);
        StoreCopy<Versioned> copy = open(copies, 0);
        copy.written("a", new Versioned("a@1", 1));
        copy.offer("b", new Versioned("b@1", 1));

        copy.written("c", new Versioned("c@1", 1));
        copy.offer("d", new Versioned("d@1", 1));

        assertThat(copy.size()).isEqualTo(2);
        assertThat(copy.sealed()).isTrue();
        assertThat(copies.used()).isEqualTo(2);
        store.put("c", new Versioned("c@1", 1));
        assertThat(copy.read("c", this::readStore)).isEqualTo(new Versioned("c@1", 1));
        assertThat(copy.size()).isEqualTo(2);
    }

    @Test
    void givenAFullCopy_whenTheProjectorWritesAKeyItHolds_thenThatKeyIsStillUpdated() {
        StoreCopy<Versioned> copy = open(new StoreCopies(1), 0);
        copy.written("a", new Versioned("a@1", 1));
        copy.written("b", new Versioned("b@1", 1));

        copy.written("a", new Versioned("a@2", 2));

        assertThat(copy.read("a", this::readStore)).isEqualTo(new Versioned("a@2", 2));
    }

    @Test
    void givenTheProjectorSkippedAKeyOfAFullCopy_whenAReaderOffersTheOlderViewItReadBefore_thenItIsNotKept() {
        // The stale resurrection the rules prevent: the reader reads version 1 from the store; the projector writes
        // version 2 to the store, but the copy is full so it does not add the key; the reader then offers version 1.
        StoreCopies copies = new StoreCopies(1);
        StoreCopy<Versioned> copy = open(copies, 0);
        store.put("a", new Versioned("a@1", 1));
        Versioned readByReader = readStore("a");
        copy.written("other", new Versioned("other@1", 1));
        store.put("a", new Versioned("a@2", 2));
        copy.written("a", new Versioned("a@2", 2));

        copy.offer("a", readByReader);

        assertThat(copy.read("a", this::readStore)).isEqualTo(new Versioned("a@2", 2));
    }

    @Test
    void givenACopyThatWasRefusedOnce_whenAnotherCopyGivesItsEntriesBack_thenItStillAddsNoKey() {
        StoreCopies copies = new StoreCopies(1);
        StoreCopy<Versioned> first = open(copies, 0);
        StoreCopy<Versioned> second = open(copies, 1);
        first.written("a", new Versioned("a@1", 1));
        second.written("b", new Versioned("b@1", 1));

        copies.close(STORE, 0, first);
        second.written("b", new Versioned("b@2", 2));
        second.offer("c", new Versioned("c@1", 1));

        assertThat(second.size()).isZero();
        assertThat(copies.used()).isZero();
        StoreCopy<Versioned> third = open(copies, 2);
        third.offer("c", new Versioned("c@1", 1));
        assertThat(third.size()).isEqualTo(1);
    }

    @Test
    void givenATaskClosedAndInitialisedAgain_whenTheNewIncarnationOpens_thenItStartsEmptyAndTheOldOneAnswersNothing() {
        StoreCopies copies = new StoreCopies(10);
        StoreCopy<Versioned> before = open(copies, 3);
        // Version 2 was written in a transaction that is then aborted: the task closes dirty.
        before.written("a", new Versioned("a@2", 2));
        copies.close(STORE, 3, before);

        assertThat(copies.<Versioned>of(STORE, 3)).isNull();
        assertThat(copies.used()).isZero();
        StoreCopy<Versioned> after = open(copies, 3);
        assertThat(copies.<Versioned>of(STORE, 3)).isSameAs(after);
        assertThat(after.size()).isZero();
        store.put("a", new Versioned("a@1", 1));
        assertThat(after.read("a", this::readStore)).isEqualTo(new Versioned("a@1", 1));
        // A reader still holding the old copy reads the store, and adds nothing to the old copy.
        assertThat(before.read("a", this::readStore)).isEqualTo(new Versioned("a@1", 1));
        before.offer("b", new Versioned("b@1", 1));
        assertThat(before.size()).isEqualTo(1);
        assertThat(copies.used()).isEqualTo(1);
    }

    @Test
    void givenAnEarlierIncarnationStillRegistered_whenItClosesAfterTheNextOpened_thenTheNewOneStays() {
        StoreCopies copies = new StoreCopies(10);
        StoreCopy<Versioned> earlier = open(copies, 0);
        earlier.written("a", new Versioned("a@1", 1));
        StoreCopy<Versioned> later = open(copies, 0);
        later.written("b", new Versioned("b@1", 1));

        copies.close(STORE, 0, earlier);

        assertThat(copies.<Versioned>of(STORE, 0)).isSameAs(later);
        assertThat(copies.used()).isEqualTo(1);
    }

    @Test
    void givenCopiesOff_whenATaskOpensOne_thenThereIsNone() {
        StoreCopies copies = new StoreCopies(0);

        assertThat(open(copies, 0)).isNull();
        assertThat(copies.<Versioned>of(STORE, 0)).isNull();
    }
}
