package io.ledgerline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command and subcommand answers {@code --help} with its usage and exit code 0. */
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
            CommandLine root = Ledgerline.commandLine();
            root.setOut(new PrintWriter(out));

            int exit = root.execute(path.toArray(String[]::new));

            assertThat(exit).as("exit code of %s", path).isZero();
            assertThat(out.toString()).as("help of %s", path).contains("Usage:").contains("--help");
        }
    }

    private static void collect(CommandLine command, List<CommandLine> into) {
        into.add(command);
        command.getSubcommands().values().forEach(sub -> collect(sub, into));
    }
}
