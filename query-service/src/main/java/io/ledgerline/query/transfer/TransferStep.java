package io.ledgerline.query.transfer;

import java.time.Instant;

/**
 * One step of a transfer's timeline.
 *
 * @param reason  the decline or failure reason, if any
 * @param eventId the event that recorded it: a step is added once per event
 */
public record TransferStep(Name name, Instant at, Outcome outcome, String reason, String eventId) {

    /** In the order a transfer goes through them. */
    public enum Name {
        REQUESTED,
        DEBIT,
        CREDIT,
        DEBIT_REVERSAL,
        COMPLETED,
        FAILED
    }

    public enum Outcome {
        DONE,
        APPLIED,
        DECLINED
    }
}
