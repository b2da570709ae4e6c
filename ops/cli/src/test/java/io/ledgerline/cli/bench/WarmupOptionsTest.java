package io.ledgerline.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.cli.Ledgerline;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The three benches that warm up until the JIT is quiet take the same two options with the same defaults. */
class WarmupOptionsTest {

    private static final String[] BENCHES = {"commands", "transfers", "queries"};

    @Test
    void givenEachBench_whenHelp_thenSameWarmupOptionsAndDefaults() {
        for (String bench : BENCHES) {
            StringWriter out = new StringWriter();
            CommandLine root = Ledgerline.commandLine();
            root.setOut(new PrintWriter(out));

            assertThat(root.execute("bench", bench, "--help")).isZero();

            String help = out.toString().replaceAll("\\s+", " ");
            assertThat(help).as("help of bench %s", bench)
                    .contains("--jit-quiet=PERCENT Warm-up: rounds until one in which the JIT compiler threads took "
                            + "at most this share of the JVM's CPU; 100 for one round only (default: 10).")
                    .contains("--max-warmup=SECONDS Warm-up: ends after this long, quiet or not (default: 240).");
        }
    }

    @Test
    void givenNegativeMaxWarmup_whenAnyBench_thenUsageErrorBeforeStarting() {
        for (String bench : BENCHES) {
            StringWriter err = new StringWriter();
            CommandLine root = Ledgerline.commandLine();
            root.setErr(new PrintWriter(err));

            int exit = root.execute("bench", bench, "--max-warmup", "-1");

            assertThat(exit).as("exit code of bench %s", bench).isEqualTo(CommandLine.ExitCode.USAGE);
            assertThat(err.toString()).contains("--jit-quiet and --max-warmup must not be negative");
        }
    }
}
