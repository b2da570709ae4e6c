package io.ledgerline.command.http;

import java.util.Map;

/** No outcome within the wait: answered 202 with the status URL. */
final class CommandPendingException extends RuntimeException {

    private final String commandId;
    private final Map<String, String> ids;

    /** @param ids the ids the caller needs to find the result later, e.g. the generated accountId */
    CommandPendingException(String commandId, Map<String, String> ids) {
        super("command " + commandId + " is accepted for processing; its outcome is not known yet");
        this.commandId = commandId;
        this.ids = Map.copyOf(ids);
    }

    String commandId() {
        return commandId;
    }

    Map<String, String> ids() {
        return ids;
    }
}
