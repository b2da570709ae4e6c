package io.ledgerline.cli.bench;

import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * When a bench's warm-up ends ({@link JitWarmup}, ADR 0033): declared once for {@code bench commands},
 * {@code transfers} and {@code queries}, so the three warm up by one rule with one set of defaults. The time limit
 * is a safety net for a JVM whose JIT never goes quiet (a loaded machine); on an idle one the JIT is quiet well
 * before it.
 */
final class WarmupOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec bench;

    @Option(names = "--jit-quiet", defaultValue = "10", paramLabel = "PERCENT",
            description = "Warm-up: rounds until one in which the JIT compiler threads took at most this share of "
                    + "the JVM's CPU; 100 for one round only (default: ${DEFAULT-VALUE}).")
    private double jitQuietPercent;

    @Option(names = "--max-warmup", defaultValue = "240", paramLabel = "SECONDS",
            description = "Warm-up: ends after this long, quiet or not (default: ${DEFAULT-VALUE}).")
    private int maxWarmupSeconds;

    /** The JIT's share of the JVM's CPU (0 to 1) below which a round ends the warm-up. */
    double jitQuiet() {
        return jitQuietPercent / 100;
    }

    Duration max() {
        return Duration.ofSeconds(maxWarmupSeconds);
    }

    JitWarmup.Settings settings(long firstRound, long round, String unit) {
        return new JitWarmup.Settings(firstRound, round, jitQuiet(), max(), unit);
    }

    /** Refuses a negative share or time limit, as a usage error of the bench. */
    void validate() {
        if (jitQuietPercent < 0 || maxWarmupSeconds < 0) {
            throw new ParameterException(bench.commandLine(), "--jit-quiet and --max-warmup must not be negative");
        }
    }
}
