package io.ledgerline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every operations command against a closed port fails within 15 s with one line naming what it could not reach and
 * exit code 1. One run keeps the default timeout (the figure a user sees); the others ask for 2 s to keep the suite
 * short.
 */
class UnreachableClusterTest {

    private static final Duration LIMIT = Duration.ofSeconds(15);
    private static String closed;

    @TempDir
    static Path scratch;

    @BeforeAll
    static void closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = "127.0.0.1:" + socket.getLocalPort();
        }
    }

    @Test
    void givenClosedPortAndDefaultTimeout_whenEventsGet_thenOneLineErrorWithin15s() {
        assertFailsFast("events", "get", "--bootstrap-server", closed, "--registry-url", "http://" + closed);
    }

    @Test
    void givenClosedPort_whenEachKafkaCommand_thenOneLineErrorWithin15s() {
        for (String[] command : new String[][] {
            {"events", "tail", "--limit", "1"},
            {"dlq", "list"},
            {"dlq", "show", "0:0"},
            {"dlq", "redrive", "0:0"},
            {"replay", "--from-time", "2026-01-01T00:00:00Z", "--to-time", "2026-01-02T00:00:00Z", "--to-topic", "x"},
            {"reset", "some-app", "--dry-run"},
            {"export", "--to", scratch.resolve("export").toString()},
            {"schema", "list"},
            {"projections", "status"},
            {"projections", "rebuild", "all", "--version", "v9"},
            {"projections", "switch", "all", "v9"},
            {"projections", "drop", "v9"},
            {"transfers", "stuck"},
            {"transfers", "retry", "t-1"},
        }) {
            String[] args = new String[command.length + 6];
            System.arraycopy(command, 0, args, 0, command.length);
            System.arraycopy(new String[] {"--bootstrap-server", closed, "--registry-url", "http://" + closed,
                    "--timeout", "2"}, 0, args, command.length, 6);
            assertFailsFast(args);
        }
    }

    private static void assertFailsFast(String... args) {
        long started = System.nanoTime();

        OpsFixture.Run run = OpsFixture.runExactly(args);

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(run.exit()).as("exit of %s", String.join(" ", args)).isEqualTo(1);
        assertThat(took).as("time of %s", String.join(" ", args)).isLessThan(LIMIT);
        assertThat(run.err().strip().lines()).as("error of %s", String.join(" ", args)).singleElement().asString()
                .contains(closed);
    }
}
