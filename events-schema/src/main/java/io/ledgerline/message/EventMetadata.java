package io.ledgerline.message;

import java.time.Instant;
import java.util.Objects;

/**
 * What every recorded event carries besides its payload.
 *
 * @param eventId    unique id: {@code <commandId>:<index within the command>}
 * @param version    the aggregate's version after this event: 1 for its first event, then contiguous
 * @param occurredAt when the event happened
 * @param commandId  the command that caused it
 */
public record EventMetadata(String eventId, long version, Instant occurredAt, String commandId) {

    public EventMetadata {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(commandId, "commandId");
        if (version < 1) {
            throw new IllegalArgumentException("event version must be at least 1, was " + version);
        }
    }

    /** The metadata of the {@code index}-th (0-based) event a command appends, at the given aggregate version. */
    public static EventMetadata of(CommandMetadata command, int index, long version) {
        return new EventMetadata(command.commandId() + ":" + index, version, command.issuedAt(), command.commandId());
    }
}
