package io.ledgerline.command.saga;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What an operator can tell the saga of one transfer through {@code ledger.saga-control} (key: the transfer id,
 * value: the instruction's name, ADR 0032). Only what needs no guess: re-sending a step with its own command id.
 */
public enum SagaInstruction {

    /** Re-send the step a transfer STUCK on {@code NO_ANSWER} waits on, as a new round with fresh deadlines. */
    RETRY("retry");

    private final String wireName;

    SagaInstruction(String wireName) {
        this.wireName = wireName;
    }

    /** The value written to {@code ledger.saga-control}. */
    public String wireName() {
        return wireName;
    }

    public byte[] bytes() {
        return wireName.getBytes(StandardCharsets.UTF_8);
    }

    static Optional<SagaInstruction> of(byte[] value) {
        if (value == null) {
            return Optional.empty();
        }
        String text = new String(value, StandardCharsets.UTF_8);
        for (SagaInstruction instruction : values()) {
            if (instruction.wireName.equals(text)) {
                return Optional.of(instruction);
            }
        }
        return Optional.empty();
    }
}
