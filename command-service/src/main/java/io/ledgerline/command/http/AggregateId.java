package io.ledgerline.command.http;

import io.ledgerline.command.domain.Validation;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A required account, customer or transfer id, checked as the domain's {@link Validation#id} checks it: non-blank,
 * at most {@link Validation#MAX_ID_LENGTH} code points, no whitespace or control characters.
 */
@Documented
@Constraint(validatedBy = AggregateId.Check.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
public @interface AggregateId {

    String MESSAGE = "must be 1 to " + Validation.MAX_ID_LENGTH
            + " characters without whitespace or control characters";

    String message() default MESSAGE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Check implements ConstraintValidator<AggregateId, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return valid(value);
        }

        /** The same check outside Bean Validation: for ids in a request path ({@link AccountController}). */
        static boolean valid(String value) {
            return value != null && !value.isEmpty()
                    && value.codePointCount(0, value.length()) <= Validation.MAX_ID_LENGTH
                    && value.codePoints().noneMatch(cp -> Character.isWhitespace(cp) || Character.isISOControl(cp));
        }
    }
}
