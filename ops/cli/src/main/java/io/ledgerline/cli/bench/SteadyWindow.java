package io.ledgerline.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The steady part of a timed phase. A sampler thread notes, every {@code periodMillis}, how many operations have
 * completed and the {@link CpuClock}; the steady window runs from the first sample at or past {@link #FROM} of the
 * total to the last sample at or before {@link #TO} of it. That leaves out the start (pipelines filling, the last
 * of the JIT's work on paths the warm-up did not take) and the drain (partitions finishing unevenly, the last
 * commit), which a first-to-last figure mixes in: the window's rate and CPU per operation are the steady state's.
 */
final class SteadyWindow implements AutoCloseable {

    /** Where the window starts and ends, as fractions of the phase's operations. */
    static final double FROM = 0.1;
    static final double TO = 0.9;

    /** One look at the phase: when (System.nanoTime), how many done, the CPU clock. */
    record Sample(long nanos, long done, CpuClock.Reading cpu) {
    }

    /** Operations completed in the window, its length, and the CPU spent in it. */
    record Window(long operations, double seconds, CpuClock.Reading cpu) {

        double perSecond() {
            return operations / seconds;
        }

        double processCpuMicrosPerOperation() {
            return cpu.processNanos() / 1e3 / operations;
        }
    }

    private final List<Sample> samples = new ArrayList<>();
    private final Thread sampler;
    private volatile boolean stopped;

    private final Supplier<CpuClock.Reading> clock;

    /** Starts sampling {@code done} (operations completed so far out of {@code total}) every {@code periodMillis}. */
    SteadyWindow(long total, LongSupplier done, long periodMillis) {
        this(total, done, periodMillis, CpuClock::read);
    }

    /** As above, reading the CPU with {@code clock} (e.g. one that groups threads by application). */
    SteadyWindow(long total, LongSupplier done, long periodMillis, Supplier<CpuClock.Reading> clock) {
        this.clock = clock;
        this.sampler = new Thread(() -> {
            while (!stopped) {
                if (sample(done) >= total) {
                    return; // the last sample holds the whole phase
                }
                try {
                    Thread.sleep(periodMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private long sample(LongSupplier done) {
        // The count first: operations completed while the clock is read count towards the next sample.
        long count = done.getAsLong();
        long nanos = System.nanoTime();
        CpuClock.Reading cpu = clock.get();
        synchronized (samples) {
            samples.add(new Sample(nanos, count, cpu));
        }
        return count;
    }

    /** The samples so far, in order. */
    List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /**
     * The window of {@code samples} from the first at or past {@code from} of {@code total} to the last at or before
     * {@code to} of it; empty when fewer than two samples fall inside it.
     */
    static Optional<Window> window(List<Sample> samples, long total, double from, double to) {
        Sample first = null;
        Sample last = null;
        for (Sample sample : samples) {
            if (first == null && sample.done() >= from * total) {
                first = sample;
            }
            if (sample.done() <= to * total) {
                last = sample;
            }
        }
        if (first == null || last == null || last.nanos() <= first.nanos() || last.done() <= first.done()) {
            return Optional.empty();
        }
        return Optional.of(new Window(last.done() - first.done(), (last.nanos() - first.nanos()) / 1e9,
                last.cpu().minus(first.cpu())));
    }

    /** Operations per second in consecutive stretches of about {@code seconds} each, from the samples. */
    static List<Long> ratesPerStretch(List<Sample> samples, double seconds) {
        List<Long> rates = new ArrayList<>();
        Sample start = samples.isEmpty() ? null : samples.get(0);
        for (Sample sample : samples) {
            double elapsed = (sample.nanos() - start.nanos()) / 1e9;
            if (elapsed >= seconds) {
                rates.add(Math.round((sample.done() - start.done()) / elapsed));
                start = sample;
            }
        }
        return rates;
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        sampler.interrupt();
        sampler.join(5_000);
    }
}
