package org.loanledger.command.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryTest {

    @TempDir
    Path dir;

    private static String run(String date, String cpu, String load, String scale, String extra, double commands) {
        return run(date, cpu, "", load, scale, extra, commands);
    }

    private static String run(String date, String cpu, String serviceJava, String load, String scale, String extra,
            double commands) {
        return """
                {"date":"%s","scale":"%s",%s"commit":"abc","machine":{"cpus":2,"cpu":"%s","memoryMb":24000,\
                "java":"OpenJDK 64-Bit Server VM 17.0.15"%s},\
                "loadAverageBefore":"%s","loadAverageAfter":"3.0 3.0 3.0","measures":[{"id":"throughput-commands",\
                "label":"commands/s","value":%s,"unit":"/s","target":">= 3,000/s","pass":false}]}"""
                .formatted(date, scale, extra, cpu,
                        serviceJava.isEmpty() ? "" : ",\"serviceJava\":\"" + serviceJava + "\"", load, commands);
    }

    @Test
    void spreadsAreTakenPerMachineOverQuietFullRunsOnly() throws Exception {
        Path results = dir.resolve("results.jsonl");
        Files.write(results, List.of(
                run("2026-11-29T01:00:00Z", "AMD EPYC", "0.5 0.5 0.5", "full", "", 800),
                run("2026-11-29T02:00:00Z", "AMD EPYC", "0.5 0.5 0.5", "full", "", 900),
                run("2026-12-01T01:00:00Z", "Intel Xeon", "0.5 0.5 0.5", "full", "", 400),
                run("2026-12-01T02:00:00Z", "Intel Xeon", "0.7 0.5 0.5", "full", "", 500),
                run("2026-12-01T03:00:00Z", "Intel Xeon", "4.7 0.5 0.5", "full", "", 100),
                run("2026-12-01T04:00:00Z", "Intel Xeon", "0.5 0.5 0.5", "quick", "", 50),
                run("2026-12-01T05:00:00Z", "Intel Xeon", "0.5 0.5 0.5", "full", "\"phases\":\"[COMMANDS]\",", 60)));

        String summary = Summary.of(results);

        assertThat(summary).contains("5 full-scale runs").contains("no: machine busy");
        assertThat(summary).contains("AMD EPYC, 2 cpus, services on Java 17: 2 quiet runs")
                .contains("Intel Xeon, 2 cpus, services on Java 17: 2 quiet runs");
        // Medians per machine (the upper of two), never a pool of both, never the busy, quick or partial runs.
        assertThat(summary).contains("| commands/s | 900 /s | 800 /s | 900 /s |")
                .contains("| commands/s | 500 /s | 400 /s | 500 /s |")
                .doesNotContain("| 100 /s |").doesNotContain("50 /s").doesNotContain("60 /s");
    }

    @Test
    void runsWhoseServicesRanOnAnotherJavaReleaseAreNotPooled() throws Exception {
        Path results = dir.resolve("results.jsonl");
        Files.write(results, List.of(
                run("2026-12-05T01:00:00Z", "AMD EPYC", "0.5 0.5 0.5", "full", "", 800),
                run("2026-12-05T02:00:00Z", "AMD EPYC", "OpenJDK Runtime Environment (build 17.0.15+6-Debian-1deb12u1)",
                        "0.5 0.5 0.5", "full", "", 900),
                run("2026-12-05T03:00:00Z", "AMD EPYC", "OpenJDK Runtime Environment Temurin-25.0.3+9 (build 25.0.3+9-LTS)",
                        "0.5 0.5 0.5", "full", "", 1300)));

        String summary = Summary.of(results);

        // The harness ran on 17 in all three; the services of the third on 25.
        assertThat(summary).contains("AMD EPYC, 2 cpus, services on Java 17: 2 quiet runs")
                .contains("AMD EPYC, 2 cpus, services on Java 25: 1 quiet runs")
                .contains("| commands/s | 900 /s | 800 /s | 900 /s |")
                .contains("| commands/s | 1,300 /s | 1,300 /s | 1,300 /s |");
    }

    @Test
    void aMeasureWhoseTargetMovedCountsOnlyTheRunsThatHadIt() throws Exception {
        Path results = dir.resolve("results.jsonl");
        String targeted = "{\"id\":\"ratio\",\"label\":\"ratio\",\"value\":%s,\"unit\":\"ratio\","
                + "\"target\":\">= 0.8\",\"pass\":%s}";
        String reported = "{\"id\":\"ratio\",\"label\":\"ratio, minutes apart\",\"value\":%s,\"unit\":\"ratio\","
                + "\"target\":\"\"}";
        Files.write(results, List.of(
                run("2026-12-05T01:00:00Z", "AMD EPYC", "0.5 0.5 0.5", "full", "", 800)
                        .replace("]}", "," + targeted.formatted("0.9", "true") + "]}"),
                run("2026-12-05T02:00:00Z", "AMD EPYC", "0.5 0.5 0.5", "full", "", 800)
                        .replace("]}", "," + targeted.formatted("0.7", "false") + "]}"),
                run("2026-12-05T03:00:00Z", "AMD EPYC", "0.5 0.5 0.5", "full", "", 800)
                        .replace("]}", "," + reported.formatted("0.6") + "]}")));

        String summary = Summary.of(results);

        // Three values, but the third run reported it without a target: 1 of the 2 runs that had one met it.
        assertThat(summary).contains("| ratio, minutes apart | 0.70 | 0.60 | 0.90 | 43% | >= 0.8 | 1 of 2 |");
    }

    @Test
    void coresInUseKeepTwoDecimals() {
        // A service taking 0.79 of a core is not "1 cores": the fixed-rate phases report each process's share.
        assertThat(Bench.format(0.794, "cores")).isEqualTo("0.79 cores");
        assertThat(Bench.format(1.875, "cores")).isEqualTo("1.88 cores");
        assertThat(Bench.format(2.5, "ms")).isEqualTo("2.5 ms");
    }
}
