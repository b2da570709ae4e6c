package io.ledgerline.account;

import java.util.Objects;

/**
 * What the account decider needs to know about one account. The holder's name is not kept: no rule reads it, and
 * personal data stays in the events, where crypto-shredding can reach it.
 */
public sealed interface AccountState {

    enum Status { NOT_OPENED, ACTIVE, FROZEN, CLOSED }

    Status status();

    static AccountState notOpened() {
        return new NotOpened();
    }

    /** No AccountOpened yet. Declined transfer steps may have been recorded, so the version can be above 0. */
    record NotOpened() implements AccountState {

        @Override
        public Status status() {
            return Status.NOT_OPENED;
        }
    }

    /** Opened and not closed; a frozen account accepts no debit or credit. */
    record Open(String customerId, String currency, long balance, boolean frozen) implements AccountState {

        public Open {
            Objects.requireNonNull(customerId, "customerId");
            Objects.requireNonNull(currency, "currency");
            requireNotNegative(balance);
        }

        @Override
        public Status status() {
            return frozen ? Status.FROZEN : Status.ACTIVE;
        }

        Open withBalance(long newBalance) {
            return new Open(customerId, currency, newBalance, frozen);
        }

        Open withFrozen(boolean newFrozen) {
            return new Open(customerId, currency, balance, newFrozen);
        }
    }

    /**
     * Closed for good. The balance is zero when it closes; only a reversal of an earlier transfer debit can raise it
     * afterwards, so money sent back to a closed account stays visible here instead of vanishing.
     */
    record Closed(String customerId, String currency, long balance) implements AccountState {

        public Closed {
            Objects.requireNonNull(customerId, "customerId");
            Objects.requireNonNull(currency, "currency");
            requireNotNegative(balance);
        }

        @Override
        public Status status() {
            return Status.CLOSED;
        }
    }

    /** The last line of defence of the no-negative-balance rule: a state below zero cannot even be built. */
    private static void requireNotNegative(long balance) {
        if (balance < 0) {
            throw new IllegalArgumentException("an account balance cannot be negative, was " + balance);
        }
    }
}
