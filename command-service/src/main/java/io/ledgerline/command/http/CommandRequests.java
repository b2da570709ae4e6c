package io.ledgerline.command.http;

import io.ledgerline.command.domain.Validation;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

/**
 * The request bodies of the command API. Limits are the domain's ({@link Validation}), so the REST edge refuses with
 * a 400 what the processor would reject anyway. Amounts are whole minor units: a JSON number with a fraction, or a
 * string, is refused while parsing (see {@code HttpConfiguration}).
 */
final class CommandRequests {

    private static final String CURRENCY = "[A-Z]{3}";
    private static final String CURRENCY_MESSAGE = "must be 3 upper-case letters (ISO-4217)";

    private CommandRequests() {
    }

    record OpenAccountRequest(
            @AggregateId String customerId,
            @NotNull @Pattern(regexp = CURRENCY, message = CURRENCY_MESSAGE) String currency,
            @FreeText(max = Validation.MAX_HOLDER_NAME_LENGTH, required = true) String holderName) {
    }

    /** A deposit or a withdrawal. */
    record MoneyRequest(
            @NotNull @Positive Long amount,
            @FreeText(max = Validation.MAX_REFERENCE_LENGTH) String reference) {
    }

    /** Freeze or unfreeze; the body is optional. */
    record ReasonRequest(@FreeText(max = Validation.MAX_TEXT_LENGTH) String reason) {
    }

    record TransferRequest(
            @AggregateId String fromAccountId,
            @AggregateId String toAccountId,
            @NotNull @Positive Long amount,
            @NotNull @Pattern(regexp = CURRENCY, message = CURRENCY_MESSAGE) String currency,
            @FreeText(max = Validation.MAX_REFERENCE_LENGTH) String reference) {
    }
}
