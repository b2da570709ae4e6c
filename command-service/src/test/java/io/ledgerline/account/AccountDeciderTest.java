package io.ledgerline.account;

import static io.ledgerline.outcome.OutcomeCode.ALREADY_EXISTS;
import static io.ledgerline.outcome.OutcomeCode.NOT_FOUND;
import static io.ledgerline.outcome.OutcomeCode.REJECTED_RULE;
import static io.ledgerline.outcome.OutcomeCode.REJECTED_VALIDATION;

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
import io.ledgerline.account.AccountState.Open;
import io.ledgerline.command.domain.AggregateFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccountDeciderTest {

    private static final String ACC = "acc-7";
    private static final String TR = "tr-1";

    private final AggregateFixture<AccountCommand, AccountEvent, AccountState> fixture =
            AggregateFixture.of(AccountDecider.handler());

    private static AccountOpened opened() {
        return new AccountOpened(ACC, "cust-1", "EUR", "Ada Lovelace");
    }

    private static MoneyDeposited deposited(long amount) {
        return new MoneyDeposited(ACC, amount, "EUR", null);
    }

    private static AccountFrozen frozen() {
        return new AccountFrozen(ACC, "fraud check");
    }

    private static AccountClosed closed() {
        return new AccountClosed(ACC);
    }

    // --- OpenAccount

    @Test
    void givenNothing_whenOpenAccount_thenOpened() {
        fixture.givenNothing()
                .when(new OpenAccount(ACC, "cust-1", "EUR", "Ada Lovelace"))
                .thenEvents(opened())
                .thenState(new Open("cust-1", "EUR", 0, false));
    }

    @Test
    void givenOpenAccount_whenOpenAccount_thenAlreadyExists() {
        fixture.given(opened())
                .when(new OpenAccount(ACC, "cust-2", "USD", "Grace Hopper"))
                .thenRejected(ALREADY_EXISTS, "cannot open account acc-7: it already exists and is ACTIVE");
    }

    @Test
    void givenClosedAccount_whenOpenAccount_thenAlreadyExists() {
        fixture.given(opened(), closed())
                .when(new OpenAccount(ACC, "cust-1", "EUR", "Ada Lovelace"))
                .thenRejected(ALREADY_EXISTS, "cannot open account acc-7: it already exists and is CLOSED");
    }

    @Test
    void givenCreditDeclinedOnNeverOpenedAccount_whenOpenAccount_thenOpenedAtTheNextVersion() {
        fixture.given(new TransferCreditDeclined(ACC, TR, 100, "EUR", DeclineReason.ACCOUNT_NOT_FOUND, "no account"))
                .when(new OpenAccount(ACC, "cust-1", "EUR", "Ada Lovelace"))
                .thenEvents(opened())
                .thenState(new Open("cust-1", "EUR", 0, false));
    }

    @Test
    void givenNothing_whenOpenAccountWithLowerCaseCurrency_thenInvalid() {
        fixture.givenNothing()
                .when(new OpenAccount(ACC, "cust-1", "eur", "Ada Lovelace"))
                .thenRejected(REJECTED_VALIDATION,
                        "invalid OpenAccount: currency must be 3 upper-case letters (ISO-4217), was 'eur'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"EU", "EURO", "E1R", "ÉUR"})
    void givenNothing_whenOpenAccountWithMalformedCurrency_thenInvalid(String currency) {
        fixture.givenNothing()
                .when(new OpenAccount(ACC, "cust-1", currency, "Ada Lovelace"))
                .thenRejectedWith(REJECTED_VALIDATION, "currency must be 3 upper-case letters");
    }

    @Test
    void givenNothing_whenOpenAccountWithBlankHolderName_thenInvalid() {
        fixture.givenNothing()
                .when(new OpenAccount(ACC, "cust-1", "EUR", "  "))
                .thenRejected(REJECTED_VALIDATION, "invalid OpenAccount: holderName is required");
    }

    @Test
    void givenNothing_whenOpenAccountWithEveryFieldWrong_thenEveryProblemReported() {
        fixture.givenNothing()
                .when(new OpenAccount("acc 7", null, null, "x".repeat(201)))
                .thenRejected(REJECTED_VALIDATION, "invalid OpenAccount: "
                        + "accountId must not contain whitespace or control characters; customerId is required; "
                        + "currency must be 3 upper-case letters (ISO-4217), was missing; "
                        + "holderName must be at most 200 characters, was 201");
    }

    @Test
    void givenNothing_whenOpenAccountWithIdOfMaximumLength_thenOpened() {
        String id = "a".repeat(64);
        fixture.givenNothing()
                .when(new OpenAccount(id, "cust-1", "EUR", "Ada Lovelace"))
                .thenEvents(new AccountOpened(id, "cust-1", "EUR", "Ada Lovelace"));
    }

    @Test
    void givenNothing_whenOpenAccountWithIdTooLong_thenInvalid() {
        fixture.givenNothing()
                .when(new OpenAccount("a".repeat(65), "cust-1", "EUR", "Ada Lovelace"))
                .thenRejected(REJECTED_VALIDATION,
                        "invalid OpenAccount: accountId must be at most 64 characters, was 65");
    }

    // --- DepositMoney

    @Test
    void givenOpenAccount_whenDeposit_thenDepositedInTheAccountsCurrency() {
        fixture.given(opened())
                .when(new DepositMoney(ACC, 12_50, "salary"))
                .thenEvents(new MoneyDeposited(ACC, 12_50, "EUR", "salary"))
                .thenState(new Open("cust-1", "EUR", 12_50, false));
    }

    @Test
    void givenNothing_whenDeposit_thenNotFound() {
        fixture.givenNothing()
                .when(new DepositMoney(ACC, 100, null))
                .thenRejected(NOT_FOUND, "cannot deposit to account acc-7: it does not exist");
    }

    @Test
    void givenFrozenAccount_whenDeposit_thenRejected() {
        fixture.given(opened(), frozen())
                .when(new DepositMoney(ACC, 100, null))
                .thenRejected(REJECTED_RULE, "cannot deposit to account acc-7: it is FROZEN");
    }

    @Test
    void givenClosedAccount_whenDeposit_thenRejected() {
        fixture.given(opened(), closed())
                .when(new DepositMoney(ACC, 100, null))
                .thenRejected(REJECTED_RULE, "cannot deposit to account acc-7: it is CLOSED");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, Long.MIN_VALUE})
    void givenOpenAccount_whenDepositNonPositiveAmount_thenInvalid(long amount) {
        fixture.given(opened())
                .when(new DepositMoney(ACC, amount, null))
                .thenRejected(REJECTED_VALIDATION,
                        "invalid DepositMoney: amount must be a positive number of minor units, was " + amount);
    }

    @Test
    void givenBalanceNearTheLongLimit_whenDepositOverflows_thenRejected() {
        fixture.given(opened(), deposited(Long.MAX_VALUE - 10))
                .when(new DepositMoney(ACC, 11, null))
                .thenRejected(REJECTED_RULE, "cannot deposit 11 to account acc-7: its balance "
                        + (Long.MAX_VALUE - 10) + " EUR would overflow");
    }

    @Test
    void givenBalanceNearTheLongLimit_whenDepositReachesItExactly_thenDeposited() {
        fixture.given(opened(), deposited(Long.MAX_VALUE - 10))
                .when(new DepositMoney(ACC, 10, null))
                .thenEvents(deposited(10))
                .thenState(new Open("cust-1", "EUR", Long.MAX_VALUE, false));
    }

    @Test
    void givenOpenAccount_whenDepositWithReferenceTooLong_thenInvalid() {
        fixture.given(opened())
                .when(new DepositMoney(ACC, 100, "r".repeat(141)))
                .thenRejected(REJECTED_VALIDATION,
                        "invalid DepositMoney: reference must be at most 140 characters, was 141");
    }

    // --- WithdrawMoney

    @Test
    void givenBalance_whenWithdraw_thenWithdrawn() {
        fixture.given(opened(), deposited(500))
                .when(new WithdrawMoney(ACC, 200, "atm"))
                .thenEvents(new MoneyWithdrawn(ACC, 200, "EUR", "atm"))
                .thenState(new Open("cust-1", "EUR", 300, false));
    }

    @Test
    void givenBalance_whenWithdrawTheWholeBalance_thenWithdrawnToZero() {
        fixture.given(opened(), deposited(500))
                .when(new WithdrawMoney(ACC, 500, null))
                .thenEvents(new MoneyWithdrawn(ACC, 500, "EUR", null))
                .thenState(new Open("cust-1", "EUR", 0, false));
    }

    @Test
    void givenBalance_whenWithdrawMoreThanTheBalance_thenRejected() {
        fixture.given(opened(), deposited(300))
                .when(new WithdrawMoney(ACC, 301, null))
                .thenRejected(REJECTED_RULE, "cannot withdraw 301 from account acc-7: its balance is 300 EUR");
    }

    @Test
    void givenFrozenAccount_whenWithdraw_thenRejected() {
        fixture.given(opened(), deposited(300), frozen())
                .when(new WithdrawMoney(ACC, 100, null))
                .thenRejected(REJECTED_RULE, "cannot withdraw from account acc-7: it is FROZEN");
    }

    @Test
    void givenClosedAccount_whenWithdraw_thenRejected() {
        fixture.given(opened(), closed())
                .when(new WithdrawMoney(ACC, 100, null))
                .thenRejected(REJECTED_RULE, "cannot withdraw from account acc-7: it is CLOSED");
    }

    @Test
    void givenNothing_whenWithdraw_thenNotFound() {
        fixture.givenNothing()
                .when(new WithdrawMoney(ACC, 100, null))
                .thenRejected(NOT_FOUND, "cannot withdraw from account acc-7: it does not exist");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -5})
    void givenBalance_whenWithdrawNonPositiveAmount_thenInvalid(long amount) {
        fixture.given(opened(), deposited(300))
                .when(new WithdrawMoney(ACC, amount, null))
                .thenRejectedWith(REJECTED_VALIDATION, "amount must be a positive number of minor units");
    }

    // --- FreezeAccount / UnfreezeAccount

    @Test
    void givenActiveAccount_whenFreeze_thenFrozen() {
        fixture.given(opened(), deposited(300))
                .when(new FreezeAccount(ACC, "fraud check"))
                .thenEvents(frozen())
                .thenState(new Open("cust-1", "EUR", 300, true));
    }

    @Test
    void givenFrozenAccount_whenFreeze_thenRejected() {
        fixture.given(opened(), frozen())
                .when(new FreezeAccount(ACC, "again"))
                .thenRejected(REJECTED_RULE, "cannot freeze account acc-7: it is FROZEN");
    }

    @Test
    void givenFrozenAccount_whenUnfreeze_thenUnfrozen() {
        fixture.given(opened(), deposited(300), frozen())
                .when(new UnfreezeAccount(ACC, null))
                .thenEvents(new AccountUnfrozen(ACC, null))
                .thenState(new Open("cust-1", "EUR", 300, false));
    }

    @Test
    void givenActiveAccount_whenUnfreeze_thenRejected() {
        fixture.given(opened())
                .when(new UnfreezeAccount(ACC, null))
                .thenRejected(REJECTED_RULE, "cannot unfreeze account acc-7: it is ACTIVE");
    }

    @Test
    void givenClosedAccount_whenFreeze_thenRejected() {
        fixture.given(opened(), closed())
                .when(new FreezeAccount(ACC, null))
                .thenRejected(REJECTED_RULE, "cannot freeze account acc-7: it is CLOSED");
    }

    @Test
    void givenClosedAccount_whenUnfreeze_thenRejected() {
        fixture.given(opened(), closed())
                .when(new UnfreezeAccount(ACC, null))
                .thenRejected(REJECTED_RULE, "cannot unfreeze account acc-7: it is CLOSED");
    }

    @Test
    void givenNothing_whenFreeze_thenNotFound() {
        fixture.givenNothing()
                .when(new FreezeAccount(ACC, null))
                .thenRejected(NOT_FOUND, "cannot freeze account acc-7: it does not exist");
    }

    @Test
    void givenNothing_whenUnfreeze_thenNotFound() {
        fixture.givenNothing()
                .when(new UnfreezeAccount(ACC, null))
                .thenRejected(NOT_FOUND, "cannot unfreeze account acc-7: it does not exist");
    }

    @Test
    void givenActiveAccount_whenFreezeWithControlCharacterInReason_thenInvalid() {
        fixture.given(opened())
                .when(new FreezeAccount(ACC, "line\u0000break"))
                .thenRejected(REJECTED_VALIDATION, "invalid FreezeAccount: reason must not contain control characters");
    }

    // --- CloseAccount

    @Test
    void givenZeroBalance_whenClose_thenClosed() {
        fixture.given(opened(), deposited(300), new MoneyWithdrawn(ACC, 300, "EUR", null))
                .when(new CloseAccount(ACC))
                .thenEvents(closed())
                .thenState(new Closed("cust-1", "EUR", 0));
    }

    @Test
    void givenNonZeroBalance_whenClose_thenRejected() {
        fixture.given(opened(), deposited(300))
                .when(new CloseAccount(ACC))
                .thenRejected(REJECTED_RULE, "cannot close account acc-7: its balance is 300 EUR, not zero");
    }

    @Test
    void givenFrozenAccount_whenClose_thenRejected() {
        fixture.given(opened(), frozen())
                .when(new CloseAccount(ACC))
                .thenRejected(REJECTED_RULE, "cannot close account acc-7: it is FROZEN");
    }

    @Test
    void givenClosedAccount_whenClose_thenRejected() {
        fixture.given(opened(), closed())
                .when(new CloseAccount(ACC))
                .thenRejected(REJECTED_RULE, "cannot close account acc-7: it is CLOSED");
    }

    @Test
    void givenNothing_whenClose_thenNotFound() {
        fixture.givenNothing()
                .when(new CloseAccount(ACC))
                .thenRejected(NOT_FOUND, "cannot close account acc-7: it does not exist");
    }

    // --- DebitForTransfer (saga): rules decline as events

    @Test
    void givenBalance_whenDebitForTransfer_thenDebited() {
        fixture.given(opened(), deposited(500))
                .when(new DebitForTransfer(ACC, TR, 500, "EUR"))
                .thenEvents(new TransferDebited(ACC, TR, 500, "EUR"))
                .thenState(new Open("cust-1", "EUR", 0, false));
    }

    @Test
    void givenFrozenAccount_whenDebitForTransfer_thenDeclined() {
        fixture.given(opened(), deposited(500), frozen())
                .when(new DebitForTransfer(ACC, TR, 100, "EUR"))
                .thenEvents(new TransferDebitDeclined(ACC, TR, 100, "EUR", DeclineReason.ACCOUNT_FROZEN,
                        "cannot debit 100 EUR from account acc-7: it is FROZEN"))
                .thenState(new Open("cust-1", "EUR", 500, true));
    }

    @Test
    void givenClosedAccount_whenDebitForTransfer_thenDeclined() {
        fixture.given(opened(), closed())
                .when(new DebitForTransfer(ACC, TR, 100, "EUR"))
                .thenEvents(new TransferDebitDeclined(ACC, TR, 100, "EUR", DeclineReason.ACCOUNT_CLOSED,
                        "cannot debit 100 EUR from account acc-7: it is CLOSED"));
    }

    @Test
    void givenNothing_whenDebitForTransfer_thenDeclinedAsNotFoundAtVersion1() {
        fixture.givenNothing()
                .when(new DebitForTransfer(ACC, TR, 100, "EUR"))
                .thenEvents(new TransferDebitDeclined(ACC, TR, 100, "EUR", DeclineReason.ACCOUNT_NOT_FOUND,
                        "cannot debit 100 EUR from account acc-7: it does not exist"))
                .thenState(AccountState.notOpened());
    }

    @Test
    void givenOtherCurrency_whenDebitForTransfer_thenDeclined() {
        fixture.given(opened(), deposited(500))
                .when(new DebitForTransfer(ACC, TR, 100, "USD"))
                .thenEvents(new TransferDebitDeclined(ACC, TR, 100, "USD", DeclineReason.CURRENCY_MISMATCH,
                        "cannot debit 100 USD from account acc-7: it holds EUR, not USD"));
    }

    @Test
    void givenTooLowBalance_whenDebitForTransfer_thenDeclined() {
        fixture.given(opened(), deposited(99))
                .when(new DebitForTransfer(ACC, TR, 100, "EUR"))
                .thenEvents(new TransferDebitDeclined(ACC, TR, 100, "EUR", DeclineReason.INSUFFICIENT_FUNDS,
                        "cannot debit 100 EUR from account acc-7: its balance is 99 EUR"))
                .thenState(new Open("cust-1", "EUR", 99, false));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -100})
    void givenBalance_whenDebitForTransferNonPositiveAmount_thenInvalidWithoutEvent(long amount) {
        fixture.given(opened(), deposited(500))
                .when(new DebitForTransfer(ACC, TR, amount, "EUR"))
                .thenRejectedWith(REJECTED_VALIDATION, "invalid DebitForTransfer", "amount must be a positive");
    }

    @Test
    void givenBalance_whenDebitForTransferWithoutTransferId_thenInvalidWithoutEvent() {
        fixture.given(opened(), deposited(500))
                .when(new DebitForTransfer(ACC, "", 100, "EUR"))
                .thenRejected(REJECTED_VALIDATION, "invalid DebitForTransfer: transferId is required");
    }

    // --- CreditForTransfer (saga): rules decline as events

    @Test
    void givenOpenAccount_whenCreditForTransfer_thenCredited() {
        fixture.given(opened(), deposited(5))
                .when(new CreditForTransfer(ACC, TR, 100, "EUR"))
                .thenEvents(new TransferCredited(ACC, TR, 100, "EUR"))
                .thenState(new Open("cust-1", "EUR", 105, false));
    }

    @Test
    void givenFrozenAccount_whenCreditForTransfer_thenDeclined() {
        fixture.given(opened(), frozen())
                .when(new CreditForTransfer(ACC, TR, 100, "EUR"))
                .thenEvents(new TransferCreditDeclined(ACC, TR, 100, "EUR", DeclineReason.ACCOUNT_FROZEN,
                        "cannot credit 100 EUR to account acc-7: it is FROZEN"));
    }

    @Test
    void givenClosedAccount_whenCreditForTransfer_thenDeclined() {
        fixture.given(opened(), closed())
                .when(new CreditForTransfer(ACC, TR, 100, "EUR"))
                .thenEvents(new TransferCreditDeclined(ACC, TR, 100, "EUR", DeclineReason.ACCOUNT_CLOSED,
                        "cannot credit 100 EUR to account acc-7: it is CLOSED"))
                .thenState(new Closed("cust-1", "EUR", 0));
    }

    @Test
    void givenNothing_whenCreditForTransfer_thenDeclinedAsNotFound() {
        fixture.givenNothing()
                .when(new CreditForTransfer(ACC, TR, 100, "EUR"))
                .thenEvents(new TransferCreditDeclined(ACC, TR, 100, "EUR", DeclineReason.ACCOUNT_NOT_FOUND,
                        "cannot credit 100 EUR to account acc-7: it does not exist"))
                .thenState(AccountState.notOpened());
    }

    @Test
    void givenOtherCurrency_whenCreditForTransfer_thenDeclined() {
        fixture.given(opened())
                .when(new CreditForTransfer(ACC, TR, 100, "GBP"))
                .thenEvents(new TransferCreditDeclined(ACC, TR, 100, "GBP", DeclineReason.CURRENCY_MISMATCH,
                        "cannot credit 100 GBP to account acc-7: it holds EUR, not GBP"));
    }

    @Test
    void givenBalanceNearTheLongLimit_whenCreditForTransfer_thenDeclinedAsOverflow() {
        fixture.given(opened(), deposited(Long.MAX_VALUE))
                .when(new CreditForTransfer(ACC, TR, 1, "EUR"))
                .thenEvents(new TransferCreditDeclined(ACC, TR, 1, "EUR", DeclineReason.BALANCE_OVERFLOW,
                        "cannot credit 1 EUR to account acc-7: its balance " + Long.MAX_VALUE + " EUR would overflow"))
                .thenState(new Open("cust-1", "EUR", Long.MAX_VALUE, false));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1})
    void givenOpenAccount_whenCreditForTransferNonPositiveAmount_thenInvalidWithoutEvent(long amount) {
        fixture.given(opened())
                .when(new CreditForTransfer(ACC, TR, amount, "EUR"))
                .thenRejectedWith(REJECTED_VALIDATION, "invalid CreditForTransfer", "amount must be a positive");
    }

    @Test
    void givenOpenAccount_whenCreditForTransferWithMalformedCurrency_thenInvalidWithoutEvent() {
        fixture.given(opened())
                .when(new CreditForTransfer(ACC, TR, 100, "eur"))
                .thenRejectedWith(REJECTED_VALIDATION, "currency must be 3 upper-case letters");
    }

    // --- A transfer step acts once per account: only under the saga's command id <transferId>:<step> (ADR 0005)

    @Test
    void givenOpenAccount_whenCreditForTransferUnderTheSagasId_thenCredited() {
        fixture.given(opened())
                .whenUnder("tr-1:credit", new CreditForTransfer(ACC, TR, 100, "EUR"))
                .thenEvents(new TransferCredited(ACC, TR, 100, "EUR"));
    }

    @Test
    void givenCreditedAccount_whenCreditForTheSameTransferUnderAnotherId_thenInvalidWithoutEvent() {
        fixture.given(opened(), new TransferCredited(ACC, TR, 100, "EUR"))
                .whenUnder("producer-2", new CreditForTransfer(ACC, TR, 100, "EUR"))
                .thenRejected(REJECTED_VALIDATION, "a CreditForTransfer must carry the command id tr-1:credit, not "
                        + "producer-2: acc-7 applies it under that id only, so that it is applied once")
                .thenState(new Open("cust-1", "EUR", 100, false));
    }

    @Test
    void givenDebitedAccount_whenDebitForTheSameTransferUnderAnotherId_thenInvalidWithoutEvent() {
        fixture.given(opened(), deposited(500), new TransferDebited(ACC, TR, 200, "EUR"))
                .whenUnder("tr-1:credit", new DebitForTransfer(ACC, TR, 200, "EUR"))
                .thenRejected(REJECTED_VALIDATION, "a DebitForTransfer must carry the command id tr-1:debit, not "
                        + "tr-1:credit: acc-7 applies it under that id only, so that it is applied once");
    }

    @Test
    void givenReversedAccount_whenReversalOfTheSameTransferUnderAnotherId_thenInvalidWithoutEvent() {
        fixture.given(opened(), deposited(500), new TransferDebited(ACC, TR, 200, "EUR"),
                        new TransferDebitReversed(ACC, TR, 200, "EUR"))
                .whenUnder("tr-1:reverse-again", new ReverseTransferDebit(ACC, TR, 200, "EUR"))
                .thenRejected(REJECTED_VALIDATION, "a ReverseTransferDebit must carry the command id tr-1:reverse, "
                        + "not tr-1:reverse-again: acc-7 applies it under that id only, so that it is applied once");
    }

    @Test
    void givenFrozenAccount_whenCreditForTransferUnderAnotherId_thenInvalidNotDeclined() {
        // Not even a declined event: the saga never sent this command, so no answer belongs on the log.
        fixture.given(opened(), frozen())
                .whenUnder("c-1", new CreditForTransfer(ACC, TR, 100, "EUR"))
                .thenRejectedWith(REJECTED_VALIDATION, "must carry the command id tr-1:credit");
    }

    @Test
    void givenNothing_whenDebitForTransferWithoutAccountUnderAnotherId_thenTheMissingAccountIsReported() {
        // The missing account is what is wrong with it; there is no account to name in the step-id answer.
        fixture.givenNothing()
                .whenUnder("c-1", new DebitForTransfer(null, TR, 100, "EUR"))
                .thenRejected(REJECTED_VALIDATION, "invalid DebitForTransfer: accountId is required");
    }

    @Test
    void givenCreditOfOneTransfer_whenCreditOfAnotherTransferUnderItsId_thenCredited() {
        fixture.given(opened(), new TransferCredited(ACC, TR, 100, "EUR"))
                .whenUnder("tr-2:credit", new CreditForTransfer(ACC, "tr-2", 100, "EUR"))
                .thenEvents(new TransferCredited(ACC, "tr-2", 100, "EUR"))
                .thenState(new Open("cust-1", "EUR", 200, false));
    }

    // --- ReverseTransferDebit (saga compensation): always accepted where a debit could have happened

    @Test
    void givenDebitedAccount_whenReverseTransferDebit_thenReversed() {
        fixture.given(opened(), deposited(500), new TransferDebited(ACC, TR, 200, "EUR"))
                .when(new ReverseTransferDebit(ACC, TR, 200, "EUR"))
                .thenEvents(new TransferDebitReversed(ACC, TR, 200, "EUR"))
                .thenState(new Open("cust-1", "EUR", 500, false));
    }

    @Test
    void givenFrozenAccount_whenReverseTransferDebit_thenReversedAndStillFrozen() {
        fixture.given(opened(), deposited(500), new TransferDebited(ACC, TR, 200, "EUR"), frozen())
                .when(new ReverseTransferDebit(ACC, TR, 200, "EUR"))
                .thenEvents(new TransferDebitReversed(ACC, TR, 200, "EUR"))
                .thenState(new Open("cust-1", "EUR", 500, true));
    }

    @Test
    void givenAccountClosedAfterADebit_whenReverseTransferDebit_thenReversedOntoTheClosedAccount() {
        fixture.given(opened(), deposited(200), new TransferDebited(ACC, TR, 200, "EUR"), closed())
                .when(new ReverseTransferDebit(ACC, TR, 200, "EUR"))
                .thenEvents(new TransferDebitReversed(ACC, TR, 200, "EUR"))
                .thenState(new Closed("cust-1", "EUR", 200));
    }

    @Test
    void givenClosedAccountHoldingAReversal_whenWithdraw_thenRejected() {
        fixture.given(opened(), closed(), new TransferDebitReversed(ACC, TR, 200, "EUR"))
                .when(new WithdrawMoney(ACC, 200, null))
                .thenRejected(REJECTED_RULE, "cannot withdraw from account acc-7: it is CLOSED");
    }

    @Test
    void givenNothing_whenReverseTransferDebit_thenNotFound() {
        fixture.givenNothing()
                .when(new ReverseTransferDebit(ACC, TR, 200, "EUR"))
                .thenRejected(NOT_FOUND, "cannot reverse debit tr-1 on account acc-7: it does not exist");
    }

    @Test
    void givenOtherCurrency_whenReverseTransferDebit_thenRejected() {
        fixture.given(opened())
                .when(new ReverseTransferDebit(ACC, TR, 200, "USD"))
                .thenRejected(REJECTED_RULE, "cannot reverse debit tr-1 on account acc-7 in USD: it holds EUR");
    }

    @Test
    void givenBalanceNearTheLongLimit_whenReverseTransferDebit_thenRejectedAsOverflow() {
        fixture.given(opened(), deposited(Long.MAX_VALUE))
                .when(new ReverseTransferDebit(ACC, TR, 1, "EUR"))
                .thenRejected(REJECTED_RULE, "cannot reverse debit tr-1 on account acc-7: its balance "
                        + Long.MAX_VALUE + " EUR would overflow adding 1");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -200})
    void givenDebitedAccount_whenReverseTransferDebitNonPositiveAmount_thenInvalid(long amount) {
        fixture.given(opened(), deposited(500), new TransferDebited(ACC, TR, 200, "EUR"))
                .when(new ReverseTransferDebit(ACC, TR, amount, "EUR"))
                .thenRejectedWith(REJECTED_VALIDATION, "invalid ReverseTransferDebit", "amount must be a positive");
    }
}
