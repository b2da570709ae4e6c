package io.ledgerline.command.processing;

/**
 * A stored aggregate state or outcome cannot be encoded or decoded. Deliberately not a Kafka
 * {@link org.apache.kafka.common.errors.SerializationException}: that would count as transient and fail the task
 * over and over, blocking the partition, while a bad stored value follows its key. The commands that hit it are
 * dead-lettered instead, naming this error, for an operator to repair the state.
 */
final class StateCodecException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    StateCodecException(String message) {
        super(message);
    }

    StateCodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
