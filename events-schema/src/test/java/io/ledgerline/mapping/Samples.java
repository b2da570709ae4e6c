package io.ledgerline.mapping;

import io.ledgerline.account.AccountCommand;
import io.ledgerline.account.AccountEvent;
import io.ledgerline.account.DeclineReason;
import io.ledgerline.message.CommandEnvelope;
import io.ledgerline.message.CommandMetadata;
import io.ledgerline.message.EventEnvelope;
import io.ledgerline.message.EventMetadata;
import io.ledgerline.message.LedgerCommand;
import io.ledgerline.message.LedgerEvent;
import io.ledgerline.transfer.TransferCommand;
import io.ledgerline.transfer.TransferEvent;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/** One filled-in example of every command and event, with optional fields both set and unset. */
public final class Samples {

    public static final Instant AT = Instant.parse("2026-11-28T10:15:30.123Z");

    public static final List<LedgerCommand> COMMANDS = List.of(
            new AccountCommand.OpenAccount("acc-1", "cust-1", "EUR", "Ada Lovelace"),
            new AccountCommand.DepositMoney("acc-1", 12_50, "salary"),
            new AccountCommand.DepositMoney("acc-1", 1, null),
            new AccountCommand.WithdrawMoney("acc-1", 5_00, null),
            new AccountCommand.FreezeAccount("acc-1", "fraud check"),
            new AccountCommand.UnfreezeAccount("acc-1", null),
            new AccountCommand.CloseAccount("acc-1"),
            new AccountCommand.DebitForTransfer("acc-1", "tr-1", 7_00, "EUR"),
            new AccountCommand.CreditForTransfer("acc-2", "tr-1", 7_00, "EUR"),
            new AccountCommand.ReverseTransferDebit("acc-1", "tr-1", 7_00, "EUR"),
            new TransferCommand.RequestTransfer("tr-1", "acc-1", "acc-2", 7_00, "EUR", "rent"),
            new TransferCommand.CompleteTransfer("tr-1"),
            new TransferCommand.FailTransfer("tr-1", DeclineReason.ACCOUNT_FROZEN, "cannot credit acc-2: it is FROZEN",
                    true));

    public static final List<LedgerEvent> EVENTS = List.of(
            new AccountEvent.AccountOpened("acc-1", "cust-1", "EUR", "Ada Lovelace"),
            new AccountEvent.MoneyDeposited("acc-1", 12_50, "EUR", "salary"),
            new AccountEvent.MoneyWithdrawn("acc-1", 5_00, "EUR", null),
            new AccountEvent.AccountFrozen("acc-1", null),
            new AccountEvent.AccountUnfrozen("acc-1", "cleared"),
            new AccountEvent.AccountClosed("acc-1"),
            new AccountEvent.TransferDebited("acc-1", "tr-1", 7_00, "EUR"),
            new AccountEvent.TransferDebitDeclined("acc-1", "tr-1", 7_00, "EUR", DeclineReason.INSUFFICIENT_FUNDS,
                    "cannot debit acc-1: balance 5.00 is below 7.00"),
            new AccountEvent.TransferCredited("acc-2", "tr-1", 7_00, "EUR"),
            new AccountEvent.TransferCreditDeclined("acc-2", "tr-1", 7_00, "EUR", DeclineReason.CURRENCY_MISMATCH,
                    "cannot credit acc-2: it holds USD"),
            new AccountEvent.TransferDebitReversed("acc-1", "tr-1", 7_00, "EUR"),
            new TransferEvent.TransferRequested("tr-1", "acc-1", "acc-2", 7_00, "EUR", null),
            new TransferEvent.TransferCompleted("tr-1"),
            new TransferEvent.TransferFailed("tr-1", DeclineReason.INSUFFICIENT_FUNDS, "declined", false));

    private Samples() {
    }

    /** For parameterized tests: {@code @MethodSource("io.ledgerline.mapping.Samples#commands")}. */
    public static Stream<LedgerCommand> commands() {
        return COMMANDS.stream();
    }

    /** For parameterized tests: {@code @MethodSource("io.ledgerline.mapping.Samples#events")}. */
    public static Stream<LedgerEvent> events() {
        return EVENTS.stream();
    }

    public static CommandEnvelope command(LedgerCommand command, Long expectedVersion) {
        return new CommandEnvelope(new CommandMetadata("cmd-" + command.aggregateId(), expectedVersion, AT), command);
    }

    public static EventEnvelope event(LedgerEvent event, long version) {
        return new EventEnvelope(new EventMetadata("cmd-9:0", version, AT, "cmd-9"), event);
    }
}
