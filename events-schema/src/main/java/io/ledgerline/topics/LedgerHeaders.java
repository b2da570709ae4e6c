package io.ledgerline.topics;

/**
 * Names of the Kafka headers Ledgerline reads and writes. Values are UTF-8 strings.
 */
public final class LedgerHeaders {

    /** The command's id, on commands, on the events it caused and on its result. */
    public static final String COMMAND_ID = "command-id";
    /** Ties together everything one request or one transfer caused. */
    public static final String CORRELATION_ID = "correlation-id";
    /** The id of the message that directly caused this one. */
    public static final String CAUSATION_ID = "causation-id";
    /** Who sent the command (user or service name). */
    public static final String ACTOR = "actor";
    /** W3C trace context. */
    public static final String TRACEPARENT = "traceparent";

    /**
     * Where the sender wants the command's result routed: the command processor copies it from the command onto the
     * result, so the REST instance that accepted a command picks its replies out without decoding them.
     */
    public static final String REPLY_TO = "reply-to";
    /**
     * On a result re-emitted for a repeated command id: {@value #DUPLICATE_SAME} when the repeat's payload equals the
     * original's, {@value #DUPLICATE_DIFFERENT} when the id was reused for another payload. Absent on first results.
     */
    public static final String DUPLICATE = "duplicate";
    public static final String DUPLICATE_SAME = "same";
    public static final String DUPLICATE_DIFFERENT = "different";

    /** Dead letters: where the original record was read and why it could not be processed. */
    public static final String DLQ_TOPIC = "dlq-topic";
    public static final String DLQ_PARTITION = "dlq-partition";
    public static final String DLQ_OFFSET = "dlq-offset";
    public static final String DLQ_ERROR_CLASS = "dlq-error-class";
    public static final String DLQ_ERROR_MESSAGE = "dlq-error-message";

    /**
     * On a dead letter sent back to its source topic by {@code ledgerline dlq redrive}: the dead letter's own
     * position, {@code <dlq topic>:<partition>:<offset>}.
     */
    public static final String REDRIVEN_FROM = "redriven-from";

    private LedgerHeaders() {
    }
}
