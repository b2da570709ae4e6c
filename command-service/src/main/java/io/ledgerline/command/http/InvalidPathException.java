package io.ledgerline.command.http;

/** A variable of the request path is not valid: answered 400 like a field that fails validation. */
final class InvalidPathException extends RuntimeException {

    private final String variable;
    private final String problem;

    InvalidPathException(String variable, String problem) {
        super(variable + " " + problem);
        this.variable = variable;
        this.problem = problem;
    }

    String variable() {
        return variable;
    }

    String problem() {
        return problem;
    }
}
