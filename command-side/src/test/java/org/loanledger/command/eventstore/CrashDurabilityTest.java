package org.loanledger.command.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.loanledger.command.web.CommandApi.amount;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.loanledger.command.web.CommandApi;
import org.loanledger.command.web.LedgerDataDirs;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

/**
 * An acknowledged command is durable: the command side is killed with SIGKILL right after the last of many
 * acknowledgements and started again on the same files, and every acknowledged command is still there.
 */
class CrashDurabilityTest {

    /** Enough events to cross the snapshot threshold (100) twice, so a reload uses a snapshot and later events. */
    private static final int COMMANDS = 200;

    private final List<CommandSideProcess> processes = new ArrayList<>();

    /** One acknowledged request and what it was answered. */
    private record Acknowledged(HttpMethod method, String path, String key, String body, int status, JsonNode answer) {
    }

    @AfterEach
    void stopProcesses() throws InterruptedException {
        for (CommandSideProcess process : processes) {
            process.close();
        }
    }

    private CommandSideProcess start(Path dataDir, Path log) throws Exception {
        CommandSideProcess process = CommandSideProcess.start(dataDir, log);
        processes.add(process);
        process.awaitHealthy();
        return process;
    }

    private static Acknowledged send(CommandSideProcess process, HttpMethod method, String path, String body,
                                     HttpStatus expected) {
        String key = "key-" + UUID.randomUUID();
        CommandApi.Reply reply = process.send(method, path, key, body);
        return new Acknowledged(method, path, key, body, reply.status(), reply.expect(expected));
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void everyAcknowledgedCommandSurvivesAKill() throws Exception {
        Path dataDir = LedgerDataDirs.fresh(CrashDurabilityTest.class);
        Files.createDirectories(dataDir);
        Path log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
        String accountId = "acc-" + UUID.randomUUID();
        String borrowings = CommandApi.path(accountId, "borrowings");
        String repayments = CommandApi.path(accountId, "repayments");

        CommandSideProcess first = start(dataDir, log);
        List<Acknowledged> acknowledged = new ArrayList<>();
        acknowledged.add(send(first, HttpMethod.POST, "/api/accounts", """
                {"accountId":"%s","customerId":"cust-1","currency":"CNY","creditLimit":"1000000.00"}"""
                .formatted(accountId), HttpStatus.CREATED));
        for (int i = 1; i < COMMANDS; i++) {
            acknowledged.add(i % 2 == 1
                    ? send(first, HttpMethod.POST, borrowings, """
                            {"amount":"10.%02d","termDays":%d}""".formatted(i % 100, 1 + i % 365), HttpStatus.CREATED)
                    : send(first, HttpMethod.POST, repayments, """
                            {"amount":"4.%02d"}""".formatted(i % 100), HttpStatus.OK));
        }
        first.kill();

        for (int i = 0; i < acknowledged.size(); i++) {
            assertThat(acknowledged.get(i).answer().path("version").asLong()).as("version of command %d", i)
                    .isEqualTo(i);
        }
        Acknowledged last = acknowledged.get(acknowledged.size() - 1);

        CommandSideProcess second = start(dataDir, log);
        // A new command first: had the store lost acknowledged events, repeating those requests would simply
        // record them again under the same numbers and answer exactly as before, hiding the loss.
        JsonNode next = second.send(HttpMethod.POST, borrowings, "key-" + UUID.randomUUID(), """
                {"amount":"1.00","termDays":30}""").expect(HttpStatus.CREATED);
        long lastVersion = last.answer().path("version").asLong();
        assertThat(next.path("version").asLong()).as("version after the restart").isEqualTo(lastVersion + 1);
        assertThat(new BigDecimal(amount(next, "outstanding")))
                .isEqualTo(new BigDecimal(amount(last.answer(), "outstanding")).add(new BigDecimal("1.00")));
        assertThat(acknowledged).filteredOn(request -> request.path().equals(borrowings))
                .extracting(request -> request.answer().path("drawdownId").asText())
                .doesNotContain(next.path("drawdownId").asText());

        for (Acknowledged request : acknowledged) {
            CommandApi.Reply repeated = second.send(request.method(), request.path(), request.key(), request.body());
            assertThat(repeated.expect(HttpStatus.valueOf(request.status())))
                    .as("repeat of %s %s", request.method(), request.body())
                    .isEqualTo(request.answer());
        }
        JsonNode afterRepeats = second.send(HttpMethod.POST, repayments, "key-" + UUID.randomUUID(), """
                {"amount":"1.00"}""").expect(HttpStatus.OK);
        assertThat(afterRepeats.path("version").asLong()).as("version after the repeats").isEqualTo(lastVersion + 2);
    }
}
