package io.ledgerline.command.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerline.account.AccountCommand;
import io.ledgerline.account.AccountCommand.DebitForTransfer;
import io.ledgerline.account.AccountCommand.DepositMoney;
import io.ledgerline.account.AccountCommand.FreezeAccount;
import io.ledgerline.account.AccountCommand.OpenAccount;
import io.ledgerline.account.AccountCommand.UnfreezeAccount;
import io.ledgerline.account.AccountCommand.WithdrawMoney;
import io.ledgerline.account.AccountDecider;
import io.ledgerline.account.AccountEvent;
import io.ledgerline.account.AccountState;
import io.ledgerline.message.CommandEnvelope;
import io.ledgerline.message.CommandMetadata;
import io.ledgerline.message.EventEnvelope;
import io.ledgerline.message.EventMetadata;
import io.ledgerline.outcome.CommandOutcome;
import io.ledgerline.outcome.OutcomeCode;
import io.ledgerline.transfer.TransferCommand;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the processor relies on: version checks, contiguous versions, event metadata and the one outcome. */
class CommandHandlerTest {

    private static final Instant AT = Instant.parse("2026-11-28T09:30:00Z");
    private static final String ACC = "acc-7";

    private final CommandHandler<AccountCommand, AccountEvent, AccountState> handler = AccountDecider.handler();

    private static CommandEnvelope command(String id, Long expectedVersion, AccountCommand command) {
        return new CommandEnvelope(new CommandMetadata(id, expectedVersion, AT), command);
    }

    private Versioned<AccountState> openedWithBalance(long balance) {
        Versioned<AccountState> state = handler.handle(
                command("c-open", null, new OpenAccount(ACC, "cust-1", "EUR", "Ada")), handler.initial()).state();
        return handler.handle(command("c-dep", null, new DepositMoney(ACC, balance, null)), state).state();
    }

    @Test
    void givenAnAcceptedCommand_thenTheOutcomeAndEventMetadataDescribeIt() {
        Handled<AccountState> handled = handler.handle(
                command("c-1", null, new OpenAccount(ACC, "cust-1", "EUR", "Ada")), handler.initial());

        assertThat(handled.outcome()).isEqualTo(new CommandOutcome("c-1", "io.ledgerline.avro.command.OpenAccount",
                ACC, OutcomeCode.ACCEPTED, null, 1L, 1, AT));
        assertThat(handled.events()).containsExactly(new EventEnvelope(new EventMetadata("c-1:0", 1, AT, "c-1"),
                new AccountEvent.AccountOpened(ACC, "cust-1", "EUR", "Ada")));
        assertThat(handled.state()).isEqualTo(new Versioned<>(new AccountState.Open("cust-1", "EUR", 0, false), 1));
    }

    @Test
    void givenNothing_whenRefused_thenTheOutcomeHasNoVersion() {
        Handled<AccountState> handled = handler.handle(command("c-1", null, new DepositMoney(ACC, 5, null)),
                handler.initial());

        assertThat(handled.outcome()).isEqualTo(new CommandOutcome("c-1", "io.ledgerline.avro.command.DepositMoney",
                ACC, OutcomeCode.NOT_FOUND, "cannot deposit to account acc-7: it does not exist", null, 0, AT));
        assertThat(handled.events()).isEmpty();
        assertThat(handled.state()).isEqualTo(handler.initial());
    }

    @Test
    void givenAccountAtVersion2_whenExpectedVersionDiffers_thenVersionConflictBeforeDeciding() {
        Versioned<AccountState> atTwo = openedWithBalance(100);

        // The withdrawal would break a rule too; the conflict is reported first.
        Handled<AccountState> handled = handler.handle(command("c-3", 1L, new WithdrawMoney(ACC, 500, null)), atTwo);

        assertThat(handled.outcome().code()).isEqualTo(OutcomeCode.VERSION_CONFLICT);
        assertThat(handled.outcome().message()).isEqualTo("expected acc-7 at version 1 but it is at version 2");
        assertThat(handled.outcome().version()).isEqualTo(2L);
        assertThat(handled.events()).isEmpty();
        assertThat(handled.state()).isSameAs(atTwo);
    }

    @Test
    void givenAccountAtVersion2_whenExpectedVersionMatches_thenAccepted() {
        Handled<AccountState> handled = handler.handle(command("c-3", 2L, new WithdrawMoney(ACC, 40, null)),
                openedWithBalance(100));

        assertThat(handled.outcome().code()).isEqualTo(OutcomeCode.ACCEPTED);
        assertThat(handled.outcome().version()).isEqualTo(3L);
        assertThat(handled.events()).extracting(e -> e.meta().version()).containsExactly(3L);
    }

    @Test
    void givenNothing_whenExpectedVersionIsZero_thenAccepted() {
        Handled<AccountState> handled = handler.handle(
                command("c-1", 0L, new OpenAccount(ACC, "cust-1", "EUR", "Ada")), handler.initial());

        assertThat(handled.outcome().code()).isEqualTo(OutcomeCode.ACCEPTED);
        assertThat(handled.outcome().version()).isEqualTo(1L);
    }

    @Test
    void givenNothing_whenExpectedVersionIsAboveZero_thenVersionConflictWithoutVersion() {
        Handled<AccountState> handled = handler.handle(
                command("c-1", 1L, new OpenAccount(ACC, "cust-1", "EUR", "Ada")), handler.initial());

        assertThat(handled.outcome().code()).isEqualTo(OutcomeCode.VERSION_CONFLICT);
        assertThat(handled.outcome().version()).isNull();
    }

    @Test
    void whenExpectedVersionIsNegative_thenInvalid() {
        Handled<AccountState> handled = handler.handle(
                command("c-1", -1L, new OpenAccount(ACC, "cust-1", "EUR", "Ada")), handler.initial());

        assertThat(handled.outcome().code()).isEqualTo(OutcomeCode.REJECTED_VALIDATION);
        assertThat(handled.outcome().message()).isEqualTo("expectedVersion must be 0 or more, was -1");
    }

    @Test
    void givenStaleExpectedVersion_whenTransferStepUnderAnotherId_thenTheConflictComesFirst() {
        Handled<AccountState> handled = handler.handle(
                command("c-1", 0L, new DebitForTransfer(ACC, "tr-1", 10, "EUR")), openedWithBalance(100));

        assertThat(handled.outcome().code()).isEqualTo(OutcomeCode.VERSION_CONFLICT);
    }

    @Test
    void whenTransferStepUnderAnotherId_thenInvalidAndNothingAppended() {
        Versioned<AccountState> before = openedWithBalance(100);
        Handled<AccountState> handled = handler.handle(
                command("c-1", null, new DebitForTransfer(ACC, "tr-1", 10, "EUR")), before);

        assertThat(handled.outcome().code()).isEqualTo(OutcomeCode.REJECTED_VALIDATION);
        assertThat(handled.outcome().message()).isEqualTo("a DebitForTransfer must carry the command id tr-1:debit, "
                + "not c-1: acc-7 applies it under that id only, so that it is applied once");
        assertThat(handled.events()).isEmpty();
        assertThat(handled.state()).isSameAs(before);
    }

    @Test
    void givenSeveralCommandsWithRefusalsBetween_thenVersionsAreContiguousFrom1() {
        List<AccountCommand> commands = List.of(
                new DebitForTransfer(ACC, "tr-0", 10, "EUR"),   // declined (not found): an event, version 1
                new OpenAccount(ACC, "cust-1", "EUR", "Ada"),   // 2
                new DepositMoney(ACC, 100, null),               // 3
                new WithdrawMoney(ACC, 500, null),              // refused: no version
                new FreezeAccount(ACC, null),                   // 4
                new DebitForTransfer(ACC, "tr-1", 10, "EUR"),   // declined (frozen): 5
                new FreezeAccount(ACC, null),                   // refused: no version
                new UnfreezeAccount(ACC, null),                 // 6
                new DebitForTransfer(ACC, "tr-2", 10, "EUR"));  // 7
        Versioned<AccountState> state = handler.initial();
        List<EventEnvelope> log = new ArrayList<>();
        List<OutcomeCode> codes = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            String id = handler.requiredCommandId(commands.get(i)).orElse("c-" + i); // the saga's id for a step
            Handled<AccountState> handled = handler.handle(command(id, null, commands.get(i)), state);
            state = handled.state();
            log.addAll(handled.events());
            codes.add(handled.outcome().code());
        }

        assertThat(log).extracting(e -> e.meta().version()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(log).extracting(e -> e.meta().eventId())
                .containsExactly("tr-0:debit:0", "c-1:0", "c-2:0", "c-4:0", "tr-1:debit:0", "c-7:0", "tr-2:debit:0");
        assertThat(codes).containsExactly(OutcomeCode.ACCEPTED, OutcomeCode.ACCEPTED, OutcomeCode.ACCEPTED,
                OutcomeCode.REJECTED_RULE, OutcomeCode.ACCEPTED, OutcomeCode.ACCEPTED, OutcomeCode.REJECTED_RULE,
                OutcomeCode.ACCEPTED, OutcomeCode.ACCEPTED);
        assertThat(state).isEqualTo(new Versioned<>(new AccountState.Open("cust-1", "EUR", 90, false), 7));

        // Replaying the log rebuilds the same state: what the processor stores is what the log says.
        Versioned<AccountState> rebuilt = handler.initial();
        for (EventEnvelope recorded : log) {
            rebuilt = handler.replay(rebuilt, recorded);
        }
        assertThat(rebuilt).isEqualTo(state);
    }

    @Test
    void whenACommandDecidesSeveralEvents_thenEachGetsTheNextVersionAndItsIndex() {
        CommandHandler<AccountCommand, AccountEvent, Integer> counting = new CommandHandler<>(
                AccountCommand.class, AccountEvent.class, new ThreeDepositsPerCommand());

        Handled<Integer> handled = counting.handle(command("c-9", 4L, new DepositMoney(ACC, 5, null)),
                new Versioned<>(12, 4));

        assertThat(handled.events()).extracting(EventEnvelope::meta).containsExactly(
                new EventMetadata("c-9:0", 5, AT, "c-9"),
                new EventMetadata("c-9:1", 6, AT, "c-9"),
                new EventMetadata("c-9:2", 7, AT, "c-9"));
        assertThat(handled.outcome().version()).isEqualTo(7L);
        assertThat(handled.outcome().eventCount()).isEqualTo(3);
        assertThat(handled.state()).isEqualTo(new Versioned<>(15, 7));
    }

    @Test
    void whenACommandOfAnotherFamilyArrives_thenItIsARoutingBug() {
        assertThatThrownBy(() -> handler.handle(new CommandEnvelope(new CommandMetadata("c-1", null, AT),
                new TransferCommand.CompleteTransfer("tr-1")), handler.initial()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whenADeciderEmitsAnEventForAnotherAggregate_thenItIsABug() {
        Decider<AccountCommand, AccountEvent, Integer> stray = new ThreeDepositsPerCommand() {
            @Override
            public Decision<AccountEvent> decide(AccountCommand command, Integer state) {
                return Decision.accept(new AccountEvent.AccountClosed("someone-else"));
            }
        };
        CommandHandler<AccountCommand, AccountEvent, Integer> straying =
                new CommandHandler<>(AccountCommand.class, AccountEvent.class, stray);

        assertThatThrownBy(() -> straying.handle(command("c-1", null, new DepositMoney(ACC, 5, null)),
                straying.initial())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void whenReplayingAnEventThatSkipsAVersion_thenTheLogIsCorrupt() {
        EventEnvelope skipping = new EventEnvelope(new EventMetadata("c-1:0", 2, AT, "c-1"),
                new AccountEvent.AccountOpened(ACC, "cust-1", "EUR", "Ada"));

        assertThatThrownBy(() -> handler.replay(handler.initial(), skipping))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("event c-1:0 has version 2 where version 1 was due");
    }

    @Test
    void anAcceptedDecisionAppendsAtLeastOneEvent() {
        assertThatThrownBy(Decision::accept).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Decision.reject(OutcomeCode.ACCEPTED, "no"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A decider whose every command appends three one-unit deposits; the state counts them. */
    private static class ThreeDepositsPerCommand implements Decider<AccountCommand, AccountEvent, Integer> {

        @Override
        public Integer initialState() {
            return 0;
        }

        @Override
        public Decision<AccountEvent> decide(AccountCommand command, Integer state) {
            AccountEvent one = new AccountEvent.MoneyDeposited(command.accountId(), 1, "EUR", null);
            return Decision.accept(one, one, one);
        }

        @Override
        public Integer evolve(Integer state, AccountEvent event) {
            return state + 1;
        }
    }
}
