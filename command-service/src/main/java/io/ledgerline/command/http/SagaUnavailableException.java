package io.ledgerline.command.http;

/** The saga's stores cannot be read here: it does not run in this instance, or it is starting or rebalancing. */
class SagaUnavailableException extends RuntimeException {

    SagaUnavailableException(String message) {
        super(message);
    }
}
