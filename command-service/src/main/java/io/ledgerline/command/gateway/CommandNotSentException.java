package io.ledgerline.command.gateway;

/** Kafka did not take the command (broker or registry unreachable, timeout); sending it again is safe. */
public final class CommandNotSentException extends RuntimeException {

    private final String commandId;

    public CommandNotSentException(String commandId, Throwable cause) {
        super("command " + commandId + " could not be written to Kafka: " + cause.getMessage(), cause);
        this.commandId = commandId;
    }

    public String commandId() {
        return commandId;
    }
}
