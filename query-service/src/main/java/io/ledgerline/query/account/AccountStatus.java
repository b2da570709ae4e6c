package io.ledgerline.query.account;

/** An account's status as its events say. */
public enum AccountStatus {
    OPEN,
    FROZEN,
    CLOSED
}
