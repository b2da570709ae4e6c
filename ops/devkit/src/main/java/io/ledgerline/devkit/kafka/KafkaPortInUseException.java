package io.ledgerline.devkit.kafka;

/** The configured client port is held by another process, so the broker cannot listen on it. */
public class KafkaPortInUseException extends EmbeddedKafkaException {

    private final String host;
    private final int port;

    public KafkaPortInUseException(String host, int port, Throwable cause) {
        super("Kafka port " + port + " on " + host + " is already in use. Stop whatever listens on " + host + ":"
                + port + ", or choose another port (0 picks a free one).", cause);
        this.host = host;
        this.port = port;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }
}
