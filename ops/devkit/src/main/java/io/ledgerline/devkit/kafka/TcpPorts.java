package io.ledgerline.devkit.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Probing local TCP ports before the broker binds them. */
final class TcpPorts {

    private TcpPorts() {
    }

    /**
     * A port that is free right now. Another process may take it before the broker binds it, which is why
     * {@link EmbeddedKafka} retries a start whose picked port was lost.
     */
    static int pickFree(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free TCP port on " + host, e);
        }
    }

    /** Fails with {@link KafkaPortInUseException} when something already listens on {@code host:port}. */
    static void requireFree(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            // The JDK opens Kafka's server channel with SO_REUSEADDR too: a port left in TIME_WAIT is free for both.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port), 1);
        } catch (BindException e) {
            throw new KafkaPortInUseException(host, port, e);
        } catch (IOException e) {
            throw new EmbeddedKafkaException("Cannot probe Kafka port " + port + " on " + host + ": " + e.getMessage(), e);
        }
    }
}
