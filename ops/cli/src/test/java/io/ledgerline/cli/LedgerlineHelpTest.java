package io.ledgerline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command and subcommand answers {@code --help} with its usage and exit code 0, and without a warning from
 * picocli (a description it cannot format, e.g. a bare {@code %}, is printed raw with a warning on stderr).
 */
class LedgerlineHelpTest {

    @Test
    void everyCommandHasHelp() {
        List<CommandLine> commands = new ArrayList<>();
        collect(Ledgerline.commandLine(), commands);

        assertThat(commands).extracting(CommandLine::getCommandName).contains("ledgerline", "dev", "bench", "serde",
                "events", "get", "tail", "dlq", "list", "show", "redrive", "schema", "check", "register", "replay",
                "reset", "verify", "projections", "status", "transfers", "stuck", "retry", "backfill-answers");
        for (CommandLine command : commands) {
            if (command.getCommandName().equals("help")) {
                continue;
            }
            List<String> path = new ArrayList<>();
            for (CommandLine c = command; c.getParent() != null; c = c.getParent()) {
                path.add(0, c.getCommandName());
            }
            path.add("--help");
            StringWriter out = new StringWriter();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            CommandLine root = Ledgerline.commandLine();
            root.setOut(new PrintWriter(out));

            int exit = withStderr(err, () -> root.execute(path.toArray(String[]::new)));

            assertThat(exit).as("exit code of %s", path).isZero();
            assertThat(out.toString()).as("help of %s", path).contains("Usage:").contains("--help");
            assertThat(err.toString(StandardCharsets.UTF_8)).as("stderr of %s", path).doesNotContain("WARN");
        }
    }

    /** picocli's warnings go to {@code System.err}, not to the command line's error writer. */
    private static int withStderr(ByteArrayOutputStream into, IntSupplier action) {
        PrintStream original = System.err;
        System.setErr(new PrintStream(into, true, StandardCharsets.UTF_8));
        try {
            return action.getAsInt();
        } finally {
            System.setErr(original);
        }
    }

    private static void collect(CommandLine command, List<CommandLine> into) {
        into.add(command);
        command.getSubcommands().values().forEach(sub -> collect(sub, into));
    }
}
