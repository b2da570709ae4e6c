package io.ledgerline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Bad input ends in one line that says what is wrong and a non-zero exit, never a stack trace. */
class LedgerlineFailureTest {

    @Test
    void givenPortOutOfRange_whenDev_thenOneLineErrorAndExitCode1() {
        StringWriter err = new StringWriter();
        CommandLine cli = Ledgerline.commandLine();
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("dev", "--kafka-port", "99999");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).startsWith("ledgerline dev: ").contains("99999").doesNotContain("\tat ");
    }

    @Test
    void givenUnknownOption_thenUsageErrorAndExitCode2() {
        StringWriter err = new StringWriter();
        CommandLine cli = Ledgerline.commandLine();
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("dev", "--no-such-option");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--no-such-option'");
    }

    @Test
    void givenNegativeVerifyWait_thenUsageErrorAndExitCode2BeforeAnyConnection() {
        StringWriter err = new StringWriter();
        CommandLine cli = Ledgerline.commandLine();
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("verify", "--wait", "-1", "--bootstrap-server", "127.0.0.1:1");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--wait must not be negative, not -1").doesNotContain("\tat ");
    }
}
