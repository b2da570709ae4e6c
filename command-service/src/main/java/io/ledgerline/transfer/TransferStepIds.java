package io.ledgerline.transfer;

/**
 * The deterministic command ids of a transfer's steps, {@code <transferId>:<step>}. The saga sends each step under
 * its id on every re-send, and the account aggregate accepts a transfer debit, credit or reversal under that id only
 * (ADR 0005), so the command processor's dedupe by command id is what makes each step act once per account.
 */
public final class TransferStepIds {

    public static final String DEBIT = "debit";
    public static final String CREDIT = "credit";
    public static final String REVERSE = "reverse";
    public static final String COMPLETE = "complete";
    public static final String FAIL = "fail";

    private TransferStepIds() {
    }

    /** {@code t-1:debit}, {@code t-1:reverse}, ... */
    public static String of(String transferId, String step) {
        return transferId + ":" + step;
    }
}
