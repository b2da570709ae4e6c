package io.ledgerline.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostLoadTest {

    @Test
    void givenTwoProcStatLines_whenCompared_thenStealIsItsShareOfAllEightColumns() {
        // user nice system idle iowait irq softirq steal guest guest_nice: the guest columns are in user already.
        HostLoad before = HostLoad.parse(1.0, "cpu  1000 0 500 8000 100 0 100 300 50 0");
        HostLoad after = HostLoad.parse(2.345, "cpu  1400 0 600 8400 100 0 100 400 90 0");

        assertThat(after.stealPercentSince(before)).isEqualTo(10.0); // 100 of 1,000 ticks
        assertThat(after.reportSince(before)).containsExactly(Map.entry("loadAverage", List.of(1.0, 2.35)),
                Map.entry("stealPercent", 10.0));
        assertThat(HostLoad.describe(after.reportSince(before)))
                .isEqualTo("[1.0, 2.35] (before, after); steal 10.0 % of CPU time");
        assertThat(after.describeEndSince(before)).isEqualTo(
                "load average at end: 2.35; steal 10.0 % of CPU time since the start");
    }

    @Test
    void givenNoReadableCounters_whenCompared_thenStealIsUnknown() {
        HostLoad known = HostLoad.parse(1.0, "cpu  1000 0 500 8000 100 0 100 300 0 0");
        for (String line : List.of("", "cpu0 1 2 3 4 5 6 7 8", "cpu 1 2 3", "cpu 1 2 3 4 5 6 7 x")) {
            HostLoad unknown = HostLoad.parse(1.0, line);

            assertThat(unknown.stealPercentSince(known)).as(line).isNull();
            assertThat(known.stealPercentSince(unknown)).as(line).isNull();
            assertThat(HostLoad.describe(known.reportSince(unknown))).as(line).contains("steal unknown");
        }
        assertThat(known.stealPercentSince(known)).as("no time passed").isNull();
    }

    /** The project's machines are Linux ones: there the counters are read. */
    @Test
    void givenThisLinuxMachine_whenRead_thenTheCountersAreReadAndMoveForward() {
        HostLoad first = HostLoad.now();
        HostLoad second = HostLoad.now();

        assertThat(first.totalTicks()).isPositive();
        assertThat(first.stealTicks()).isBetween(0L, first.totalTicks());
        assertThat(second.totalTicks()).isGreaterThanOrEqualTo(first.totalTicks());
        assertThat(first.loadAverage()).isNotNegative();
    }

    @Test
    void givenThisLinuxMachine_whenDescribed_thenItsCpusModelKernelAndJvmAreNamed() {
        Map<String, Object> machine = HostLoad.machine();

        assertThat(machine).containsOnlyKeys("cpus", "cpu", "kernel", "java");
        assertThat((Integer) machine.get("cpus")).isPositive();
        assertThat((String) machine.get("cpu")).isNotBlank().isNotEqualTo("unknown");
        assertThat((String) machine.get("kernel")).startsWith("Linux ");
        assertThat((String) machine.get("java")).isEqualTo(System.getProperty("java.vm.version"));
    }
}
