package io.ledgerline.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerline.account.AccountState.Closed;
import io.ledgerline.account.AccountState.Open;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Java 17 cannot switch exhaustively over a sealed family, so this test stands in for the compiler: every permitted
 * command must reach a rule in every state, and every permitted event must evolve the state it follows.
 */
class AccountDeciderCoverageTest {

    private static final List<AccountCommand> ONE_OF_EACH_COMMAND = List.of(
            new AccountCommand.OpenAccount("acc-1", "cust-1", "EUR", "Ada Lovelace"),
            new AccountCommand.DepositMoney("acc-1", 100, null),
            new AccountCommand.WithdrawMoney("acc-1", 100, null),
            new AccountCommand.FreezeAccount("acc-1", null),
            new AccountCommand.UnfreezeAccount("acc-1", null),
            new AccountCommand.CloseAccount("acc-1"),
            new AccountCommand.DebitForTransfer("acc-1", "tr-1", 100, "EUR"),
            new AccountCommand.CreditForTransfer("acc-1", "tr-1", 100, "EUR"),
            new AccountCommand.ReverseTransferDebit("acc-1", "tr-1", 100, "EUR"));

    private static final List<AccountState> EVERY_STATE = List.of(
            AccountState.notOpened(),
            new Open("cust-1", "EUR", 500, false),
            new Open("cust-1", "EUR", 500, true),
            new Closed("cust-1", "EUR", 0));

    /** Each event with a state it can follow. */
    private static final Map<AccountEvent, AccountState> ONE_OF_EACH_EVENT = Map.ofEntries(
            Map.entry(new AccountEvent.AccountOpened("acc-1", "cust-1", "EUR", "Ada"), AccountState.notOpened()),
            Map.entry(new AccountEvent.MoneyDeposited("acc-1", 100, "EUR", null), active()),
            Map.entry(new AccountEvent.MoneyWithdrawn("acc-1", 100, "EUR", null), active()),
            Map.entry(new AccountEvent.AccountFrozen("acc-1", null), active()),
            Map.entry(new AccountEvent.AccountUnfrozen("acc-1", null), new Open("cust-1", "EUR", 500, true)),
            Map.entry(new AccountEvent.AccountClosed("acc-1"), new Open("cust-1", "EUR", 0, false)),
            Map.entry(new AccountEvent.TransferDebited("acc-1", "tr-1", 100, "EUR"), active()),
            Map.entry(new AccountEvent.TransferDebitDeclined("acc-1", "tr-1", 100, "EUR",
                    DeclineReason.ACCOUNT_NOT_FOUND, "m"), AccountState.notOpened()),
            Map.entry(new AccountEvent.TransferCredited("acc-1", "tr-1", 100, "EUR"), active()),
            Map.entry(new AccountEvent.TransferCreditDeclined("acc-1", "tr-1", 100, "EUR",
                    DeclineReason.ACCOUNT_CLOSED, "m"), new Closed("cust-1", "EUR", 0)),
            Map.entry(new AccountEvent.TransferDebitReversed("acc-1", "tr-1", 100, "EUR"),
                    new Closed("cust-1", "EUR", 0)));

    private final AccountDecider decider = new AccountDecider();

    private static AccountState active() {
        return new Open("cust-1", "EUR", 500, false);
    }

    @Test
    void everyCommandTypeIsDecidedInEveryState() {
        assertThat(classesOf(ONE_OF_EACH_COMMAND)).isEqualTo(permitted(AccountCommand.class));
        for (AccountCommand command : ONE_OF_EACH_COMMAND) {
            for (AccountState state : EVERY_STATE) {
                assertThatNoException().as("%s in %s", command, state)
                        .isThrownBy(() -> decider.decide(command, state));
            }
        }
    }

    @Test
    void everyEventTypeEvolvesTheStateItFollows() {
        assertThat(classesOf(ONE_OF_EACH_EVENT.keySet())).isEqualTo(permitted(AccountEvent.class));
        ONE_OF_EACH_EVENT.forEach((event, state) -> assertThatNoException().as("%s after %s", event, state)
                .isThrownBy(() -> decider.evolve(state, event)));
    }

    @Test
    void anEventThatCannotFollowTheStateIsACorruptLog() {
        assertThatThrownBy(() -> decider.evolve(AccountState.notOpened(),
                new AccountEvent.MoneyDeposited("acc-1", 100, "EUR", null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("MoneyDeposited cannot apply to account acc-1: it is NOT_OPENED");
        assertThatThrownBy(() -> decider.evolve(active(), new AccountEvent.AccountOpened("acc-1", "c", "EUR", "A")))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> decider.evolve(active(),
                new AccountEvent.MoneyWithdrawn("acc-1", 501, "EUR", null)))
                .as("a withdrawal below zero is no state the decider can reach")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an account balance cannot be negative, was -1");
    }

    private static Set<Class<?>> classesOf(java.util.Collection<?> samples) {
        return samples.stream().map(Object::getClass).collect(Collectors.toSet());
    }

    private static Set<Class<?>> permitted(Class<?> sealed) {
        return Arrays.stream(sealed.getPermittedSubclasses()).collect(Collectors.toSet());
    }
}
