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
 * Free text checked as the domain's {@link Validation#text} and {@link Validation#optionalText} check it: at most
 * {@link #max()} code points, no control characters, and not blank when {@link #required()}.
 */
@Documented
@Constraint(validatedBy = FreeText.Check.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
public @interface FreeText {

    /** A {@link Validation} limit. */
    int max();

    boolean required() default false;

    String message() default "must be at most {max} characters without control characters, and not blank when "
            + "required";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Check implements ConstraintValidator<FreeText, String> {

        private int max;
        private boolean required;

        @Override
        public void initialize(FreeText annotation) {
            max = annotation.max();
            required = annotation.required();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return !required;
            }
            if (required && value.isBlank()) {
                return false;
            }
            return value.codePointCount(0, value.length()) <= max
                    && value.codePoints().noneMatch(Character::isISOControl);
        }
    }
}
