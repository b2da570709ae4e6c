package io.ledgerline.transfer;

import io.ledgerline.command.domain.CommandHandler;
import io.ledgerline.command.domain.Decider;
import io.ledgerline.command.domain.Decision;
import io.ledgerline.command.domain.Validation;
import io.ledgerline.outcome.OutcomeCode;
import io.ledgerline.transfer.TransferCommand.CompleteTransfer;
import io.ledgerline.transfer.TransferCommand.FailTransfer;
import io.ledgerline.transfer.TransferCommand.RequestTransfer;
import io.ledgerline.transfer.TransferEvent.TransferCompleted;
import io.ledgerline.transfer.TransferEvent.TransferFailed;
import io.ledgerline.transfer.TransferEvent.TransferRequested;
import io.ledgerline.transfer.TransferState.NotRequested;
import io.ledgerline.transfer.TransferState.Requested;
import java.util.Optional;

/**
 * The transfer aggregate: a request, then exactly one settlement, COMPLETED or FAILED, sent by the saga. The saga
 * itself (debit, credit, compensation) is a separate topology; this aggregate is the record it settles.
 */
public final class TransferDecider implements Decider<TransferCommand, TransferEvent, TransferState> {

    /** What the command processor calls for every {@link TransferCommand}. */
    public static CommandHandler<TransferCommand, TransferEvent, TransferState> handler() {
        return new CommandHandler<>(TransferCommand.class, TransferEvent.class, new TransferDecider());
    }

    @Override
    public TransferState initialState() {
        return TransferState.notRequested();
    }

    @Override
    public Decision<TransferEvent> decide(TransferCommand command, TransferState state) {
        // Java 17 has no switch over sealed types; TransferDeciderTest checks every command has a branch.
        if (command instanceof RequestTransfer c) {
            return request(c, state);
        }
        if (command instanceof CompleteTransfer c) {
            return complete(c, state);
        }
        if (command instanceof FailTransfer c) {
            return fail(c, state);
        }
        throw new IllegalArgumentException("no rule for " + command.getClass().getName());
    }

    private static Decision<TransferEvent> request(RequestTransfer c, TransferState state) {
        Validation check = Validation.of(c).id("transferId", c.transferId())
                .id("fromAccountId", c.fromAccountId()).id("toAccountId", c.toAccountId())
                .require(c.fromAccountId() == null || !c.fromAccountId().equals(c.toAccountId()),
                        "fromAccountId and toAccountId must differ, both were " + c.fromAccountId())
                .amount(c.amount()).currency(c.currency())
                .optionalText("reference", c.reference(), Validation.MAX_REFERENCE_LENGTH);
        if (check.failed()) {
            return check.rejection();
        }
        if (!(state instanceof NotRequested)) {
            return Decision.reject(OutcomeCode.ALREADY_EXISTS,
                    "cannot request transfer " + c.transferId() + ": it already exists and is " + state.status());
        }
        return Decision.accept(new TransferRequested(c.transferId(), c.fromAccountId(), c.toAccountId(), c.amount(),
                c.currency(), c.reference()));
    }

    private static Decision<TransferEvent> complete(CompleteTransfer c, TransferState state) {
        Validation check = Validation.of(c).id("transferId", c.transferId());
        if (check.failed()) {
            return check.rejection();
        }
        Optional<Decision<TransferEvent>> refused = refuseUnlessRequested("complete", c.transferId(), state);
        if (refused.isPresent()) {
            return refused.get();
        }
        return Decision.accept(new TransferCompleted(c.transferId()));
    }

    private static Decision<TransferEvent> fail(FailTransfer c, TransferState state) {
        Validation check = Validation.of(c).id("transferId", c.transferId())
                .require(c.reason() != null, "reason is required")
                .optionalText("message", c.message(), Validation.MAX_TEXT_LENGTH);
        if (check.failed()) {
            return check.rejection();
        }
        Optional<Decision<TransferEvent>> refused = refuseUnlessRequested("fail", c.transferId(), state);
        if (refused.isPresent()) {
            return refused.get();
        }
        return Decision.accept(new TransferFailed(c.transferId(), c.reason(), c.message(), c.compensated()));
    }

    /** Why a settlement is refused, if the transfer is not awaiting one. */
    private static Optional<Decision<TransferEvent>> refuseUnlessRequested(
            String action, String id, TransferState state) {
        if (state instanceof NotRequested) {
            return Optional.of(Decision.notFound("cannot " + action + " transfer " + id + ": it does not exist"));
        }
        if (!(state instanceof Requested)) {
            return Optional.of(Decision.rule("cannot " + action + " transfer " + id + ": it is " + state.status()));
        }
        return Optional.empty();
    }

    @Override
    public TransferState evolve(TransferState state, TransferEvent event) {
        if (event instanceof TransferRequested e && state instanceof NotRequested) {
            return new Requested(e.fromAccountId(), e.toAccountId(), e.amount(), e.currency());
        }
        if (event instanceof TransferCompleted && state instanceof Requested) {
            return new TransferState.Completed();
        }
        if (event instanceof TransferFailed e && state instanceof Requested) {
            return new TransferState.Failed(e.reason(), e.compensated());
        }
        throw new IllegalStateException(event.getClass().getSimpleName() + " cannot apply to transfer "
                + event.transferId() + ": it is " + state.status());
    }
}
