package io.ledgerline.command.http;

/** A request header the API reads is malformed: answered 400. */
final class InvalidHeaderException extends RuntimeException {

    private final String header;

    InvalidHeaderException(String header, String problem) {
        super(header + " " + problem);
        this.header = header;
    }

    String header() {
        return header;
    }
}
