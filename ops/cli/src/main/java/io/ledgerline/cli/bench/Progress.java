package io.ledgerline.cli.bench;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/** Progress lines of a long benchmark, on stderr so stdout holds only the result (table or JSON). */
final class Progress {

    private Progress() {
    }

    static void say(String format, Object... args) {
        System.err.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " bench: " + String.format(format, args));
    }
}
