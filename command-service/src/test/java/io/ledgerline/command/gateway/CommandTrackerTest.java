package io.ledgerline.command.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerline.account.AccountCommand;
import io.ledgerline.command.gateway.CommandTracker.Registration;
import io.ledgerline.outcome.CommandOutcome;
import io.ledgerline.outcome.OutcomeCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class CommandTrackerTest {

    private static final AccountCommand DEPOSIT = new AccountCommand.DepositMoney("acc-1", 10, null);
    private static final AccountCommand OTHER_DEPOSIT = new AccountCommand.DepositMoney("acc-1", 11, null);

    private final MutableClock clock = new MutableClock();
    private final CommandTracker tracker = new CommandTracker(3, Duration.ofMinutes(10), 2, clock);

    @Test
    void givenNewCommand_whenItsOutcomeArrives_thenTheWaiterGetsItAndStatusShowsIt() throws Exception {
        CompletableFuture<CommandOutcome> waiting = registered(tracker.register("c1", DEPOSIT));
        assertThat(tracker.status("c1")).contains(CommandStatus.pending("c1"));

        tracker.complete(accepted("c1", 2), false);

        assertThat(waiting.get().version()).isEqualTo(2);
        assertThat(tracker.status("c1")).contains(CommandStatus.of(accepted("c1", 2)));
        assertThat(tracker.pendingCount()).isZero();
    }

    @Test
    void givenPendingCommand_whenTheSameIsSentAgain_thenItJoinsAndADifferentOneIsRefused() {
        CompletableFuture<CommandOutcome> first = registered(tracker.register("c1", DEPOSIT));

        Registration again = tracker.register("c1", DEPOSIT);

        assertThat(again).isEqualTo(new Registration.Joined(first));
        assertThatThrownBy(() -> tracker.register("c1", OTHER_DEPOSIT))
                .isInstanceOf(IdempotencyKeyReusedException.class);
    }

    @Test
    void givenAnsweredCommand_whenTheSameIsSentAgain_thenTheAnswerComesFromMemory() {
        registered(tracker.register("c1", DEPOSIT));
        tracker.complete(accepted("c1", 2), false);

        assertThat(tracker.register("c1", DEPOSIT)).isEqualTo(new Registration.Answered(accepted("c1", 2)));
        assertThatThrownBy(() -> tracker.register("c1", OTHER_DEPOSIT))
                .isInstanceOf(IdempotencyKeyReusedException.class);
    }

    @Test
    void givenProcessorSaysDuplicateDifferent_thenTheWaiterIsRefusedAndTheOriginalOutcomeIsKept() {
        CompletableFuture<CommandOutcome> waiting = registered(tracker.register("c1", OTHER_DEPOSIT));

        tracker.complete(accepted("c1", 5), true);

        assertThatThrownBy(waiting::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IdempotencyKeyReusedException.class);
        assertThat(tracker.status("c1")).contains(CommandStatus.of(accepted("c1", 5)));
    }

    @Test
    void givenSomeoneElsesOutcome_thenStatusKnowsItButASendStillGoesToTheProcessor() {
        tracker.complete(accepted("kafka-1", 1), false);

        assertThat(tracker.status("kafka-1")).contains(CommandStatus.of(accepted("kafka-1", 1)));
        assertThat(tracker.register("kafka-1", DEPOSIT)).isInstanceOf(Registration.Registered.class);
    }

    @Test
    void givenMaxPendingReached_whenAnotherIsSent_thenBusy() {
        tracker.register("c1", DEPOSIT);
        tracker.register("c2", DEPOSIT);
        tracker.register("c3", DEPOSIT);

        assertThatThrownBy(() -> tracker.register("c4", DEPOSIT)).isInstanceOf(GatewayBusyException.class);
    }

    @Test
    void givenPendingPastRetention_thenItIsForgottenAndFreesItsSlot() {
        tracker.register("c1", DEPOSIT);
        tracker.register("c2", DEPOSIT);
        clock.advance(Duration.ofMinutes(5));
        tracker.register("c3", DEPOSIT);
        clock.advance(Duration.ofMinutes(6));

        assertThat(tracker.status("c1")).isEmpty();
        assertThat(tracker.status("c3")).contains(CommandStatus.pending("c3"));
        assertThat(tracker.pendingCount()).isEqualTo(1);
    }

    @Test
    void givenMoreOutcomesThanTheCacheHolds_thenTheOldestIsEvicted() {
        tracker.complete(accepted("c1", 1), false);
        tracker.complete(accepted("c2", 1), false);
        tracker.complete(accepted("c3", 1), false);

        assertThat(tracker.status("c1")).isEmpty();
        assertThat(tracker.status("c2")).isPresent();
        assertThat(tracker.status("c3")).isPresent();
    }

    @Test
    void givenSendFailed_thenTheWaiterFailsAndTheIdCanBeSentAgain() {
        CompletableFuture<CommandOutcome> waiting = registered(tracker.register("c1", DEPOSIT));

        tracker.notSent("c1", new IllegalStateException("broker down"));

        assertThatThrownBy(waiting::get).hasCauseInstanceOf(CommandNotSentException.class);
        assertThat(tracker.status("c1")).isEmpty();
        assertThat(tracker.register("c1", DEPOSIT)).isInstanceOf(Registration.Registered.class);
    }

    private static CompletableFuture<CommandOutcome> registered(Registration registration) {
        assertThat(registration).isInstanceOf(Registration.Registered.class);
        return ((Registration.Registered) registration).outcome();
    }

    private static CommandOutcome accepted(String commandId, long version) {
        return new CommandOutcome(commandId, "io.ledgerline.avro.command.DepositMoney", "acc-1", OutcomeCode.ACCEPTED,
                null, version, 1, Instant.EPOCH);
    }

    private static final class MutableClock extends Clock {

        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
