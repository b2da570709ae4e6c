package io.ledgerline.command.http;

/** The request body is larger than {@code ledgerline.http.max-body-size}. */
final class PayloadTooLargeException extends RuntimeException {

    PayloadTooLargeException(long limit) {
        super("the request body is larger than " + limit + " bytes");
    }
}
