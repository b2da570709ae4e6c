package io.ledgerline.cli.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The command service ({@code io.ledgerline.command.CommandServiceApplication}) run as a child JVM on this JVM's
 * class path, its output going to a file. A fault test can kill it like a crashed host would ({@link #kill()}:
 * SIGKILL, no shutdown hook runs), freeze it to choose the moment ({@link #pause()}, SIGSTOP), or stop it like an
 * orchestrator would ({@link #stop}: SIGTERM, graceful). Signals the JDK cannot send go through the shell's
 * {@code kill}.
 */
final class CommandServiceProcess implements AutoCloseable {

    static final String MAIN_CLASS = "io.ledgerline.command.CommandServiceApplication";
    /** A process killed by SIGKILL (9) exits with 128 + 9, as the JDK reports it on Linux. */
    static final int SIGKILL_EXIT = 137;

    private final Process process;
    private final Path log;

    private CommandServiceProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts the service with {@code properties} (each {@code name=value}, passed as {@code --name=value}). */
    static CommandServiceProcess start(List<String> properties, Path log) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Small heap, single-threaded GC, C1 only: it shares two cores with the broker and the test, and
                // C2 compiling a whole Spring Boot start costs more CPU than it saves on a load of this size.
                "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                MAIN_CLASS));
        properties.forEach(p -> command.add("--" + p));
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            return new CommandServiceProcess(process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + MAIN_CLASS, e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGSTOP: freezes every thread of the child, so nothing it has not sent yet reaches the broker. */
    void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT: lets a paused child run on. */
    void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        // The shell's built-in kill: a kill(1) binary (procps) is not on every minimal image.
        Process kill = new ProcessBuilder("sh", "-c", "kill -" + name + " " + pid()).redirectErrorStream(true).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            kill.destroyForcibly();
            throw new AssertionError("kill -" + name + " " + pid() + " failed: "
                    + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** SIGKILL, then waits (bounded) for the process to be gone and returns its exit code. */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        return awaitExit(Duration.ofSeconds(30));
    }

    /** SIGTERM (a graceful shutdown), then waits (bounded) for the process to exit and returns its exit code. */
    int stop(Duration within) throws InterruptedException {
        process.destroy();
        return awaitExit(within);
    }

    private int awaitExit(Duration within) throws InterruptedException {
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("child JVM " + pid() + " did not exit within " + within + "\n" + tail(40));
        }
        return process.exitValue();
    }

    Path log() {
        return log;
    }

    /** The last {@code lines} lines of the child's output, for failure messages. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "--- last lines of " + log + " ---\n"
                    + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** Kills the child if a test left it running. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
