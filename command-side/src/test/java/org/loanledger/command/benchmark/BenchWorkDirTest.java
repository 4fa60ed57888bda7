package org.loanledger.command.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchWorkDirTest {

    @TempDir
    Path work;

    @Test
    void aRunKeepsItsLogsAndDeletesItsStores() throws Exception {
        Path data = Files.createDirectories(work.resolve("data/views"));
        Files.writeString(work.resolve("command-side.log"), "started");
        Files.writeString(work.resolve("data/events.mv.db"), "store");
        Files.writeString(data.resolve("views.mv.db"), "views");
        Path alone = Files.createDirectories(work.resolve("query-alone"));
        Files.writeString(alone.resolve("events.mv.db"), "store");
        Files.writeString(alone.resolve("writer.log"), "wrote");
        Files.createDirectories(work.resolve("empty"));

        Bench.keepOnlyLogs(work);

        try (Stream<Path> left = Files.walk(work)) {
            assertThat(left.map(path -> work.relativize(path).toString()))
                    .containsExactlyInAnyOrder("", "command-side.log", "query-alone", "query-alone/writer.log");
        }
        assertThat(work.resolve("command-side.log")).hasContent("started");
    }
}
