package io.ledgerline.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CpuClockTest {

    private static final long BURN_NANOS = TimeUnit.MILLISECONDS.toNanos(30);
    private static final List<String> APPLICATIONS = List.of("bench-app-1", "bench-app-2");

    @Test
    void aStreamThreadsCpuCountsUnderItsApplication() throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch burnt = new CountDownLatch(1);
        CountDownLatch read = new CountDownLatch(1);
        // The thread lives through both readings: one that ended between them would not be counted.
        Thread stream = new Thread(() -> {
            await(start);
            burn();
            burnt.countDown();
            await(read);
        }, "bench-app-1-0f3c-StreamThread-1");
        stream.start();

        CpuClock.Reading before = CpuClock.read(APPLICATIONS);
        start.countDown();
        assertThat(burnt.await(30, TimeUnit.SECONDS)).isTrue();
        CpuClock.Reading spent = CpuClock.read(APPLICATIONS).minus(before);
        read.countDown();
        stream.join();

        assertThat(spent.byGroup().get("bench-app-1: stream threads")).isGreaterThanOrEqualTo(BURN_NANOS);
        assertThat(spent.streamThreadNanos()).isGreaterThanOrEqualTo(BURN_NANOS);
        assertThat(spent.byGroup()).containsKey(CpuClock.NATIVE).doesNotContainKey("bench-app-2: stream threads");
        assertThat(spent.byGroup().values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(spent.processNanos());
        assertThat(spent.microsPerOperation(1).get("bench-app-1: stream threads"))
                .isGreaterThanOrEqualTo(BURN_NANOS / 1e3);
    }

    @Test
    void aRequestThreadsHeapAllocationCountsUnderTheHttpServer() throws InterruptedException {
        int allocated = 1 << 20;
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        CountDownLatch read = new CountDownLatch(1);
        byte[][] kept = new byte[1][];
        Thread request = new Thread(() -> {
            await(start);
            kept[0] = new byte[allocated];
            done.countDown();
            await(read);
        }, "http-nio-127.0.0.1-8080-exec-1");
        request.start();

        CpuClock.Reading before = CpuClock.read();
        start.countDown();
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        CpuClock.Reading spent = CpuClock.read().minus(before);
        read.countDown();
        request.join();

        assertThat(kept[0]).hasSize(allocated);
        assertThat(spent.allocatedBytes(CpuClock.HTTP)).isBetween((long) allocated, allocated + (64L << 10));
        assertThat(spent.allocatedBytes()).isGreaterThanOrEqualTo(spent.allocatedBytes(CpuClock.HTTP));
    }

    @Test
    void onLinuxTheJitCompilerThreadsHaveAGroupOfTheirOwn() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "no /proc: the JIT stays in the native group");
        CpuClock.Reading reading = CpuClock.read();

        assertThat(reading.nativeGroups()).containsValue(CpuClock.JIT);
        assertThat(reading.byGroup()).containsKeys(CpuClock.JIT, CpuClock.NATIVE);
        assertThat(reading.byGroup().values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(reading.processNanos());
    }

    private static void burn() {
        var threads = ManagementFactory.getThreadMXBean();
        long from = threads.getCurrentThreadCpuTime();
        while (threads.getCurrentThreadCpuTime() - from < BURN_NANOS) {
            Thread.onSpinWait();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
