package io.ledgerline.cli.bench;

import java.util.Collection;
import java.util.concurrent.Callable;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ledgerline bench}: micro-benchmarks, run with JMH in forked JVMs. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Run benchmarks: serde (JMH), commands (throughput and latency of the command side), transfers "
                + "(the saga end to end), queries (projection catch-up, GET throughput and latency, freshness), rebuild "
                + "(projections rebuild all --switch beside a live version).",
        subcommands = {BenchCommand.Serde.class, CommandsBenchmark.class, TransfersBenchmark.class,
                QueriesBenchmark.class, RebuildBenchmark.class})
public final class BenchCommand {

    /** {@code ledgerline bench serde}: the wire-format serde against plain Avro binary, single thread. */
    @Command(
            name = "serde",
            mixinStandardHelpOptions = true,
            description = "Serialize + deserialize of a typical event through the serde (warm registry cache) "
                    + "next to plain Avro binary encoding; prints ops/s and the wire-format overhead.")
    static final class Serde implements Callable<Integer> {

        @Option(names = "--forks", defaultValue = "1", description = "Forked JVMs (default: ${DEFAULT-VALUE}).")
        int forks;

        @Option(names = "--warmup-iterations", defaultValue = "3",
                description = "Warm-up iterations per fork (default: ${DEFAULT-VALUE}).")
        int warmupIterations;

        @Option(names = "--iterations", defaultValue = "5",
                description = "Measured iterations per fork (default: ${DEFAULT-VALUE}).")
        int iterations;

        @Option(names = "--iteration-seconds", defaultValue = "2",
                description = "Length of each iteration in seconds (default: ${DEFAULT-VALUE}).")
        int iterationSeconds;

        @Option(names = "--gc", description = "Also measure allocation per operation (JMH's gc profiler).")
        boolean gcProfiler;

        @Override
        public Integer call() throws RunnerException {
            OptionsBuilder builder = new OptionsBuilder();
            if (gcProfiler) {
                builder.addProfiler(GCProfiler.class);
            }
            Options options = builder
                    .include(SerdeBenchmark.class.getName() + "\\.")
                    .forks(forks)
                    .threads(1)
                    .warmupIterations(warmupIterations)
                    .warmupTime(TimeValue.seconds(iterationSeconds))
                    .measurementIterations(iterations)
                    .measurementTime(TimeValue.seconds(iterationSeconds))
                    .shouldFailOnError(true)
                    .build();
            Collection<RunResult> results = new Runner(options).run();
            double serde = score(results, "serdeRoundTrip");
            double plain = score(results, "plainAvroRoundTrip");
            System.out.printf("%nserde round trip:      %,14.0f ops/s%n", serde);
            System.out.printf("plain Avro round trip: %,14.0f ops/s%n", plain);
            System.out.printf("wire-format overhead:  %14.1f %% (time per operation, serde vs plain Avro)%n",
                    (plain / serde - 1) * 100);
            return 0;
        }

        private static double score(Collection<RunResult> results, String benchmark) {
            return results.stream()
                    .filter(result -> result.getParams().getBenchmark().endsWith("." + benchmark))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no result for " + benchmark))
                    .getPrimaryResult()
                    .getScore();
        }
    }
}
