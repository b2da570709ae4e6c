package io.ledgerline.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ledgerline.devkit.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GC pauses of a measured phase: from a child JVM's log (G1 and Shenandoah lines), and of this JVM. */
class GcPausesTest {

    @TempDir
    Path dir;

    @Test
    void givenAGcLog_whenRead_thenThePausesThatEndedInTheWindowOnly() throws Exception {
        Path log = dir.resolve("gc.log");
        Files.write(log, List.of(
                "[900ns] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 6M->3M(64M) 50.000ms",
                "[1000ns] Using G1",
                "[1100ns] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 331M->91M(420M) 21.500ms",
                "[1200ns] GC(2) Concurrent marking (unload classes) 3.935ms",
                "[1300ns] GC(2) Pause Final Mark (unload classes) 0.500ms",
                "[1400ns] GC(3) Pause Full (System.gc()) 7M->2M(14M) 27.599ms",
                "[2000ns] GC(4) Pause Young (Normal) (G1 Evacuation Pause) 6M->3M(64M) 99.000ms"));

        GcPauses.Summary pauses = GcPauses.fromLog(log, 1000, 2000);

        assertThat(pauses.count()).isEqualTo(3);
        assertThat(pauses.totalMillis()).isCloseTo(49.599, within(1e-9));
        assertThat(pauses.maxMillis()).isCloseTo(27.599, within(1e-9));
        assertThat(pauses.toMap()).containsEntry("count", 3).containsEntry("totalMillis", 49.6)
                .containsEntry("maxMillis", 27.6);
    }

    @Test
    void givenNoLog_whenRead_thenNoPauses() throws Exception {
        assertThat(GcPauses.fromLog(dir.resolve("absent.log"), 0, Long.MAX_VALUE).count()).isZero();
    }

    @Test
    void givenTheLogOption_whenAJvmCollects_thenItsPausesAreRead() throws Exception {
        Path log = dir.resolve("child-gc.log");
        long from = System.nanoTime();
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                GcPauses.logOption(log), "-XX:+UseSerialGC", "-Xmx32m", "-cp", System.getProperty("java.class.path"),
                Collect.class.getName()).inheritIO().start();
        assertThat(child.waitFor()).isZero();

        GcPauses.Summary pauses = GcPauses.fromLog(log, from, System.nanoTime());

        assertThat(pauses.count()).isGreaterThanOrEqualTo(2);
        assertThat(pauses.maxMillis()).isPositive();
    }

    @Test
    void givenThisJvmRecording_whenItCollects_thenItsPausesAreCounted() throws Exception {
        GcPauses.Recorder recorder = GcPauses.start();
        try {
            System.gc();
            Await.until("a collection notified", Duration.ofSeconds(10), () -> recorder.summary().count() > 0);
        } finally {
            recorder.stop();
        }
        assertThat(recorder.summary().maxMillis()).isGreaterThanOrEqualTo(0);
    }

    /** A child JVM's main: two explicit collections. */
    static final class Collect {
        public static void main(String[] args) {
            List<byte[]> garbage = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                garbage.add(new byte[1024]);
                System.gc();
            }
        }
    }
}
