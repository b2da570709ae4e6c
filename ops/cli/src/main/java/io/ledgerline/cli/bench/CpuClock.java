package io.ledgerline.cli.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * CPU time of this JVM and of its Kafka Streams stream threads. On a machine shared with other work, throughput
 * measures how much CPU the run got; CPU time per command measures what the work costs, which other load changes
 * much less (though not nothing: caches, context switches and a starved JIT still move it). The JVM's figure
 * covers everything in it: broker, processor, load producer and outcome reader.
 */
final class CpuClock {

    /** Nanoseconds of CPU: the whole process, and the threads whose name marks them as Streams' stream threads. */
    record Reading(long processNanos, long streamThreadNanos) {

        Reading minus(Reading earlier) {
            return new Reading(processNanos - earlier.processNanos, streamThreadNanos - earlier.streamThreadNanos);
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CpuClock() {
    }

    /**
     * Stream threads that ended between two readings are missed; the processor's threads live through the timed
     * phase unless one fails and is replaced.
     */
    static Reading read() {
        long streamThreads = 0;
        for (ThreadInfo thread : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (thread != null && thread.getThreadName().matches(".*-StreamThread-\\d+")) {
                long cpu = THREADS.getThreadCpuTime(thread.getThreadId());
                streamThreads += Math.max(cpu, 0);
            }
        }
        return new Reading(processCpuNanos(), streamThreads);
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
