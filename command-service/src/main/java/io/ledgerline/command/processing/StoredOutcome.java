package io.ledgerline.command.processing;

import io.ledgerline.outcome.CommandOutcome;
import java.util.Arrays;
import java.util.Objects;

/**
 * What the dedupe store keeps per command id: the outcome first published for it and the {@link Fingerprint} of the
 * command that earned it, so a repeat can be told apart from an id reused for another payload.
 *
 * <p>{@code publishedResult}, when not null, is the outcome exactly as the processor published it (Confluent wire
 * format of {@code CommandResult}): {@link StoredOutcomeSerde} then stores its Avro binary instead of encoding the
 * outcome a second time. It is not part of the value: a stored outcome read back has none, and equality ignores it.
 */
record StoredOutcome(byte[] fingerprint, CommandOutcome outcome, byte[] publishedResult) {

    StoredOutcome(byte[] fingerprint, CommandOutcome outcome) {
        this(fingerprint, outcome, null);
    }

    StoredOutcome {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(outcome, "outcome");
        if (fingerprint.length != Fingerprint.LENGTH) {
            throw new IllegalArgumentException("a fingerprint has " + Fingerprint.LENGTH + " bytes, not "
                    + fingerprint.length);
        }
        fingerprint = fingerprint.clone();
    }

    @Override
    public byte[] fingerprint() {
        return fingerprint.clone();
    }

    void copyFingerprintTo(byte[] target, int offset) {
        System.arraycopy(fingerprint, 0, target, offset, fingerprint.length);
    }

    boolean sameCommandAs(byte[] otherFingerprint) {
        return Arrays.equals(fingerprint, otherFingerprint);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredOutcome that && Arrays.equals(fingerprint, that.fingerprint)
                && outcome.equals(that.outcome);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(fingerprint) + outcome.hashCode();
    }

    @Override
    public String toString() {
        return "StoredOutcome[" + outcome + "]";
    }
}
