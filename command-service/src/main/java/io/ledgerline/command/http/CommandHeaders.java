package io.ledgerline.command.http;

import java.time.Duration;
import java.util.Objects;

/**
 * The HTTP headers that shape a command, parsed and checked ({@link CommandHeadersResolver}).
 *
 * @param commandId       the {@code Idempotency-Key}, or a generated id when there was none
 * @param expectedVersion from {@code If-Match: "<version>"}, or null
 * @param waitLimit       how long to wait for the outcome: the wait limit, or what {@code Prefer} asked within
 *                        the maximum
 */
public record CommandHeaders(String commandId, Long expectedVersion, Duration waitLimit) {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    public static final String IF_MATCH = "If-Match";
    public static final String PREFER = "Prefer";

    /** Command ids are Kafka keys and URL path segments: bounded, and only characters that need no escaping. */
    public static final int MAX_COMMAND_ID_LENGTH = 128;
    public static final String COMMAND_ID_PATTERN = "[A-Za-z0-9._:~-]{1," + MAX_COMMAND_ID_LENGTH + "}";

    public CommandHeaders {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(waitLimit, "waitLimit");
    }
}
