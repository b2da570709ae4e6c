package io.ledgerline.command.http;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Ids of aggregates the API creates, derived from the command id: a retry with the same {@code Idempotency-Key}
 * names the same account or transfer, so the processor sees the same command and answers it as a repeat.
 */
final class AggregateIds {

    private AggregateIds() {
    }

    static String account(String commandId) {
        return "acc-" + nameBased("account:" + commandId);
    }

    static String transfer(String commandId) {
        return "trf-" + nameBased("transfer:" + commandId);
    }

    private static UUID nameBased(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}
