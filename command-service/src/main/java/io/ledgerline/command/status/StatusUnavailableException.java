package io.ledgerline.command.status;

/** A status lookup could not search every partition (rebalance, restore, an instance that did not answer). */
public final class StatusUnavailableException extends RuntimeException {

    public StatusUnavailableException(String commandId, String reason) {
        super("the status of command " + commandId + " cannot be told right now: " + reason);
    }
}
