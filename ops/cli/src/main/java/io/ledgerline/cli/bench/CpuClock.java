package io.ledgerline.cli.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** The JVM's JIT compiler threads (C1, C2), read from {@code /proc} where there is one. */
    static final String JIT = "JIT compiler threads";
    /** The garbage collector's threads (G1's parallel, concurrent and refinement threads), from {@code /proc}. */
    static final String GC = "GC threads";
    /** RocksDB's own background threads (flushes and compactions of the state stores), from {@code /proc}. */
    static final String ROCKSDB = "RocksDB background threads";
    /** Tomcat's threads: the request threads, the acceptor and the poller. */
    static final String HTTP = "HTTP server threads";
    /** The embedded broker's log cleaner (compaction of the changelogs and other compacted topics). */
    static final String LOG_CLEANER = "broker log cleaner";
    /**
     * The process's time no Java thread and no thread of {@link #JIT} or {@link #GC} accounts for: the VM thread
     * (safepoints), other native threads, and compiler or GC threads that ended between two readings. Without
     * {@code /proc} (not Linux) it holds the JIT and the GC too.
     */
    static final String NATIVE = "VM and other native threads";

    private static final Pattern STREAM_THREAD = Pattern.compile(".*-StreamThread-\\d+");
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final Path PROC = Path.of("/proc");

    /**
     * Nanoseconds of CPU: the whole process, the threads whose name marks them as Streams' stream threads, each
     * Java thread (by id, with its group), and each JIT compiler and GC thread (by its operating-system id, with
     * {@link #JIT} or {@link #GC}), so that two readings can be split by group.
     */
    record Reading(long processNanos, long streamThreadNanos, Map<Long, Long> threadNanos,
            Map<Long, String> threadGroups, Map<Long, Long> nativeNanos, Map<Long, String> nativeGroups,
            Map<Long, Long> threadBytes) {

        Reading minus(Reading earlier) {
            return new Reading(processNanos - earlier.processNanos, streamThreadNanos - earlier.streamThreadNanos,
                    since(threadNanos, earlier.threadNanos), threadGroups, since(nativeNanos, earlier.nativeNanos),
                    nativeGroups, since(threadBytes, earlier.threadBytes));
        }

        /**
         * Bytes of heap the Java threads of {@code group} allocated (HotSpot's per-thread count, exact but for the
         * threads that ended between two readings); only meaningful on a difference of two readings. Unlike CPU
         * time, other work on the machine does not change it.
         */
        long allocatedBytes(String group) {
            long bytes = 0;
            for (Map.Entry<Long, Long> thread : threadBytes.entrySet()) {
                if (group.equals(threadGroups.get(thread.getKey()))) {
                    bytes += thread.getValue();
                }
            }
            return bytes;
        }

        /** Bytes of heap all Java threads allocated; see {@link #allocatedBytes(String)}. */
        long allocatedBytes() {
            return threadBytes.values().stream().mapToLong(Long::longValue).sum();
        }

        private static Map<Long, Long> since(Map<Long, Long> now, Map<Long, Long> earlier) {
            Map<Long, Long> spent = new HashMap<>();
            now.forEach((id, nanos) -> spent.put(id, nanos - earlier.getOrDefault(id, 0L)));
            return spent;
        }

        /**
         * Nanoseconds by group, largest first; {@link #NATIVE} is the process's time less all other groups'. Only
         * meaningful on a difference of two readings.
         */
        Map<String, Long> byGroup() {
            Map<String, Long> groups = new HashMap<>();
            long grouped = 0;
            for (Map.Entry<Long, Long> thread : threadNanos.entrySet()) {
                groups.merge(threadGroups.get(thread.getKey()), thread.getValue(), Long::sum);
                grouped += thread.getValue();
            }
            for (Map.Entry<Long, Long> thread : nativeNanos.entrySet()) {
                groups.merge(nativeGroups.get(thread.getKey()), thread.getValue(), Long::sum);
                grouped += thread.getValue();
            }
            groups.put(NATIVE, processNanos - grouped);
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
        Map<Long, Long> bytes = new HashMap<>();
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
            bytes.put(thread.getThreadId(), allocatedBytes(thread.getThreadId()));
            groups.put(thread.getThreadId(), group(name, applicationIds));
        }
        Map<Long, Long> nativeNanos = new HashMap<>();
        Map<Long, String> nativeGroups = new HashMap<>();
        readNativeThreads(PROC.resolve("self/task"), nativeNanos, nativeGroups);
        return new Reading(processCpuNanos(), streamThreads, nanos, groups, nativeNanos, nativeGroups, bytes);
    }

    /** Bytes of heap the thread allocated so far; 0 where the JVM does not count them. */
    private static long allocatedBytes(long threadId) {
        if (THREADS instanceof com.sun.management.ThreadMXBean counted) {
            return Math.max(counted.getThreadAllocatedBytes(threadId), 0);
        }
        return 0;
    }

    /**
     * The JVM's compiler and GC threads are no Java threads, so {@link ThreadMXBean} does not see them; on Linux
     * {@code /proc/self/task} lists every thread with its name and {@code schedstat} its time on a CPU in
     * nanoseconds. Elsewhere nothing is read and their time stays in {@link #NATIVE}.
     */
    private static void readNativeThreads(Path taskDir, Map<Long, Long> nanos, Map<Long, String> groups) {
        if (!Files.isDirectory(taskDir)) {
            return;
        }
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(taskDir)) {
            for (Path task : tasks) {
                try {
                    String group = nativeGroup(Files.readString(task.resolve("comm")).strip());
                    if (group != null) {
                        String schedstat = Files.readString(task.resolve("schedstat"));
                        long tid = Long.parseLong(task.getFileName().toString());
                        nanos.put(tid, Long.parseLong(schedstat.substring(0, schedstat.indexOf(' '))));
                        groups.put(tid, group);
                    }
                } catch (IOException | RuntimeException ended) {
                    // The thread ended while being read, or the kernel keeps no schedstat: leave it to NATIVE.
                }
            }
        } catch (IOException unreadable) {
            nanos.clear();
            groups.clear();
        }
    }

    /**
     * CPU nanoseconds so far of another JVM's {@link #JIT} and {@link #GC} threads, by thread id, with their groups
     * (e.g. a child service's); empty without {@code /proc}.
     */
    static NativeThreads nativeThreads(long pid) {
        Map<Long, Long> nanos = new HashMap<>();
        Map<Long, String> groups = new HashMap<>();
        readNativeThreads(PROC.resolve(pid + "/task"), nanos, groups);
        return new NativeThreads(nanos, groups);
    }

    /** Another JVM's compiler and GC threads: CPU nanoseconds so far by thread id, and each one's group. */
    record NativeThreads(Map<Long, Long> nanos, Map<Long, String> groups) {

        /** Nanoseconds by group since {@code earlier}. */
        Map<String, Long> since(NativeThreads earlier) {
            Map<String, Long> spent = new HashMap<>();
            nanos.forEach((id, now) -> spent.merge(groups.get(id), now - earlier.nanos.getOrDefault(id, 0L),
                    Long::sum));
            return spent;
        }
    }

    /**
     * HotSpot's names, cut to 15 characters by the kernel: "C2 CompilerThre", "GC Thread#0", "G1 Conc#0",
     * Shenandoah's "Shenandoah Cont" and "Shenandoah GC T" (its concurrent work: the GC's CPU as G1's); RocksDB
     * names its thread pools' threads "rocksdb:low" and "rocksdb:high".
     */
    private static String nativeGroup(String name) {
        if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
            return JIT;
        }
        if (name.startsWith("GC Thread#") || name.startsWith("G1 ") || name.startsWith("Shenandoah ")) {
            return GC;
        }
        if (name.startsWith("rocksdb:")) {
            return ROCKSDB;
        }
        return null;
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
        if (thread.startsWith("http-nio-")) {
            return HTTP;
        }
        if (thread.startsWith("kafka-log-cleaner-thread")) {
            return LOG_CLEANER;
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
