package io.ledgerline.message;

import java.util.Objects;

/** A command with its metadata, as it travels on {@code ledger.commands}. */
public record CommandEnvelope(CommandMetadata meta, LedgerCommand command) {

    public CommandEnvelope {
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(command, "command");
    }
}
