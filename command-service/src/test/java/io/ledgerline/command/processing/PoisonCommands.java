package io.ledgerline.command.processing;

import java.util.Arrays;
import java.util.Random;

/** Values that are not commands, built from a good command's bytes where a good one is needed. */
final class PoisonCommands {

    private PoisonCommands() {
    }

    static byte[] wrongMagicByte(byte[] good) {
        byte[] bytes = good.clone();
        bytes[0] = 1;
        return bytes;
    }

    static byte[] unknownSchemaId(byte[] good) {
        byte[] bytes = good.clone();
        bytes[1] = 0x7f;
        bytes[2] = 0x7f;
        bytes[3] = 0x7f;
        bytes[4] = 0x7f;
        return bytes;
    }

    static byte[] truncated(byte[] good) {
        return Arrays.copyOf(good, good.length / 2);
    }

    static byte[] randomBytes() {
        byte[] bytes = new byte[64];
        new Random(20261128).nextBytes(bytes);
        return bytes;
    }
}
