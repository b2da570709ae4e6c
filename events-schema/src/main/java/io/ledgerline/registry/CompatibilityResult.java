package io.ledgerline.registry;

import java.util.List;

/** The answer to a compatibility check: whether the schema fits, and if not, why (one message per conflict). */
public record CompatibilityResult(boolean compatible, List<String> messages) {

    public CompatibilityResult {
        messages = List.copyOf(messages);
    }

    public static CompatibilityResult ok() {
        return new CompatibilityResult(true, List.of());
    }
}
