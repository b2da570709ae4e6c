package io.ledgerline.query.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class WaitsTest {

    @Test
    void givenValueArrivesLater_whenWaiting_thenCompletesWithIt() throws Exception {
        try (Waits waits = new Waits(10, Duration.ofMillis(5))) {
            AtomicLong version = new AtomicLong(1);
            CompletableFuture<Optional<Long>> answer = waits.until(() -> Optional.of(version.get()),
                    v -> v.orElse(0L) >= 3, Duration.ofSeconds(10), Waits.Changes.POLLED);
            assertThat(answer).isNotDone();
            version.set(3);
            assertThat(answer.get(10, TimeUnit.SECONDS)).contains(3L);
        }
    }

    @Test
    void givenWritesAreTold_whenTheValueIsWritten_thenTheWaiterWakesWithoutPolling() throws Exception {
        // A poll interval far beyond the test's deadline: only the write can wake the waiter in time.
        try (Waits waits = new Waits(10, Duration.ofHours(1))) {
            AtomicLong version = new AtomicLong(1);
            AtomicReference<Runnable> listener = new AtomicReference<>();
            AtomicBoolean stopped = new AtomicBoolean();
            Waits.Changes changes = changed -> {
                listener.set(changed);
                return () -> stopped.set(true);
            };
            CompletableFuture<Optional<Long>> answer = waits.until(() -> Optional.of(version.get()),
                    v -> v.orElse(0L) >= 3, Duration.ofSeconds(30), changes);
            version.set(2);
            listener.get().run();
            // Asked before 3 is written: the waiter's own look right after subscribing may run at any time.
            assertThat(answer).isNotDone();
            version.set(3);
            listener.get().run();
            assertThat(answer.get(10, TimeUnit.SECONDS)).contains(3L);
            assertThat(stopped).isTrue();
        }
    }

    @Test
    void givenAWriteBetweenTheFirstReadAndTheSubscription_whenWaiting_thenItIsNotMissed() throws Exception {
        try (Waits waits = new Waits(10, Duration.ofHours(1))) {
            AtomicLong version = new AtomicLong(1);
            Waits.Changes changes = changed -> {
                version.set(3); // written after the first read, before anyone listens
                return () -> { };
            };
            assertThat(waits.until(() -> Optional.of(version.get()), v -> v.orElse(0L) >= 3, Duration.ofSeconds(30),
                    changes).get(10, TimeUnit.SECONDS)).contains(3L);
        }
    }

    @Test
    void givenWritesAreTold_whenNothingIsWritten_thenTheDeadlineAnswersWhatThereIs() throws Exception {
        try (Waits waits = new Waits(10, Duration.ofHours(1))) {
            assertThat(waits.until(() -> Optional.of(1L), v -> false, Duration.ofMillis(50),
                    changed -> () -> { }).get(10, TimeUnit.SECONDS)).contains(1L);
        }
    }

    @Test
    void givenValueNeverArrives_whenDeadlinePasses_thenCompletesWithWhatThereIs() throws Exception {
        try (Waits waits = new Waits(10, Duration.ofMillis(5))) {
            assertThat(waits.until(() -> Optional.of(1L), v -> false, Duration.ofMillis(50), Waits.Changes.POLLED)
                    .get(10, TimeUnit.SECONDS)).contains(1L);
        }
    }

    @Test
    void givenAllWaitersTaken_whenAnotherWaits_thenRefused_andAFreedSlotIsReused() throws Exception {
        try (Waits waits = new Waits(1, Duration.ofMillis(5))) {
            AtomicLong version = new AtomicLong();
            CompletableFuture<Optional<Long>> first = waits.until(() -> Optional.of(version.get()),
                    v -> v.orElse(0L) > 0, Duration.ofSeconds(10), Waits.Changes.POLLED);
            assertThatThrownBy(() -> waits.until(() -> Optional.of(0L), v -> false, Duration.ofSeconds(10),
                    Waits.Changes.POLLED))
                    .isInstanceOf(UnavailableException.class);
            version.set(1);
            first.get(10, TimeUnit.SECONDS);
            // The slot is released when the first completes.
            assertThat(waits.until(() -> Optional.of(0L), v -> false, Duration.ofMillis(20), Waits.Changes.POLLED)
                    .get(10, TimeUnit.SECONDS)).contains(0L);
        }
    }
}
