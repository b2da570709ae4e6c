package io.ledgerline.command.http;

import io.ledgerline.web.ProblemType;
import org.springframework.http.HttpStatus;

/**
 * The command API's problem types beyond the ones every API here shares ({@link ProblemType}); the whole list with
 * when each is answered is in ADR 0007.
 */
final class CommandProblemTypes {

    static final ProblemType UNKNOWN_COMMAND = ProblemType.of(HttpStatus.NOT_FOUND, "unknown-command",
            "Unknown command");
    static final ProblemType ALREADY_EXISTS = ProblemType.of(HttpStatus.CONFLICT, "already-exists", "Already exists");
    static final ProblemType VERSION_MISMATCH = ProblemType.of(HttpStatus.PRECONDITION_FAILED, "version-mismatch",
            "Version mismatch");
    static final ProblemType PAYLOAD_TOO_LARGE = ProblemType.of(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large",
            "Request body too large");
    static final ProblemType UNSUPPORTED_MEDIA_TYPE = ProblemType.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type", "Unsupported media type");
    static final ProblemType RULE_BROKEN = ProblemType.of(HttpStatus.UNPROCESSABLE_CONTENT, "rule-broken",
            "Refused by a business rule");
    static final ProblemType IDEMPOTENCY_KEY_REUSED = ProblemType.of(HttpStatus.UNPROCESSABLE_CONTENT,
            "idempotency-key-reused", "Idempotency key reused for a different request");
    static final ProblemType COMMAND_PENDING = ProblemType.of(HttpStatus.ACCEPTED, "command-pending",
            "Command accepted for processing");
    static final ProblemType UNKNOWN_OUTCOME = ProblemType.of(HttpStatus.BAD_GATEWAY, "unknown-outcome",
            "Outcome not understood");

    private CommandProblemTypes() {
    }
}
