package io.ledgerline.message;

import java.time.Instant;
import java.util.Objects;

/**
 * What every command carries besides its payload.
 *
 * @param commandId       unique id; a repeat of the same id returns the original outcome and appends nothing
 * @param expectedVersion the aggregate version the sender expects, or null to accept any version
 * @param issuedAt        when the command was issued; the domain's only clock
 */
public record CommandMetadata(String commandId, Long expectedVersion, Instant issuedAt) {

    public CommandMetadata {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(issuedAt, "issuedAt");
    }
}
