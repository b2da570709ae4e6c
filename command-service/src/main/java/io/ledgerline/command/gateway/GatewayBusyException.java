package io.ledgerline.command.gateway;

/** The bound on commands waiting for their outcome is reached; the caller should retry later. */
public final class GatewayBusyException extends RuntimeException {

    public GatewayBusyException(int maxPending) {
        super(maxPending + " commands are already waiting for their outcome on this instance");
    }
}
