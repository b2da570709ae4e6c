package io.ledgerline.query.transfer;

import io.ledgerline.account.AccountEvent;
import io.ledgerline.message.EventEnvelope;
import io.ledgerline.transfer.TransferEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A transfer as the log tells it: its terms (from TransferRequested), its status (from the transfer's own events)
 * and a timeline of steps, including the account events that carry its id. The terms are null until the request
 * itself has been seen: the account events may overtake it, since they come from other partitions.
 *
 * @param version     the transfer aggregate's version (its own events only)
 * @param compensated whether a debit was taken back: the TransferFailed flag, or a TransferDebitReversed seen in the
 *                    log (a debit reversed after the failure was recorded cannot amend the flag; ADR 0008)
 */
public record TransferView(
        String transferId, String fromAccountId, String toAccountId, long amount, String currency, String reference,
        Status status, boolean compensated, String failureReason, long version, List<TransferStep> steps) {

    public enum Status {
        PENDING,
        COMPLETED,
        FAILED;

        public boolean terminal() {
            return this != PENDING;
        }
    }

    public TransferView {
        steps = List.copyOf(steps);
    }

    public static TransferView unknown(String transferId) {
        return new TransferView(transferId, null, null, 0, null, null, Status.PENDING, false, null, 0, List.of());
    }

    /** Whether the request has been seen: until then the view is not shown. */
    public boolean requested() {
        return fromAccountId != null;
    }

    /** The sum of the transfer's version and its steps: grows with every change, so it serves as the ETag. */
    public long revision() {
        return version + steps.size();
    }

    /** Whether this view already holds the step of event {@code eventId}. */
    public boolean has(String eventId) {
        return steps.stream().anyMatch(step -> step.eventId().equals(eventId));
    }

    /** This view after one of the transfer's own events. */
    public TransferView apply(EventEnvelope envelope) {
        TransferEvent event = (TransferEvent) envelope.event();
        long newVersion = envelope.meta().version();
        Instant at = envelope.meta().occurredAt();
        String eventId = envelope.meta().eventId();
        if (event instanceof TransferEvent.TransferRequested r) {
            return new TransferView(transferId, r.fromAccountId(), r.toAccountId(), r.amount(), r.currency(),
                    r.reference(), status, compensated, failureReason, newVersion,
                    plus(new TransferStep(TransferStep.Name.REQUESTED, at, TransferStep.Outcome.DONE, null, eventId)));
        }
        if (event instanceof TransferEvent.TransferCompleted) {
            return new TransferView(transferId, fromAccountId, toAccountId, amount, currency, reference,
                    Status.COMPLETED, compensated, failureReason, newVersion,
                    plus(new TransferStep(TransferStep.Name.COMPLETED, at, TransferStep.Outcome.DONE, null, eventId)));
        }
        TransferEvent.TransferFailed failed = (TransferEvent.TransferFailed) event;
        return new TransferView(transferId, fromAccountId, toAccountId, amount, currency, reference, Status.FAILED,
                compensated || failed.compensated(), failed.reason().name(), newVersion,
                plus(new TransferStep(TransferStep.Name.FAILED, at, TransferStep.Outcome.DONE, failed.reason().name(),
                        eventId)));
    }

    /** This view after an account event carrying the transfer's id. */
    public TransferView step(EventEnvelope envelope) {
        AccountEvent event = (AccountEvent) envelope.event();
        Instant at = envelope.meta().occurredAt();
        String eventId = envelope.meta().eventId();
        TransferStep step;
        boolean reversed = false;
        if (event instanceof AccountEvent.TransferDebited) {
            step = new TransferStep(TransferStep.Name.DEBIT, at, TransferStep.Outcome.APPLIED, null, eventId);
        } else if (event instanceof AccountEvent.TransferDebitDeclined d) {
            step = new TransferStep(TransferStep.Name.DEBIT, at, TransferStep.Outcome.DECLINED, d.reason().name(),
                    eventId);
        } else if (event instanceof AccountEvent.TransferCredited) {
            step = new TransferStep(TransferStep.Name.CREDIT, at, TransferStep.Outcome.APPLIED, null, eventId);
        } else if (event instanceof AccountEvent.TransferCreditDeclined d) {
            step = new TransferStep(TransferStep.Name.CREDIT, at, TransferStep.Outcome.DECLINED, d.reason().name(),
                    eventId);
        } else if (event instanceof AccountEvent.TransferDebitReversed) {
            step = new TransferStep(TransferStep.Name.DEBIT_REVERSAL, at, TransferStep.Outcome.APPLIED, null,
                    eventId);
            reversed = true;
        } else {
            throw new IllegalArgumentException(event.getClass().getSimpleName() + " is not a transfer step");
        }
        return new TransferView(transferId, fromAccountId, toAccountId, amount, currency, reference, status,
                compensated || reversed, failureReason, version, plus(step));
    }

    private List<TransferStep> plus(TransferStep step) {
        List<TransferStep> next = new ArrayList<>(steps.size() + 1);
        next.addAll(steps);
        next.add(step);
        // By time, then by the saga's order: the inputs come from several partitions, so arrival order is arbitrary.
        next.sort(Comparator.comparing(TransferStep::at).thenComparing(TransferStep::name));
        return next;
    }
}
