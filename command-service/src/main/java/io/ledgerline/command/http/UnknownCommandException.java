package io.ledgerline.command.http;

/** No instance knows a command id (ADR 0013 says what they know, and for how long). */
final class UnknownCommandException extends RuntimeException {

    UnknownCommandException(String commandId) {
        super("command " + commandId + " is not known: no command processor has recorded an outcome for it within "
                + "the retention, and it was not sent through this instance");
    }
}
