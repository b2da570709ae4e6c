package io.ledgerline.saga;

import io.ledgerline.account.AccountCommand.CreditForTransfer;
import io.ledgerline.account.AccountCommand.DebitForTransfer;
import io.ledgerline.account.AccountCommand.ReverseTransferDebit;
import io.ledgerline.account.AccountEvent.TransferCreditDeclined;
import io.ledgerline.account.AccountEvent.TransferCredited;
import io.ledgerline.account.AccountEvent.TransferDebitDeclined;
import io.ledgerline.account.AccountEvent.TransferDebitReversed;
import io.ledgerline.account.AccountEvent.TransferDebited;
import io.ledgerline.account.DeclineReason;
import io.ledgerline.message.CommandEnvelope;
import io.ledgerline.message.CommandMetadata;
import io.ledgerline.message.LedgerCommand;
import io.ledgerline.transfer.TransferCommand.CompleteTransfer;
import io.ledgerline.transfer.TransferCommand.FailTransfer;
import io.ledgerline.transfer.TransferEvent.TransferCompleted;
import io.ledgerline.transfer.TransferEvent.TransferFailed;
import io.ledgerline.transfer.TransferEvent.TransferRequested;
import java.time.Duration;
import java.time.Instant;

/** One transfer of 700 EUR from acc-1 to acc-2, the events that can happen to it and the commands the saga sends. */
final class SagaSamples {

    static final String T = "t-1";
    static final String FROM = "acc-1";
    static final String TO = "acc-2";
    static final String NO_FUNDS = "cannot debit 700 EUR from account acc-1: its balance is 100 EUR";
    static final String FROZEN = "cannot credit 700 EUR to account acc-2: it is FROZEN";

    /** No jitter, so deadlines are exact: re-sends 1 s, 2 s, 4 s, 8 s, 8 s apart; 5 sends; 60 s per step. */
    static final SagaConfig CONFIG =
            new SagaConfig(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(8), 5, Duration.ofSeconds(60), 0.0);

    static final TransferTerms TERMS = new TransferTerms(T, FROM, TO, 700, "EUR");

    private SagaSamples() {
    }

    static TransferRequested requested() {
        return new TransferRequested(T, FROM, TO, 700, "EUR", "rent");
    }

    static TransferDebited debited() {
        return new TransferDebited(FROM, T, 700, "EUR");
    }

    static TransferDebitDeclined debitDeclined() {
        return new TransferDebitDeclined(FROM, T, 700, "EUR", DeclineReason.INSUFFICIENT_FUNDS, NO_FUNDS);
    }

    static TransferCredited credited() {
        return new TransferCredited(TO, T, 700, "EUR");
    }

    static TransferCreditDeclined creditDeclined() {
        return new TransferCreditDeclined(TO, T, 700, "EUR", DeclineReason.ACCOUNT_FROZEN, FROZEN);
    }

    static TransferDebitReversed reversed() {
        return new TransferDebitReversed(FROM, T, 700, "EUR");
    }

    static TransferCompleted completed() {
        return new TransferCompleted(T);
    }

    /** As the saga records a declined debit. */
    static TransferFailed failedUncompensated() {
        return new TransferFailed(T, DeclineReason.INSUFFICIENT_FUNDS, NO_FUNDS, false);
    }

    /** As the saga records a declined credit after the debit was given back. */
    static TransferFailed failedCompensated() {
        return new TransferFailed(T, DeclineReason.ACCOUNT_FROZEN, FROZEN, true);
    }

    /** Sent by someone other than the saga (an operator settling a STUCK transfer). */
    static TransferFailed failedByOperator() {
        return new TransferFailed(T, DeclineReason.UNKNOWN, "failed by an operator", false);
    }

    static CommandEnvelope debit(Instant firstSentAt) {
        return envelope("t-1:debit", firstSentAt, new DebitForTransfer(FROM, T, 700, "EUR"));
    }

    static CommandEnvelope credit(Instant firstSentAt) {
        return envelope("t-1:credit", firstSentAt, new CreditForTransfer(TO, T, 700, "EUR"));
    }

    static CommandEnvelope reverse(Instant firstSentAt) {
        return envelope("t-1:reverse", firstSentAt, new ReverseTransferDebit(FROM, T, 700, "EUR"));
    }

    static CommandEnvelope complete(Instant firstSentAt) {
        return envelope("t-1:complete", firstSentAt, new CompleteTransfer(T));
    }

    static CommandEnvelope failUncompensated(Instant firstSentAt) {
        return envelope("t-1:fail", firstSentAt,
                new FailTransfer(T, DeclineReason.INSUFFICIENT_FUNDS, NO_FUNDS, false));
    }

    static CommandEnvelope failCompensated(Instant firstSentAt) {
        return envelope("t-1:fail", firstSentAt, new FailTransfer(T, DeclineReason.ACCOUNT_FROZEN, FROZEN, true));
    }

    private static CommandEnvelope envelope(String commandId, Instant issuedAt, LedgerCommand command) {
        return new CommandEnvelope(new CommandMetadata(commandId, null, issuedAt), command);
    }
}
