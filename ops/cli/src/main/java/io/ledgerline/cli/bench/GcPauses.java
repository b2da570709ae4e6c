package io.ledgerline.cli.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The garbage collectors' pauses of a measured phase, so that a latency tail can be told apart from a JVM standing
 * still (ADR 0054): of a child JVM from its GC log, of this JVM (the embedded broker and registry) from its
 * collectors' notifications.
 */
final class GcPauses {

    /** {@code [<System.nanoTime()>ns] GC(n) Pause … <ms>ms}: a pause, logged when it ends. */
    private static final Pattern PAUSE = Pattern.compile("^\\[(\\d+)ns\\].*\\bPause\\b.* ([0-9.]+)ms$");

    /** Count, sum and longest of the pauses, in milliseconds. */
    record Summary(int count, double totalMillis, double maxMillis) {

        static Summary of(List<Double> millis) {
            return new Summary(millis.size(), millis.stream().mapToDouble(Double::doubleValue).sum(),
                    millis.stream().mapToDouble(Double::doubleValue).max().orElse(0));
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("count", count);
            m.put("totalMillis", Math.round(totalMillis * 10) / 10.0);
            m.put("maxMillis", Math.round(maxMillis * 10) / 10.0);
            return m;
        }
    }

    private GcPauses() {
    }

    /**
     * The JVM option that makes a child JVM log each GC pause to {@code file}, stamped with {@code System.nanoTime()}
     * (the machine's monotonic clock, the same in every JVM on it), as {@link #fromLog} reads it.
     */
    static String logOption(Path file) {
        return "-Xlog:gc:file=" + file + ":timenanos";
    }

    /** The pauses {@link #logOption}'s log holds that ended within {@code [fromNanos, toNanos)}. */
    static Summary fromLog(Path file, long fromNanos, long toNanos) throws IOException {
        List<Double> pauses = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                Matcher m = PAUSE.matcher(line.strip());
                if (m.matches()) {
                    long end = Long.parseLong(m.group(1));
                    if (end >= fromNanos && end < toNanos) {
                        pauses.add(Double.parseDouble(m.group(2)));
                    }
                }
            }
        }
        return Summary.of(pauses);
    }

    /**
     * Records this JVM's collections (young and full: the stop-the-world ones the collectors' beans report) from
     * {@link #start()} until {@link Recorder#stop()}. The beans notify from a service thread of the JVM, just after
     * each collection.
     */
    static Recorder start() {
        Recorder recorder = new Recorder();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(recorder, null, null);
                recorder.emitters.add(emitter);
            }
        }
        return recorder;
    }

    /** This JVM's pauses while it listens. */
    static final class Recorder implements NotificationListener {

        private final List<NotificationEmitter> emitters = new ArrayList<>();
        private final List<Double> pauses = new ArrayList<>();

        @Override
        public synchronized void handleNotification(Notification notification, Object handback) {
            if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                GarbageCollectionNotificationInfo info =
                        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                // Concurrent cycles (ZGC, Shenandoah, G1's concurrent bean where there is one) run beside the
                // application; their duration is no pause.
                if (!info.getGcName().contains("Cycles") && !info.getGcName().contains("Concurrent")) {
                    pauses.add((double) info.getGcInfo().getDuration());
                }
            }
        }

        /** The pauses so far. */
        synchronized Summary summary() {
            return Summary.of(List.copyOf(pauses));
        }

        /** Stops listening; {@link #summary()} keeps what was recorded. */
        void stop() {
            for (NotificationEmitter emitter : emitters) {
                try {
                    emitter.removeNotificationListener(this);
                } catch (ListenerNotFoundException gone) {
                    // nothing to remove
                }
            }
        }
    }
}
