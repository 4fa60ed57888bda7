package org.loanledger.command.deadline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.loanledger.command.eventstore.CommandSideProcess;
import org.loanledger.command.web.CommandApi;
import org.loanledger.command.web.LedgerDataDirs;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.account.AccountFrozen;
import org.loanledger.shared.account.AccountUnfrozen;
import org.loanledger.shared.account.Actors;
import org.loanledger.shared.account.CreditLimitChanged;
import org.loanledger.shared.account.DrawdownOverdue;
import org.loanledger.shared.account.ReasonCode;
import org.loanledger.shared.json.LedgerJson;
import org.loanledger.shared.risk.RiskPolicy;
import org.loanledger.support.eventstore.EmbeddedEventStoreFiles;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

/**
 * Deadlines outlive the process: the command side is killed right after a freeze with a cool-off and two drawdowns
 * due within days, and started again on the same files with its clock eight days on ({@code ledger.clock.offset}).
 * With no request from anyone, its scheduled sweep marks both drawdowns overdue (which cuts the limit) and ends the
 * cool-off.
 */
class DeadlinesAcrossRestartTest {

    private static final String POLICY = "--ledger.risk.active-policy=2026-11";

    /** The scheduled sweep runs every second; this only bounds a sweep that never comes. */
    private static final Duration SWEEP_TIMEOUT = Duration.ofSeconds(60);

    private static final ObjectMapper STORAGE = LedgerJson.storageMapper();

    private final List<CommandSideProcess> processes = new ArrayList<>();

    @AfterEach
    void stopProcesses() throws InterruptedException {
        for (CommandSideProcess process : processes) {
            process.close();
        }
    }

    private CommandSideProcess start(Path dataDir, Path log, String... settings) throws IOException {
        CommandSideProcess process = CommandSideProcess.start(dataDir, log, List.of(settings));
        processes.add(process);
        process.awaitHealthy();
        return process;
    }

    private static JsonNode post(CommandSideProcess process, String path, String json, HttpStatus expected) {
        return process.send(HttpMethod.POST, path, "key-" + UUID.randomUUID(), json).expect(expected);
    }

    private static Connection store(Path dataDir) throws SQLException {
        return DriverManager.getConnection(EmbeddedEventStoreFiles.jdbcUrl(dataDir), "ledger", "");
    }

    private static List<String> deadlines(Path dataDir, String accountId) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection connection = store(dataDir);
             PreparedStatement query = connection.prepareStatement(
                     "SELECT kind, reference FROM LedgerDeadline WHERE accountId = ? ORDER BY dueAt")) {
            query.setString(1, accountId);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getString(1) + " " + rows.getString(2));
                }
            }
        }
        return found;
    }

    private static long storedEvents(Path dataDir, String accountId) throws SQLException {
        try (Connection connection = store(dataDir);
             PreparedStatement query = connection.prepareStatement(
                     "SELECT COUNT(*) FROM DomainEventEntry WHERE aggregateIdentifier = ?")) {
            query.setString(1, accountId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** The account's events as stored, read with the ledger's storage mapper, oldest first. */
    private static List<AccountEvent> events(Path dataDir, String accountId) throws Exception {
        List<AccountEvent> events = new ArrayList<>();
        try (Connection connection = store(dataDir);
             PreparedStatement query = connection.prepareStatement("SELECT payloadType, payload FROM DomainEventEntry "
                     + "WHERE aggregateIdentifier = ? ORDER BY sequenceNumber")) {
            query.setString(1, accountId);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    events.add((AccountEvent) STORAGE.readValue(rows.getBytes(2), Class.forName(rows.getString(1))));
                }
            }
        }
        return events;
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aCoolOffAndTwoDueDatesSetBeforeACrashAreActedOnAfterARestartWithTheClockMovedOn() throws Exception {
        Path dataDir = LedgerDataDirs.fresh(DeadlinesAcrossRestartTest.class);
        Files.createDirectories(dataDir);
        Path log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
        String accountId = "acc-" + UUID.randomUUID();
        String borrowings = CommandApi.path(accountId, "borrowings");
        String repayments = CommandApi.path(accountId, "repayments");

        CommandSideProcess first = start(dataDir, log, POLICY);
        post(first, "/api/accounts", """
                {"accountId":"%s","customerId":"cust-1","currency":"CNY","creditLimit":"5000.00"}"""
                .formatted(accountId), HttpStatus.CREATED);
        post(first, borrowings, """
                {"amount":"1000.00","termDays":1}""", HttpStatus.CREATED);
        post(first, borrowings, """
                {"amount":"1000.00","termDays":2}""", HttpStatus.CREATED);
        JsonNode third = null;
        for (int i = 0; i < 3; i++) {
            third = post(first, repayments, """
                    {"amount":"10.00"}""", HttpStatus.OK);
        }
        assertThat(third.path("version").asLong()).as("the third partial early repayment and its freeze")
                .isEqualTo(6);
        Instant beforeKill = Instant.now();
        first.kill();

        assertThat(deadlines(dataDir, accountId)).as("deadlines stored before the kill")
                .containsExactly("OVERDUE dd-1", "OVERDUE dd-2", "COOL_OFF 6");

        CommandSideProcess second = start(dataDir, log, POLICY, "--ledger.clock.offset=8d");
        await("the restarted command side's sweep acting on the account's deadlines")
                .atMost(SWEEP_TIMEOUT)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> storedEvents(dataDir, accountId), count -> count == 11);

        JsonNode refused = second.send(HttpMethod.POST, borrowings, "key-" + UUID.randomUUID(), """
                {"amount":"1.00","termDays":30}""").expectProblem(HttpStatus.CONFLICT, "INSUFFICIENT_AVAILABLE_LIMIT");
        assertThat(refused.path("creditLimit").asText()).as("not frozen any more, but the limit is cut")
                .isEqualTo("0.00");
        second.kill();

        List<AccountEvent> events = events(dataDir, accountId);
        assertThat(events).hasSize(11);
        AccountFrozen frozen = (AccountFrozen) events.get(6);
        assertThat(frozen.decision().ruleId()).isEqualTo(RiskPolicy.EARLY_PARTIAL_REPAYMENT);
        Instant coolOffUntil = frozen.decision().coolOffUntil();
        assertThat(coolOffUntil).isBefore(beforeKill.plus(Duration.ofDays(7)));

        assertThat(events.subList(7, 9)).allSatisfy(event -> {
            assertThat(event).isInstanceOf(DrawdownOverdue.class);
            assertThat(event.actor()).isEqualTo(Actors.LEDGER);
            assertThat(event.occurredAt()).as("dated by the moved clock").isAfter(beforeKill.plus(Duration.ofDays(8)));
        });
        assertThat(events.subList(7, 9)).extracting(e -> ((DrawdownOverdue) e).drawdownId())
                .containsExactly("dd-1", "dd-2");
        CreditLimitChanged cut = (CreditLimitChanged) events.get(9);
        assertThat(cut.reasonCode()).isEqualTo(ReasonCode.OVERDUE_HISTORY);
        assertThat(cut.decision().evidenceSequences()).containsExactly(7L, 8L);
        AccountUnfrozen lifted = (AccountUnfrozen) events.get(10);
        assertThat(lifted.reasonCode()).isEqualTo(ReasonCode.COOL_OFF_ELAPSED);
        assertThat(lifted.liftedRestrictions()).containsExactly(6L);
        assertThat(lifted.occurredAt()).isAfter(coolOffUntil);
        assertThat(deadlines(dataDir, accountId)).isEmpty();
    }
}
