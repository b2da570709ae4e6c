package io.ledgerline.query.http;

/** The read model has nothing under the id: 404. */
public final class NotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NotFoundException(String what, String id) {
        super("no " + what + " '" + id + "'");
    }
}
