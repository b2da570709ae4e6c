package io.ledgerline.command.domain;

import io.ledgerline.outcome.OutcomeCode;
import java.util.ArrayList;
import java.util.List;

/**
 * The shape checks every command passes before any rule is looked at; all problems are reported at once. The
 * limits are public so the REST edge can refuse the same inputs with a 400 before producing anything.
 *
 * <p>Lengths count Unicode code points. Ids are Kafka keys and URL path segments, so they may not contain
 * whitespace or control characters; free text may not contain control characters.
 */
public final class Validation {

    /** Account, customer and transfer ids. */
    public static final int MAX_ID_LENGTH = 64;
    /** The account holder's name. */
    public static final int MAX_HOLDER_NAME_LENGTH = 200;
    /** Payment references, as long as a SEPA remittance text. */
    public static final int MAX_REFERENCE_LENGTH = 140;
    /** Free-text reasons and messages (freeze, unfreeze, failed transfer). */
    public static final int MAX_TEXT_LENGTH = 500;

    private final String commandName;
    private final List<String> problems = new ArrayList<>();

    private Validation(String commandName) {
        this.commandName = commandName;
    }

    /** Starts checking a command; its simple type name prefixes the rejection message. */
    public static Validation of(Object command) {
        return new Validation(command.getClass().getSimpleName());
    }

    /** A required id: non-blank, at most {@value #MAX_ID_LENGTH} code points, no whitespace or control characters. */
    public Validation id(String field, String value) {
        if (isBlank(value)) {
            problems.add(field + " is required");
        } else if (length(value) > MAX_ID_LENGTH) {
            problems.add(field + " must be at most " + MAX_ID_LENGTH + " characters, was " + length(value));
        } else if (value.codePoints().anyMatch(cp -> Character.isWhitespace(cp) || Character.isISOControl(cp))) {
            problems.add(field + " must not contain whitespace or control characters");
        }
        return this;
    }

    /** Required free text: non-blank, at most {@code max} code points, no control characters. */
    public Validation text(String field, String value, int max) {
        if (isBlank(value)) {
            problems.add(field + " is required");
            return this;
        }
        return optionalText(field, value, max);
    }

    /** Optional free text: absent (null) or at most {@code max} code points without control characters. */
    public Validation optionalText(String field, String value, int max) {
        if (value == null) {
            return this;
        }
        if (length(value) > max) {
            problems.add(field + " must be at most " + max + " characters, was " + length(value));
        } else if (value.codePoints().anyMatch(Character::isISOControl)) {
            problems.add(field + " must not contain control characters");
        }
        return this;
    }

    /** An amount in minor units: strictly positive. */
    public Validation amount(long amount) {
        if (amount <= 0) {
            problems.add("amount must be a positive number of minor units, was " + amount);
        }
        return this;
    }

    /**
     * A currency code: three upper-case ASCII letters. The ISO-4217 list itself is not checked: it changes, and the
     * ledger is correct for any code as long as currencies are never mixed.
     */
    public Validation currency(String value) {
        if (value == null || !value.matches("[A-Z]{3}")) {
            problems.add("currency must be 3 upper-case letters (ISO-4217), was "
                    + (value == null ? "missing" : "'" + value + "'"));
        }
        return this;
    }

    /** Any other shape check. */
    public Validation require(boolean condition, String problem) {
        if (!condition) {
            problems.add(problem);
        }
        return this;
    }

    public boolean failed() {
        return !problems.isEmpty();
    }

    /** The REJECTED_VALIDATION decision naming every problem found; only meaningful when {@link #failed()}. */
    public <E> Decision<E> rejection() {
        return Decision.reject(OutcomeCode.REJECTED_VALIDATION,
                "invalid " + commandName + ": " + String.join("; ", problems));
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static int length(String value) {
        return value.codePointCount(0, value.length());
    }
}
