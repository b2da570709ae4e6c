package io.ledgerline.cli.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CPU time of this JVM, of its Kafka Streams stream threads and of groups of its threads. On a machine shared with
 * other work, throughput measures how much CPU the run got; CPU time per command measures what the work costs,
 * which other load changes much less (though not nothing: caches, context switches and a starved JIT still move
 * it). The JVM's figure covers everything in it: broker, processor, load producer and outcome reader; the groups
 * say which of them spent it.
 */
final class CpuClock {

    /** Group of the JVM's own native threads (JIT compilers, GC): the process's time no Java thread accounts for. */
    static final String NATIVE = "JIT, GC and other native threads";

    private static final Pattern STREAM_THREAD = Pattern.compile(".*-StreamThread-\\d+");
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /**
     * Nanoseconds of CPU: the whole process, the threads whose name marks them as Streams' stream threads, and each
     * Java thread (by id, with its group) so that two readings can be split by group.
     */
    record Reading(long processNanos, long streamThreadNanos, Map<Long, Long> threadNanos,
            Map<Long, String> threadGroups) {

        Reading minus(Reading earlier) {
            Map<Long, Long> threads = new HashMap<>();
            threadNanos.forEach((id, nanos) -> threads.put(id, nanos - earlier.threadNanos.getOrDefault(id, 0L)));
            return new Reading(processNanos - earlier.processNanos, streamThreadNanos - earlier.streamThreadNanos,
                    threads, threadGroups);
        }

        /**
         * Nanoseconds by group, largest first; {@link #NATIVE} is the process's time less all Java threads'. Only
         * meaningful on a difference of two readings.
         */
        Map<String, Long> byGroup() {
            Map<String, Long> groups = new HashMap<>();
            long javaThreads = 0;
            for (Map.Entry<Long, Long> thread : threadNanos.entrySet()) {
                groups.merge(threadGroups.get(thread.getKey()), thread.getValue(), Long::sum);
                javaThreads += thread.getValue();
            }
            groups.put(NATIVE, processNanos - javaThreads);
            Map<String, Long> sorted = new LinkedHashMap<>();
            groups.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(group -> sorted.put(group.getKey(), group.getValue()));
            return sorted;
        }

        /** Microseconds of CPU per operation by group, rounded to a tenth. */
        Map<String, Double> microsPerOperation(long operations) {
            Map<String, Double> micros = new LinkedHashMap<>();
            byGroup().forEach((group, nanos) -> micros.put(group, Math.round(nanos / 100.0 / operations) / 10.0));
            return micros;
        }
    }

    private CpuClock() {
    }

    /** A reading whose stream threads are all one group. */
    static Reading read() {
        return read(List.of());
    }

    /**
     * A reading whose Streams threads are grouped by the first of {@code applicationIds} their name contains (a
     * Streams application names its threads and clients after its id). Stream threads that ended between two
     * readings are missed; the applications' threads live through a timed phase unless one fails and is replaced.
     */
    static Reading read(List<String> applicationIds) {
        long streamThreads = 0;
        Map<Long, Long> nanos = new HashMap<>();
        Map<Long, String> groups = new HashMap<>();
        for (ThreadInfo thread : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (thread == null) {
                continue;
            }
            long cpu = Math.max(THREADS.getThreadCpuTime(thread.getThreadId()), 0);
            String name = thread.getThreadName();
            if (STREAM_THREAD.matcher(name).matches()) {
                streamThreads += cpu;
            }
            nanos.put(thread.getThreadId(), cpu);
            groups.put(thread.getThreadId(), group(name, applicationIds));
        }
        return new Reading(processCpuNanos(), streamThreads, nanos, groups);
    }

    private static String group(String thread, List<String> applicationIds) {
        String application = "";
        for (String id : applicationIds) {
            if (thread.contains(id)) {
                application = id + ": ";
                break;
            }
        }
        if (STREAM_THREAD.matcher(thread).matches()) {
            return application + "stream threads";
        }
        if (thread.contains("-StreamThread-")) {
            return application + "stream threads' producers and consumers";
        }
        if (!application.isEmpty()) {
            return application + "other threads";
        }
        if (thread.equals("main") || thread.startsWith("bench-") || thread.contains("| producer-")) {
            return "benchmark load and readers";
        }
        return "broker, registry and other Java threads";
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
