package org.loanledger.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.loanledger.support.security.BearerTokens;

/**
 * Both services as shipped, started with the {@code postgres} profile on one PostgreSQL schema: what the command side
 * decides is stored in PostgreSQL and shows on the query side, which follows the same database. The query side's
 * MongoDB is an in-memory server started here (no MongoDB runs on the build machines).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresServicesEndToEndTest {

    private static final String TOKEN = "postgres-it-ops-token-2f0c9a";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestDatabase database;
    private MongoServer mongo;
    private ServiceJar commandSide;
    private ServiceJar querySide;

    @BeforeAll
    void startBothServices() throws Exception {
        database = TestDatabase.create();
        mongo = new MongoServer(new MemoryBackend());
        String mongoUri = mongo.bindAndGetConnectionString();
        Path dataDir = Files.createDirectories(Path.of("target", "postgres-it-data"));
        Path logs = Files.createDirectories(Path.of("target", "postgres-it-logs"));
        List<String> shared = List.of(
                "--spring.profiles.active=postgres",
                "--server.shutdown=immediate",
                "--ledger.data-dir=" + dataDir.toAbsolutePath(),
                "--ledger.postgres.url=" + database.url(),
                "--ledger.postgres.username=" + database.user(),
                "--ledger.postgres.password=" + database.password(),
                "--ledger.risk.active-policy=permissive",
                "--ledger.security.tokens[0].name=ops-it",
                "--ledger.security.tokens[0].role=OPS",
                "--ledger.security.tokens[0].sha256=" + BearerTokens.sha256(TOKEN));
        commandSide = ServiceJar.start(ServiceJar.COMMAND_SIDE, logs.resolve("command-side.log"), TOKEN, shared);
        List<String> query = new ArrayList<>(shared);
        query.add("--ledger.mongodb.uri=" + mongoUri);
        querySide = ServiceJar.start(ServiceJar.QUERY_SIDE, logs.resolve("query-side.log"), TOKEN, query);
        commandSide.awaitHealthy();
        querySide.awaitHealthy();
    }

    @AfterAll
    void stopBothServices() throws Exception {
        for (ServiceJar service : new ServiceJar[] {querySide, commandSide}) {
            if (service != null) {
                service.close();
            }
        }
        if (mongo != null) {
            mongo.shutdownNow();
        }
        if (database != null) {
            database.close();
        }
    }

    private JsonNode awaitView(String accountId, long version) {
        JsonNode[] view = new JsonNode[1];
        await("the query side's view of " + accountId + " at version " + version)
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    HttpResponse<String> response = querySide.send("GET", "/api/accounts/" + accountId, null);
                    if (response.statusCode() != 200) {
                        return false;
                    }
                    view[0] = JSON.readTree(response.body());
                    return view[0].path("version").asLong(-1) >= version;
                });
        return view[0];
    }

    @Nested
    class ACommandOnTheCommandSide {

        @Test
        void isStoredInPostgresAndShowsOnTheQuerySide() throws Exception {
            HttpResponse<String> opened = commandSide.send("POST", "/api/accounts",
                    "{\"accountId\":\"acc-pg-1\",\"customerId\":\"cust-pg-1\",\"currency\":\"EUR\",\"creditLimit\":\"1000.00\"}");
            assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
            HttpResponse<String> borrowed = commandSide.send("POST", "/api/accounts/acc-pg-1/borrowings",
                    "{\"amount\":\"250.50\",\"termDays\":30}");
            assertThat(borrowed.statusCode()).as(borrowed.body()).isEqualTo(201);

            JsonNode view = awaitView("acc-pg-1", 1);

            assertThat(view.path("outstanding").asText()).isEqualTo("250.50");
            assertThat(view.path("available").asText()).isEqualTo("749.50");
            assertThat(storedSequences("acc-pg-1")).containsExactly(0L, 1L);
        }

        @Test
        void thatSetsADeadlineWritesItToTheDeadlineTableInTheSameDatabase() throws Exception {
            commandSide.send("POST", "/api/accounts",
                    "{\"accountId\":\"acc-pg-2\",\"customerId\":\"cust-pg-2\",\"currency\":\"EUR\",\"creditLimit\":\"500.00\"}");
            HttpResponse<String> borrowed = commandSide.send("POST", "/api/accounts/acc-pg-2/borrowings",
                    "{\"amount\":\"100.00\",\"termDays\":10}");
            assertThat(borrowed.statusCode()).as(borrowed.body()).isEqualTo(201);
            String drawdownId = JSON.readTree(borrowed.body()).path("drawdownId").asText();

            try (Connection connection = database.connect();
                 PreparedStatement query = connection.prepareStatement(
                         "SELECT kind, reference FROM LedgerDeadline WHERE accountId = ?")) {
                query.setString(1, "acc-pg-2");
                try (ResultSet rows = query.executeQuery()) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getString(1)).isEqualTo("OVERDUE");
                    assertThat(rows.getString(2)).isEqualTo(drawdownId);
                }
            }
        }
    }

    @Nested
    class TheDeadlineSweep {

        @Test
        void actsOnADeadlineThatCameDueInPostgresAndClearsIt() throws Exception {
            commandSide.send("POST", "/api/accounts",
                    "{\"accountId\":\"acc-pg-5\",\"customerId\":\"cust-pg-5\",\"currency\":\"EUR\",\"creditLimit\":\"500.00\"}");
            HttpResponse<String> borrowed = commandSide.send("POST", "/api/accounts/acc-pg-5/borrowings",
                    "{\"amount\":\"60.00\",\"termDays\":10}");
            assertThat(borrowed.statusCode()).as(borrowed.body()).isEqualTo(201);
            assertThat(deadlines("acc-pg-5")).isEqualTo(1);

            // Brought forward by hand: the sweep finds it due, sends the command (which, the drawdown not being
            // overdue by the clock, records nothing) and clears the deadline.
            try (Connection connection = database.connect();
                 PreparedStatement due = connection.prepareStatement(
                         "UPDATE LedgerDeadline SET dueAt = now() - interval '1 minute' WHERE accountId = ?")) {
                due.setString(1, "acc-pg-5");
                assertThat(due.executeUpdate()).isEqualTo(1);
            }

            await("the sweep clears the due deadline").atMost(Duration.ofSeconds(30))
                    .until(() -> deadlines("acc-pg-5") == 0);
        }

        private int deadlines(String accountId) throws Exception {
            try (Connection connection = database.connect();
                 PreparedStatement query = connection.prepareStatement(
                         "SELECT count(*) FROM LedgerDeadline WHERE accountId = ?")) {
                query.setString(1, accountId);
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    return rows.getInt(1);
                }
            }
        }
    }

    @Nested
    class AnAccountLoadedAgainFromPostgres {

        @Test
        void decidesItsNextCommandOnEverythingStoredBefore() throws Exception {
            commandSide.send("POST", "/api/accounts",
                    "{\"accountId\":\"acc-pg-3\",\"customerId\":\"cust-pg-3\",\"currency\":\"EUR\",\"creditLimit\":\"300.00\"}");
            commandSide.send("POST", "/api/accounts/acc-pg-3/borrowings", "{\"amount\":\"200.00\",\"termDays\":30}");

            HttpResponse<String> overLimit = commandSide.send("POST", "/api/accounts/acc-pg-3/borrowings",
                    "{\"amount\":\"150.00\",\"termDays\":30}");
            HttpResponse<String> repaid = commandSide.send("POST", "/api/accounts/acc-pg-3/repayments",
                    "{\"amount\":\"50.00\"}");

            assertThat(overLimit.statusCode()).as(overLimit.body()).isEqualTo(409);
            assertThat(overLimit.body()).contains("INSUFFICIENT_AVAILABLE_LIMIT");
            assertThat(repaid.statusCode()).as(repaid.body()).isEqualTo(200);
            assertThat(JSON.readTree(repaid.body()).path("outstanding").asText()).isEqualTo("150.00");
            assertThat(awaitView("acc-pg-3", 2).path("outstanding").asText()).isEqualTo("150.00");
        }
    }

    @Nested
    class TheQuerySide {

        @Test
        void splitsThePerAccountViewsIntoSegmentsAndKeepsThePortfolioInOne() throws Exception {
            await("the query side's processors").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                HttpResponse<String> response = querySide.send("GET", "/api/admin/projections", null);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                JsonNode listing = JSON.readTree(response.body());
                assertThat(segmentsOf(listing, "account-limits")).isEqualTo(4);
                assertThat(segmentsOf(listing, "account-history")).isEqualTo(4);
                assertThat(segmentsOf(listing, "portfolio")).isEqualTo(1);
            });
        }

        private int segmentsOf(JsonNode listing, String name) {
            JsonNode items = listing.path("projections");
            for (JsonNode item : items) {
                if (name.equals(item.path("name").asText())) {
                    return item.path("segments").asInt(-1);
                }
            }
            return -1;
        }
    }

    @Nested
    class TheReleaseCheck {

        @Test
        void replaysEveryAccountStoredInPostgresAndFindsNothingChangedByTheSameBuild() throws Exception {
            commandSide.send("POST", "/api/accounts",
                    "{\"accountId\":\"acc-pg-4\",\"customerId\":\"cust-pg-4\",\"currency\":\"EUR\",\"creditLimit\":\"800.00\"}");
            HttpResponse<String> borrowed = commandSide.send("POST", "/api/accounts/acc-pg-4/borrowings",
                    "{\"amount\":\"80.00\",\"termDays\":20}");
            assertThat(borrowed.statusCode()).as(borrowed.body()).isEqualTo(201);
            Path digests = Files.createDirectories(Path.of("target", "postgres-it-logs"))
                    .resolve("replay-digests-" + System.nanoTime() + ".json");

            VerifyReplayRun recorded = verifyReplay("--postgres-url", database.url(), "--digests", digests.toString(), "--record");
            VerifyReplayRun compared = verifyReplay("--postgres-url", database.url(), "--digests", digests.toString());

            assertThat(recorded.exitCode()).as(recorded.output()).isZero();
            assertThat(recorded.output()).containsPattern("recorded [1-9][0-9]* accounts");
            assertThat(Files.readString(digests)).contains("acc-pg-4");
            assertThat(compared.exitCode()).as(compared.output()).isZero();
            assertThat(compared.output()).contains("0 would change, 0 recorded accounts missing");
        }

        private VerifyReplayRun verifyReplay(String... arguments) throws Exception {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                    "-cp", ServiceJar.QUERY_SIDE.toString(),
                    "-Dloader.main=org.loanledger.query.release.VerifyReplay",
                    "org.springframework.boot.loader.launch.PropertiesLauncher"));
            command.addAll(List.of(arguments));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("LEDGER_POSTGRES_USER", database.user());
            builder.environment().put("LEDGER_POSTGRES_PASSWORD", database.password());
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).as(output).isTrue();
            return new VerifyReplayRun(process.exitValue(), output);
        }
    }

    private record VerifyReplayRun(int exitCode, String output) {
    }

    private List<Long> storedSequences(String accountId) throws Exception {
        List<Long> sequences = new ArrayList<>();
        try (Connection connection = database.connect();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT sequenceNumber FROM DomainEventEntry WHERE aggregateIdentifier = ? ORDER BY sequenceNumber")) {
            query.setString(1, accountId);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    sequences.add(rows.getLong(1));
                }
            }
        }
        return sequences;
    }
}
