package io.ledgerline.devkit.kafka;

/** The embedded broker could not be prepared, started or reached; the message says which and where. */
public class EmbeddedKafkaException extends RuntimeException {

    public EmbeddedKafkaException(String message) {
        super(message);
    }

    public EmbeddedKafkaException(String message, Throwable cause) {
        super(message, cause);
    }
}
