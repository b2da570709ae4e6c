package io.ledgerline.account;

import io.ledgerline.account.AccountCommand.CloseAccount;
import io.ledgerline.account.AccountCommand.CreditForTransfer;
import io.ledgerline.account.AccountCommand.DebitForTransfer;
import io.ledgerline.account.AccountCommand.DepositMoney;
import io.ledgerline.account.AccountCommand.FreezeAccount;
import io.ledgerline.account.AccountCommand.OpenAccount;
import io.ledgerline.account.AccountCommand.ReverseTransferDebit;
import io.ledgerline.account.AccountCommand.UnfreezeAccount;
import io.ledgerline.account.AccountCommand.WithdrawMoney;
import io.ledgerline.account.AccountEvent.AccountClosed;
import io.ledgerline.account.AccountEvent.AccountFrozen;
import io.ledgerline.account.AccountEvent.AccountOpened;
import io.ledgerline.account.AccountEvent.AccountUnfrozen;
import io.ledgerline.account.AccountEvent.MoneyDeposited;
import io.ledgerline.account.AccountEvent.MoneyWithdrawn;
import io.ledgerline.account.AccountEvent.TransferCreditDeclined;
import io.ledgerline.account.AccountEvent.TransferCredited;
import io.ledgerline.account.AccountEvent.TransferDebitDeclined;
import io.ledgerline.account.AccountEvent.TransferDebitReversed;
import io.ledgerline.account.AccountEvent.TransferDebited;
import io.ledgerline.account.AccountState.Closed;
import io.ledgerline.account.AccountState.NotOpened;
import io.ledgerline.account.AccountState.Open;
import io.ledgerline.command.domain.CommandHandler;
import io.ledgerline.command.domain.Decider;
import io.ledgerline.command.domain.Decision;
import io.ledgerline.command.domain.Validation;
import io.ledgerline.outcome.OutcomeCode;
import io.ledgerline.transfer.TransferStepIds;
import java.util.Optional;

/**
 * The account aggregate (rules: DESIGN.md §4; decisions the design left open: docs/adr/0005-account-rules.md).
 *
 * <p>Every command is first checked for shape (REJECTED_VALIDATION). User commands that break a rule are refused
 * (NOT_FOUND, ALREADY_EXISTS, REJECTED_RULE); the saga's debit and credit are instead answered with a declined event
 * carrying a {@link DeclineReason}, so the saga learns the answer from {@code ledger.events}. A reversal of an
 * earlier transfer debit is accepted on a frozen and on a closed account, so money never vanishes. A transfer step
 * (debit, credit, reversal) is applied only under the saga's command id for it, {@code <transferId>:<step>}: the
 * processor dedupes by that id, so each step acts on an account once, whoever writes it to {@code ledger.commands}.
 */
public final class AccountDecider implements Decider<AccountCommand, AccountEvent, AccountState> {

    /** What the command processor calls for every {@link AccountCommand}. */
    public static CommandHandler<AccountCommand, AccountEvent, AccountState> handler() {
        return new CommandHandler<>(AccountCommand.class, AccountEvent.class, new AccountDecider());
    }

    @Override
    public AccountState initialState() {
        return AccountState.notOpened();
    }

    /**
     * A transfer step is bound to the saga's id for it, so a second debit, credit or reversal of the same transfer
     * under another id (an outside producer, a replayed export) is refused instead of moving money again. The
     * account keeps no per-transfer memory (ADR 0005): the dedupe store remembers the id for its retention.
     */
    @Override
    public Optional<String> requiredCommandId(AccountCommand command) {
        if (command instanceof DebitForTransfer c) {
            return stepId(c.accountId(), c.transferId(), TransferStepIds.DEBIT);
        }
        if (command instanceof CreditForTransfer c) {
            return stepId(c.accountId(), c.transferId(), TransferStepIds.CREDIT);
        }
        if (command instanceof ReverseTransferDebit c) {
            return stepId(c.accountId(), c.transferId(), TransferStepIds.REVERSE);
        }
        return Optional.empty();
    }

    // A missing account or transfer id is the shape check's to report, with the command's other problems.
    private static Optional<String> stepId(String accountId, String transferId, String step) {
        if (accountId == null || accountId.isBlank() || transferId == null) {
            return Optional.empty();
        }
        return Optional.of(TransferStepIds.of(transferId, step));
    }

    @Override
    public Decision<AccountEvent> decide(AccountCommand command, AccountState state) {
        // Java 17 has no switch over sealed types; AccountDeciderCoverageTest checks every command has a branch.
        if (command instanceof OpenAccount c) {
            return open(c, state);
        }
        if (command instanceof DepositMoney c) {
            return deposit(c, state);
        }
        if (command instanceof WithdrawMoney c) {
            return withdraw(c, state);
        }
        if (command instanceof FreezeAccount c) {
            return freeze(c, state);
        }
        if (command instanceof UnfreezeAccount c) {
            return unfreeze(c, state);
        }
        if (command instanceof CloseAccount c) {
            return close(c, state);
        }
        if (command instanceof DebitForTransfer c) {
            return debit(c, state);
        }
        if (command instanceof CreditForTransfer c) {
            return credit(c, state);
        }
        if (command instanceof ReverseTransferDebit c) {
            return reverse(c, state);
        }
        throw new IllegalArgumentException("no rule for " + command.getClass().getName());
    }

    private static Decision<AccountEvent> open(OpenAccount c, AccountState state) {
        Validation check = Validation.of(c).id("accountId", c.accountId()).id("customerId", c.customerId())
                .currency(c.currency()).text("holderName", c.holderName(), Validation.MAX_HOLDER_NAME_LENGTH);
        if (check.failed()) {
            return check.rejection();
        }
        if (!(state instanceof NotOpened)) {
            // The id stays taken after closing: events of the old account must never fold into a new one.
            return Decision.reject(OutcomeCode.ALREADY_EXISTS,
                    "cannot open account " + c.accountId() + ": it already exists and is " + state.status());
        }
        return Decision.accept(new AccountOpened(c.accountId(), c.customerId(), c.currency(), c.holderName()));
    }

    private static Decision<AccountEvent> deposit(DepositMoney c, AccountState state) {
        Validation check = Validation.of(c).id("accountId", c.accountId()).amount(c.amount())
                .optionalText("reference", c.reference(), Validation.MAX_REFERENCE_LENGTH);
        if (check.failed()) {
            return check.rejection();
        }
        Optional<Decision<AccountEvent>> refused = refuseUnlessActive("deposit to", c.accountId(), state);
        if (refused.isPresent()) {
            return refused.get();
        }
        Open open = (Open) state;
        if (overflows(open.balance(), c.amount())) {
            return Decision.rule(overflowMessage("deposit " + c.amount() + " to", c.accountId(), open));
        }
        return Decision.accept(new MoneyDeposited(c.accountId(), c.amount(), open.currency(), c.reference()));
    }

    private static Decision<AccountEvent> withdraw(WithdrawMoney c, AccountState state) {
        Validation check = Validation.of(c).id("accountId", c.accountId()).amount(c.amount())
                .optionalText("reference", c.reference(), Validation.MAX_REFERENCE_LENGTH);
        if (check.failed()) {
            return check.rejection();
        }
        Optional<Decision<AccountEvent>> refused = refuseUnlessActive("withdraw from", c.accountId(), state);
        if (refused.isPresent()) {
            return refused.get();
        }
        Open open = (Open) state;
        if (c.amount() > open.balance()) {
            return Decision.rule(insufficientMessage("withdraw " + c.amount() + " from", c.accountId(), open));
        }
        return Decision.accept(new MoneyWithdrawn(c.accountId(), c.amount(), open.currency(), c.reference()));
    }

    private static Decision<AccountEvent> freeze(FreezeAccount c, AccountState state) {
        Validation check = Validation.of(c).id("accountId", c.accountId())
                .optionalText("reason", c.reason(), Validation.MAX_TEXT_LENGTH);
        if (check.failed()) {
            return check.rejection();
        }
        // Freezing a frozen account is refused, not silently accepted: the caller learns someone else froze it.
        Optional<Decision<AccountEvent>> refused = refuseUnlessActive("freeze", c.accountId(), state);
        if (refused.isPresent()) {
            return refused.get();
        }
        return Decision.accept(new AccountFrozen(c.accountId(), c.reason()));
    }

    private static Decision<AccountEvent> unfreeze(UnfreezeAccount c, AccountState state) {
        Validation check = Validation.of(c).id("accountId", c.accountId())
                .optionalText("reason", c.reason(), Validation.MAX_TEXT_LENGTH);
        if (check.failed()) {
            return check.rejection();
        }
        if (state instanceof NotOpened) {
            return Decision.notFound(doesNotExist("unfreeze", c.accountId()));
        }
        if (state.status() != AccountState.Status.FROZEN) {
            return Decision.rule(isIn("unfreeze", c.accountId(), state));
        }
        return Decision.accept(new AccountUnfrozen(c.accountId(), c.reason()));
    }

    private static Decision<AccountEvent> close(CloseAccount c, AccountState state) {
        Validation check = Validation.of(c).id("accountId", c.accountId());
        if (check.failed()) {
            return check.rejection();
        }
        // A frozen account is held for a reason; it must be unfrozen, explicitly, before it can close.
        Optional<Decision<AccountEvent>> refused = refuseUnlessActive("close", c.accountId(), state);
        if (refused.isPresent()) {
            return refused.get();
        }
        Open open = (Open) state;
        if (open.balance() != 0) {
            return Decision.rule("cannot close account " + c.accountId() + ": its balance is " + open.balance() + " "
                    + open.currency() + ", not zero");
        }
        return Decision.accept(new AccountClosed(c.accountId()));
    }

    private static Decision<AccountEvent> debit(DebitForTransfer c, AccountState state) {
        Validation check = Validation.of(c).id("accountId", c.accountId()).id("transferId", c.transferId())
                .amount(c.amount()).currency(c.currency());
        if (check.failed()) {
            return check.rejection();
        }
        String action = "debit " + c.amount() + " " + c.currency() + " from";
        Optional<DeclineReason> unusable = unusable(state, c.currency());
        if (unusable.isPresent()) {
            return Decision.accept(new TransferDebitDeclined(c.accountId(), c.transferId(), c.amount(), c.currency(),
                    unusable.get(), declineMessage(action, c.accountId(), c.currency(), unusable.get(), state)));
        }
        Open open = (Open) state;
        if (c.amount() > open.balance()) {
            return Decision.accept(new TransferDebitDeclined(c.accountId(), c.transferId(), c.amount(), c.currency(),
                    DeclineReason.INSUFFICIENT_FUNDS, insufficientMessage(action, c.accountId(), open)));
        }
        return Decision.accept(new TransferDebited(c.accountId(), c.transferId(), c.amount(), c.currency()));
    }

    private static Decision<AccountEvent> credit(CreditForTransfer c, AccountState state) {
        Validation check = Validation.of(c).id("accountId", c.accountId()).id("transferId", c.transferId())
                .amount(c.amount()).currency(c.currency());
        if (check.failed()) {
            return check.rejection();
        }
        String action = "credit " + c.amount() + " " + c.currency() + " to";
        Optional<DeclineReason> unusable = unusable(state, c.currency());
        if (unusable.isPresent()) {
            return Decision.accept(new TransferCreditDeclined(c.accountId(), c.transferId(), c.amount(), c.currency(),
                    unusable.get(), declineMessage(action, c.accountId(), c.currency(), unusable.get(), state)));
        }
        Open open = (Open) state;
        if (overflows(open.balance(), c.amount())) {
            return Decision.accept(new TransferCreditDeclined(c.accountId(), c.transferId(), c.amount(), c.currency(),
                    DeclineReason.BALANCE_OVERFLOW, overflowMessage(action, c.accountId(), open)));
        }
        return Decision.accept(new TransferCredited(c.accountId(), c.transferId(), c.amount(), c.currency()));
    }

    /**
     * A reversal gives back an earlier transfer debit, so neither a freeze nor closing may refuse it (ADR 0005).
     * What is refused can never be the reversal of a debit of this account: one on an account that never opened, or
     * in a currency it does not hold. A sum that overflows cannot follow a real debit either, and is refused too.
     */
    private static Decision<AccountEvent> reverse(ReverseTransferDebit c, AccountState state) {
        Validation check = Validation.of(c).id("accountId", c.accountId()).id("transferId", c.transferId())
                .amount(c.amount()).currency(c.currency());
        if (check.failed()) {
            return check.rejection();
        }
        String action = "reverse debit " + c.transferId() + " on";
        if (state instanceof NotOpened) {
            return Decision.notFound(doesNotExist(action, c.accountId()));
        }
        String currency = state instanceof Open o ? o.currency() : ((Closed) state).currency();
        long balance = state instanceof Open o ? o.balance() : ((Closed) state).balance();
        if (!currency.equals(c.currency())) {
            return Decision.rule("cannot " + action + " account " + c.accountId() + " in " + c.currency()
                    + ": it holds " + currency);
        }
        if (overflows(balance, c.amount())) {
            return Decision.rule("cannot " + action + " account " + c.accountId() + ": its balance " + balance + " "
                    + currency + " would overflow adding " + c.amount());
        }
        return Decision.accept(new TransferDebitReversed(c.accountId(), c.transferId(), c.amount(), currency));
    }

    @Override
    public AccountState evolve(AccountState state, AccountEvent event) {
        if (event instanceof TransferDebitDeclined || event instanceof TransferCreditDeclined) {
            return state;
        }
        if (event instanceof AccountOpened e) {
            if (!(state instanceof NotOpened)) {
                throw cannotApply(event, state);
            }
            return new Open(e.customerId(), e.currency(), 0, false);
        }
        if (event instanceof TransferDebitReversed e) {
            if (state instanceof Closed closed) {
                return new Closed(closed.customerId(), closed.currency(), Math.addExact(closed.balance(), e.amount()));
            }
            Open open = openOrThrow(state, event);
            return open.withBalance(Math.addExact(open.balance(), e.amount()));
        }
        Open open = openOrThrow(state, event);
        if (event instanceof MoneyDeposited e) {
            return open.withBalance(Math.addExact(open.balance(), e.amount()));
        }
        if (event instanceof TransferCredited e) {
            return open.withBalance(Math.addExact(open.balance(), e.amount()));
        }
        if (event instanceof MoneyWithdrawn e) {
            return open.withBalance(Math.subtractExact(open.balance(), e.amount()));
        }
        if (event instanceof TransferDebited e) {
            return open.withBalance(Math.subtractExact(open.balance(), e.amount()));
        }
        if (event instanceof AccountFrozen) {
            return open.withFrozen(true);
        }
        if (event instanceof AccountUnfrozen) {
            return open.withFrozen(false);
        }
        if (event instanceof AccountClosed) {
            return new Closed(open.customerId(), open.currency(), open.balance());
        }
        throw new IllegalArgumentException("no evolution for " + event.getClass().getName());
    }

    /** Why a user command that needs an active account is refused, if it is. */
    private static Optional<Decision<AccountEvent>> refuseUnlessActive(String action, String id, AccountState state) {
        if (state instanceof NotOpened) {
            return Optional.of(Decision.notFound(doesNotExist(action, id)));
        }
        if (state.status() != AccountState.Status.ACTIVE) {
            return Optional.of(Decision.rule(isIn(action, id, state)));
        }
        return Optional.empty();
    }

    /** Why a transfer step cannot touch this account at all, before its balance is looked at. */
    private static Optional<DeclineReason> unusable(AccountState state, String currency) {
        if (state instanceof NotOpened) {
            return Optional.of(DeclineReason.ACCOUNT_NOT_FOUND);
        }
        if (state instanceof Closed) {
            return Optional.of(DeclineReason.ACCOUNT_CLOSED);
        }
        Open open = (Open) state;
        if (open.frozen()) {
            return Optional.of(DeclineReason.ACCOUNT_FROZEN);
        }
        if (!open.currency().equals(currency)) {
            return Optional.of(DeclineReason.CURRENCY_MISMATCH);
        }
        return Optional.empty();
    }

    private static String declineMessage(
            String action, String id, String currency, DeclineReason reason, AccountState state) {
        if (reason == DeclineReason.ACCOUNT_NOT_FOUND) {
            return doesNotExist(action, id);
        }
        if (reason == DeclineReason.CURRENCY_MISMATCH) {
            return "cannot " + action + " account " + id + ": it holds " + ((Open) state).currency() + ", not "
                    + currency;
        }
        return isIn(action, id, state);
    }

    private static boolean overflows(long balance, long amount) {
        return balance > Long.MAX_VALUE - amount;
    }

    private static String doesNotExist(String action, String id) {
        return "cannot " + action + " account " + id + ": it does not exist";
    }

    private static String isIn(String action, String id, AccountState state) {
        return "cannot " + action + " account " + id + ": it is " + state.status();
    }

    private static String insufficientMessage(String action, String id, Open open) {
        return "cannot " + action + " account " + id + ": its balance is " + open.balance() + " " + open.currency();
    }

    private static String overflowMessage(String action, String id, Open open) {
        return "cannot " + action + " account " + id + ": its balance " + open.balance() + " " + open.currency()
                + " would overflow";
    }

    private static Open openOrThrow(AccountState state, AccountEvent event) {
        if (state instanceof Open open) {
            return open;
        }
        throw cannotApply(event, state);
    }

    private static IllegalStateException cannotApply(AccountEvent event, AccountState state) {
        return new IllegalStateException(event.getClass().getSimpleName() + " cannot apply to account "
                + event.accountId() + ": it is " + state.status());
    }
}
