package io.ledgerline.streams;

/**
 * A stored state (an aggregate, an outcome, a saga, a read model) cannot be encoded or decoded. Deliberately not a Kafka
 * {@link org.apache.kafka.common.errors.SerializationException}: that would count as transient and fail the task
 * over and over, blocking the partition, while a bad stored value follows its key. The records that hit it are
 * dead-lettered instead, naming this error, for an operator to repair the state.
 */
public final class StateCodecException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StateCodecException(String message) {
        super(message);
    }

    public StateCodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
