package io.ledgerline.command.gateway;

/** A command id (the REST {@code Idempotency-Key}) was already used for a different command. */
public final class IdempotencyKeyReusedException extends RuntimeException {

    private final String commandId;

    public IdempotencyKeyReusedException(String commandId) {
        super("command id " + commandId + " was already used for a different command");
        this.commandId = commandId;
    }

    public String commandId() {
        return commandId;
    }
}
