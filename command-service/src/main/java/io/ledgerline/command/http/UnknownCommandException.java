package io.ledgerline.command.http;

/** This instance knows nothing about a command id (see ADR 0007 for what it can know). */
final class UnknownCommandException extends RuntimeException {

    UnknownCommandException(String commandId) {
        super("command " + commandId + " is not known to this instance: it was not sent through it, its outcome "
                + "was written before this instance started, or it has left the cache of recent outcomes");
    }
}
