package io.ledgerline.account;

/** Why an account refused a transfer step; the saga decides what to do from it. */
public enum DeclineReason {
    INSUFFICIENT_FUNDS,
    ACCOUNT_FROZEN,
    ACCOUNT_CLOSED,
    ACCOUNT_NOT_FOUND,
    CURRENCY_MISMATCH,
    BALANCE_OVERFLOW,
    /** Written by a newer producer with a reason this reader does not know. */
    UNKNOWN
}
