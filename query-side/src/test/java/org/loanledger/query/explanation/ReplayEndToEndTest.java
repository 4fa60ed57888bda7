package org.loanledger.query.explanation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.loanledger.query.projection.Projections;
import org.loanledger.query.support.Callers;
import org.loanledger.query.support.CommandSideProcess;
import org.loanledger.query.support.QuerySideInstance;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.account.AccountFold;
import org.loanledger.shared.account.AccountState;
import org.loanledger.shared.account.Restriction;
import org.loanledger.support.eventstore.EmbeddedEventStoreFiles;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Replay and explanation over HTTP against the real services: the command side from its jar in a child process
 * (risk policy 2026-12, the default), the query side in this JVM on the same data directory, restarted once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayEndToEndTest {

    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final String STRICT = "2026-12-strict";

    static final String MANUAL = "replay-manual";
    static final String MAINTENANCE = "replay-maintenance";
    static final String LIMIT_CUT = "replay-limit-cut";
    static final String EPISODES = "replay-episodes";
    static final String TAMPERED = "replay-tampered";
    static final String PARTIAL_REPAYMENTS = "replay-partial";
    static final String VELOCITY = "replay-velocity";
    static final String APPEALED = "replay-appealed";
    static final String APPEAL_PENDING = "replay-appeal-pending";
    static final String STATEMENT = "I repaid every drawdown on time";

    final ObjectMapper json = new ObjectMapper();
    Path dataDir;
    CommandSideProcess commandSide;
    QuerySideInstance query;
    String maintenanceBatchId;
    JsonNode upheldAppeal;
    JsonNode pendingAppeal;

    @BeforeAll
    void startServicesAndRecordHistories() throws Exception {
        dataDir = Files.createTempDirectory("replay-end-to-end");
        commandSide = new CommandSideProcess(dataDir, dataDir.resolve("command-side.log"));
        query = QuerySideInstance.start(dataDir);

        open(MANUAL, "5000.00");
        borrow(MANUAL, "1200.00", 30);
        command("POST", "/api/accounts/" + MANUAL + "/freeze", """
                {"reasonCode":"MANUAL_REVIEW","note":"documents requested"}""", 200);

        open(MAINTENANCE, "3000.00");
        borrow(MAINTENANCE, "500.00", 30);
        JsonNode accepted = json.readTree(command("POST", "/api/maintenance-batches", """
                {"accountIds":["%s"],"action":"FREEZE","note":"core ledger migration"}""".formatted(MAINTENANCE), 202));
        maintenanceBatchId = accepted.get("batchId").asText();

        open(LIMIT_CUT, "5000.00");
        borrow(LIMIT_CUT, "3000.00", 30);
        command("PUT", "/api/accounts/" + LIMIT_CUT + "/credit-limit", """
                {"creditLimit":"2000.00","reasonCode":"MANUAL_REVIEW","note":"income not verified"}""", 200);

        open(EPISODES, "5000.00");
        borrow(EPISODES, "1000.00", 30);
        command("POST", "/api/accounts/" + EPISODES + "/freeze", """
                {"reasonCode":"MANUAL_REVIEW","note":"documents requested"}""", 200);
        command("POST", "/api/accounts/" + EPISODES + "/unfreeze", """
                {"reasonCode":"MANUAL_REVIEW","note":"documents received"}""", 200);
        command("PUT", "/api/accounts/" + EPISODES + "/credit-limit", """
                {"creditLimit":"500.00","reasonCode":"MANUAL_REVIEW","note":"income fell"}""", 200);
        repay(EPISODES, "100.00");

        open(TAMPERED, "5000.00");
        borrow(TAMPERED, "1000.00", 30);
        repay(TAMPERED, "200.00");
        borrow(TAMPERED, "300.00", 30);

        open(PARTIAL_REPAYMENTS, "5000.00");
        borrow(PARTIAL_REPAYMENTS, "1000.00", 30);
        repay(PARTIAL_REPAYMENTS, "100.00");
        repay(PARTIAL_REPAYMENTS, "100.00");

        open(VELOCITY, "10000.00");
        for (int i = 0; i < 5; i++) {
            borrow(VELOCITY, "100.00", 30);
        }

        open(APPEALED, "2000.00");
        command("POST", "/api/accounts/" + APPEALED + "/freeze", """
                {"reasonCode":"MANUAL_REVIEW","note":"identity check"}""", 200);
        upheldAppeal = json.readTree(command("POST", "/api/accounts/" + APPEALED + "/appeals",
                "{\"statement\":\"" + STATEMENT + "\"}", 201));
        command("POST", "/api/accounts/" + APPEALED + "/appeals/" + upheldAppeal.get("appealId").asText() + "/decision",
                """
                {"decision":"UPHOLD","note":"identity confirmed"}""", 200);
        open(APPEAL_PENDING, "2000.00");
        command("POST", "/api/accounts/" + APPEAL_PENDING + "/freeze", """
                {"reasonCode":"MANUAL_REVIEW","note":"identity check"}""", 200);
        pendingAppeal = json.readTree(command("POST", "/api/accounts/" + APPEAL_PENDING + "/appeals",
                "{\"statement\":\"" + STATEMENT + "\"}", 201));

        await().atMost(BOUND).until(() -> events(MAINTENANCE).size() == 3);
        for (String account : List.of(MANUAL, MAINTENANCE, LIMIT_CUT, EPISODES, TAMPERED, PARTIAL_REPAYMENTS, VELOCITY,
                APPEALED, APPEAL_PENDING)) {
            int version = events(account).size() - 1;
            query.as(Callers.OPS).get().uri("/api/accounts/" + account + "?minVersion=" + version).exchange()
                    .expectStatus().isOk();
        }
    }

    @AfterAll
    void stopServicesAndRemoveTheirData() throws Exception {
        if (query != null) {
            query.close();
        }
        if (commandSide != null) {
            commandSide.close();
        }
        try (var paths = Files.walk(dataDir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private String command(String method, String path, String body, int expectedStatus) throws Exception {
        HttpResponse<String> response = commandSide.send(method, path, body);
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(expectedStatus);
        return response.body();
    }

    private void open(String accountId, String limit) throws Exception {
        command("POST", "/api/accounts", """
                {"accountId":"%s","customerId":"cust-%s","currency":"CNY","creditLimit":"%s"}"""
                .formatted(accountId, accountId, limit), 201);
    }

    private void borrow(String accountId, String amount, int termDays) throws Exception {
        command("POST", "/api/accounts/" + accountId + "/borrowings",
                "{\"amount\":\"" + amount + "\",\"termDays\":" + termDays + "}", 201);
    }

    private void repay(String accountId, String amount) throws Exception {
        command("POST", "/api/accounts/" + accountId + "/repayments", "{\"amount\":\"" + amount + "\"}", 200);
    }

    /** The account's events as the event store holds them, in sequence order. */
    private List<AccountEvent> events(String accountId) {
        List<AccountEvent> events = new ArrayList<>();
        DomainEventStream stream = query.bean(EventStore.class).readEvents(accountId, 0);
        stream.asStream().forEach(m -> events.add((AccountEvent) m.getPayload()));
        return events;
    }

    private byte[] bytes(String authorization, String uri) {
        return query.as(authorization).get().uri(uri).exchange()
                .expectStatus().isOk()
                .expectBody(byte[].class).returnResult().getResponseBody();
    }

    private JsonNode get(String authorization, String uri) throws Exception {
        return json.readTree(bytes(authorization, uri));
    }

    private JsonNode explanation(String accountId) throws Exception {
        return get(Callers.AUDITOR, "/api/accounts/" + accountId + "/explanation");
    }

    @Nested
    class Explanations {

        @Test
        void aManualFreezeNamesWhoFrozeTheAccountWhyAndTheStateAroundIt() throws Exception {
            JsonNode explanation = explanation(MANUAL);

            assertThat(explanation.get("status").asText()).isEqualTo("FROZEN");
            assertThat(explanation.get("canBorrow").asBoolean()).isFalse();
            assertThat(explanation.get("asOfSequence").asLong()).isEqualTo(2);
            JsonNode restriction = explanation.get("restriction");
            assertThat(restriction.get("kind").asText()).isEqualTo("FREEZE");
            assertThat(restriction.get("reasonCode").asText()).isEqualTo("MANUAL_REVIEW");
            assertThat(restriction.get("eventSequence").asLong()).isEqualTo(2);
            assertThat(restriction.get("imposedAt").asText()).isEqualTo(events(MANUAL).get(2).occurredAt().toString());
            assertThat(restriction.get("imposedBy").asText()).isEqualTo("ops-dev");
            assertThat(restriction.get("solelyAutomated").asBoolean()).isFalse();
            assertThat(restriction.get("note").asText()).isEqualTo("documents requested");
            assertThat(restriction.get("evidence")).singleElement().satisfies(e -> {
                assertThat(e.get("sequence").asLong()).isEqualTo(2);
                assertThat(e.get("type").asText()).isEqualTo("AccountFrozen");
            });
            assertThat(restriction.at("/stateBefore/status").asText()).isEqualTo("ACTIVE");
            assertThat(restriction.at("/stateBefore/available").asText()).isEqualTo("3800.00");
            assertThat(restriction.at("/stateAfter/status").asText()).isEqualTo("FROZEN");
            assertThat(restriction.at("/stateAfter/outstanding").asText()).isEqualTo("1200.00");
            assertThat(restriction.at("/stateAfter/available").asText()).isEqualTo("0.00");
            assertThat(restriction.get("liftableBy").findValuesAsText("kind")).containsExactly("OPS_REVIEW", "APPEAL");
            assertThat(restriction.at("/narrative/en").asText()).contains("manual review").contains("ops-dev");
            assertThat(restriction.at("/narrative/zh").asText()).contains("人工审核");
            assertThat(explanation.get("narrative")).isEqualTo(restriction.get("narrative"));
        }

        @Test
        void aMaintenanceFreezeSaysTheCustomerDidNothingWrongInEnglishAndChinese() throws Exception {
            JsonNode explanation = explanation(MAINTENANCE);

            assertThat(explanation.get("canBorrow").asBoolean()).isFalse();
            JsonNode restriction = explanation.get("restriction");
            assertThat(restriction.get("kind").asText()).isEqualTo("FREEZE");
            assertThat(restriction.get("reasonCode").asText()).isEqualTo("SYSTEM_MAINTENANCE");
            assertThat(restriction.get("batchId").asText()).isEqualTo(maintenanceBatchId);
            assertThat(restriction.get("note").asText()).isEqualTo("core ledger migration");
            assertThat(restriction.get("liftableBy").findValuesAsText("kind")).contains("MAINTENANCE_END", "APPEAL");
            assertThat(restriction.at("/narrative/en").asText())
                    .contains("system maintenance")
                    .contains("not caused by anything you did");
            assertThat(restriction.at("/narrative/zh").asText())
                    .contains("系统维护")
                    .contains("这不是由您的任何行为造成的");
        }

        @Test
        void aLimitCutBelowOutstandingShowsTheLimitBeforeAndAfter() throws Exception {
            JsonNode explanation = explanation(LIMIT_CUT);

            assertThat(explanation.get("status").asText()).isEqualTo("ACTIVE");
            assertThat(explanation.get("canBorrow").asBoolean()).isFalse();
            assertThat(explanation.get("available").asText()).isEqualTo("0.00");
            JsonNode restriction = explanation.get("restriction");
            assertThat(restriction.get("kind").asText()).isEqualTo("LIMIT_CUT");
            assertThat(restriction.get("reasonCode").asText()).isEqualTo("MANUAL_REVIEW");
            assertThat(restriction.get("eventSequence").asLong()).isEqualTo(2);
            assertThat(restriction.at("/stateBefore/creditLimit").asText()).isEqualTo("5000.00");
            assertThat(restriction.at("/stateBefore/available").asText()).isEqualTo("2000.00");
            assertThat(restriction.at("/stateAfter/creditLimit").asText()).isEqualTo("2000.00");
            assertThat(restriction.at("/stateAfter/outstanding").asText()).isEqualTo("3000.00");
            assertThat(restriction.at("/stateAfter/available").asText()).isEqualTo("0.00");
            assertThat(restriction.at("/principalReasons/0/observed").asText()).isEqualTo("limit 5000.00 -> 2000.00");
            assertThat(restriction.at("/narrative/en").asText()).contains("cut from 5000.00 to 2000.00")
                    .contains("3000.00 outstanding");
            assertThat(restriction.at("/narrative/zh").asText()).contains("由5000.00调整为2000.00");
        }

        @Test
        void beforeTheFreezeTheAccountCouldBorrowAndNothingWasInForce() throws Exception {
            Instant borrowed = events(MANUAL).get(1).occurredAt();

            JsonNode explanation = get(Callers.AUDITOR, "/api/accounts/" + MANUAL + "/explanation?at=" + borrowed);

            assertThat(explanation.get("at").asText()).isEqualTo(borrowed.toString());
            assertThat(explanation.get("asOfSequence").asLong()).isEqualTo(1);
            assertThat(explanation.get("status").asText()).isEqualTo("ACTIVE");
            assertThat(explanation.get("canBorrow").asBoolean()).isTrue();
            assertThat(explanation.get("available").asText()).isEqualTo("3800.00");
            assertThat(explanation.get("restriction").isNull()).isTrue();
            assertThat(explanation.at("/narrative/en").asText()).contains("can borrow up to 3800.00");
        }
    }

    @Nested
    class Reproducibility {

        @Test
        void twoCallsGiveTheSameBytes() {
            for (String uri : explanationUris()) {
                assertThat(bytes(Callers.AUDITOR, uri)).as(uri).isEqualTo(bytes(Callers.AUDITOR, uri));
            }
        }

        @Test
        void aRebuildOfEveryProjectionChangesNoExplanation() {
            List<byte[]> before = explanationUris().stream().map(uri -> bytes(Callers.AUDITOR, uri)).toList();

            for (String name : Projections.ALL) {
                query.as(Callers.OPS).post().uri("/api/admin/projections/" + name + "/rebuild").exchange()
                        .expectStatus().isAccepted();
            }
            await().atMost(BOUND).untilAsserted(() -> query.as(Callers.OPS).get().uri("/api/admin/projections")
                    .exchange().expectStatus().isOk().expectBody()
                    .jsonPath("$.projections.length()").isEqualTo(Projections.ALL.size())
                    .jsonPath("$.projections[?(@.replaying == true)]").isEmpty()
                    .jsonPath("$.projections[?(@.lagEvents != 0)]").isEmpty());

            List<String> uris = explanationUris();
            for (int i = 0; i < uris.size(); i++) {
                assertThat(bytes(Callers.AUDITOR, uris.get(i))).as(uris.get(i)).isEqualTo(before.get(i));
            }
            query.as(Callers.OPS).get().uri("/api/accounts/" + MANUAL).exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.status").isEqualTo("FROZEN");
        }

        @Test
        void aRestartOfTheQuerySideChangesNoExplanation() {
            List<String> uris = explanationUris();
            List<byte[]> before = uris.stream().map(uri -> bytes(Callers.AUDITOR, uri)).toList();

            query.close();
            query = QuerySideInstance.start(dataDir);

            for (int i = 0; i < uris.size(); i++) {
                assertThat(bytes(Callers.AUDITOR, uris.get(i))).as(uris.get(i)).isEqualTo(before.get(i));
            }
            query.as(Callers.OPS).get().uri("/api/accounts/" + MANUAL + "?minVersion=2").exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("FROZEN");
        }

        private List<String> explanationUris() {
            Instant borrowed = events(MANUAL).get(1).occurredAt();
            List<String> uris = new ArrayList<>();
            for (String account : List.of(MANUAL, MAINTENANCE, LIMIT_CUT, EPISODES)) {
                uris.add("/api/accounts/" + account + "/explanation");
                uris.add("/api/accounts/" + account + "/restrictions");
            }
            uris.add("/api/accounts/" + MANUAL + "/explanation?at=" + borrowed);
            uris.add("/api/accounts/" + MANUAL + "/state?at=" + borrowed);
            return uris;
        }
    }

    @Nested
    class Integrity {

        @Test
        void anUntouchedAccountVerifiesAndItsHeadIsTheLastStoredLink() throws Exception {
            JsonNode integrity = get(Callers.AUDITOR, "/api/accounts/" + EPISODES + "/integrity");

            assertThat(integrity.get("verified").asBoolean()).isTrue();
            assertThat(integrity.get("events").asLong()).isEqualTo(events(EPISODES).size());
            assertThat(integrity.get("firstBrokenSequence").isNull()).isTrue();
            assertThat(integrity.get("headHash").asText()).isEqualTo(storedChainLink(EPISODES, events(EPISODES).size() - 1));
        }

        @Test
        void editingOneStoredEventBreaksTheChainExactlyThere() throws Exception {
            JsonNode before = get(Callers.AUDITOR, "/api/accounts/" + TAMPERED + "/integrity");
            assertThat(before.get("verified").asBoolean()).isTrue();

            editRepaymentAmount(TAMPERED, 2, "250.00");

            JsonNode after = get(Callers.AUDITOR, "/api/accounts/" + TAMPERED + "/integrity");
            assertThat(after.get("verified").asBoolean()).isFalse();
            assertThat(after.get("firstBrokenSequence").asLong()).isEqualTo(2);
            assertThat(after.get("events").asLong()).isEqualTo(4);
            assertThat(after.get("headHash").asText()).isNotEqualTo(before.get("headHash").asText());
        }

        /** Rewrites the amount inside one stored event's JSON payload, as someone with database access could. */
        private void editRepaymentAmount(String accountId, long sequence, String amount) throws Exception {
            try (Connection connection = DriverManager.getConnection(
                    EmbeddedEventStoreFiles.jdbcUrl(dataDir.toAbsolutePath()), "ledger", "")) {
                byte[] payload;
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT payload, payloadType FROM DomainEventEntry WHERE aggregateIdentifier = ? AND sequenceNumber = ?")) {
                    select.setString(1, accountId);
                    select.setLong(2, sequence);
                    try (ResultSet row = select.executeQuery()) {
                        assertThat(row.next()).isTrue();
                        assertThat(row.getString("payloadType")).endsWith("RepaymentReceived");
                        payload = row.getBytes("payload");
                    }
                }
                ObjectNode event = (ObjectNode) json.readTree(payload);
                ((ObjectNode) event.get("amount")).set("amount", new DecimalNode(new BigDecimal(amount)));
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE DomainEventEntry SET payload = ? WHERE aggregateIdentifier = ? AND sequenceNumber = ?")) {
                    update.setBytes(1, json.writeValueAsBytes(event));
                    update.setString(2, accountId);
                    update.setLong(3, sequence);
                    assertThat(update.executeUpdate()).isEqualTo(1);
                }
            }
        }

        private String storedChainLink(String accountId, long sequence) throws Exception {
            String export = new String(bytes(Callers.AUDITOR, "/api/accounts/" + accountId + "/audit-export"),
                    StandardCharsets.UTF_8);
            for (String line : export.split("\n")) {
                JsonNode record = json.readTree(line);
                if (record.get("record").asText().equals("event") && record.get("sequence").asLong() == sequence) {
                    return record.get("chainHash").asText();
                }
            }
            throw new AssertionError("no event " + sequence + " in the audit export of " + accountId);
        }
    }

    @Nested
    class Replay {

        @Test
        void theStateAfterEverySequenceIsTheFoldOfTheEventsUpToIt() throws Exception {
            for (String account : List.of(EPISODES, VELOCITY)) {
                List<AccountEvent> events = events(account);
                for (int n = 0; n < events.size(); n++) {
                    JsonNode state = get(Callers.AUDITOR, "/api/accounts/" + account + "/state?sequence=" + n);
                    assertEqualsFold(state, AccountFold.replay(account, events.subList(0, n + 1)), account + "@" + n);
                    assertThat(state.at("/asOf/sequence").asLong()).isEqualTo(n);
                    assertThat(state.at("/asOf/at").asText()).isEqualTo(events.get(n).occurredAt().toString());
                }
            }
        }

        @Test
        void theStateAtEveryInstantIsTheFoldOfTheEventsThatHadHappened() throws Exception {
            for (String account : List.of(EPISODES, VELOCITY)) {
                List<AccountEvent> events = events(account);
                for (AccountEvent event : events) {
                    Instant at = event.occurredAt();
                    List<AccountEvent> happened = events.stream().filter(e -> !e.occurredAt().isAfter(at)).toList();
                    JsonNode state = get(Callers.AUDITOR, "/api/accounts/" + account + "/state?at=" + at);
                    assertEqualsFold(state, AccountFold.replay(account, happened), account + "@" + at);
                    assertThat(state.at("/asOf/at").asText()).isEqualTo(at.toString());
                    assertThat(state.at("/asOf/sequence").asLong()).isEqualTo(happened.size() - 1);
                    // The same point asked for by its last sequence is the same answer, byte for byte.
                    assertThat(bytes(Callers.AUDITOR, "/api/accounts/" + account + "/state?sequence=" + (happened.size() - 1)))
                            .isEqualTo(bytes(Callers.AUDITOR, "/api/accounts/" + account + "/state?at=" + at));
                }
            }
        }

        @Test
        void betweenTwoEventsTheStateIsTheOneAfterTheEarlier() throws Exception {
            List<AccountEvent> events = events(EPISODES);
            Instant between = events.get(2).occurredAt().plus(
                    Duration.between(events.get(2).occurredAt(), events.get(3).occurredAt()).dividedBy(2));

            JsonNode state = get(Callers.AUDITOR, "/api/accounts/" + EPISODES + "/state?at=" + between);

            assertEqualsFold(state, AccountFold.replay(EPISODES, events.subList(0, 3)), "between 2 and 3");
            assertThat(state.get("status").asText()).isEqualTo("FROZEN");
        }

        @Test
        void beforeTheAccountWasOpenedThereIsNoState() {
            Instant before = events(EPISODES).get(0).occurredAt().minusSeconds(1);

            query.as(Callers.AUDITOR).get().uri("/api/accounts/" + EPISODES + "/state?at=" + before).exchange()
                    .expectStatus().isNotFound()
                    .expectBody().jsonPath("$.code").isEqualTo("ACCOUNT_NOT_FOUND");
        }

        @Test
        void restrictionEpisodesSayHowEachEnded() throws Exception {
            JsonNode episodes = get(Callers.AUDITOR, "/api/accounts/" + EPISODES + "/restrictions").get("episodes");

            assertThat(episodes).hasSize(2);
            assertThat(episodes.at("/0/explanation/kind").asText()).isEqualTo("FREEZE");
            assertThat(episodes.at("/0/explanation/eventSequence").asLong()).isEqualTo(2);
            assertThat(episodes.at("/0/ending/eventSequence").asLong()).isEqualTo(3);
            assertThat(episodes.at("/0/ending/type").asText()).isEqualTo("AccountUnfrozen");
            assertThat(episodes.at("/0/ending/note").asText()).isEqualTo("documents received");
            assertThat(episodes.at("/0/ending/endedBy").asText()).isEqualTo("ops-dev");
            assertThat(episodes.at("/1/explanation/kind").asText()).isEqualTo("LIMIT_CUT");
            assertThat(episodes.at("/1/explanation/eventSequence").asLong()).isEqualTo(4);
            assertThat(episodes.at("/1/ending").isNull()).isTrue();
        }

        @Test
        void theAuditExportHasEveryEventEveryEpisodeAndTheIntegrityHead() throws Exception {
            List<AccountEvent> events = events(EPISODES);
            var result = query.as(Callers.AUDITOR).get().uri("/api/accounts/" + EPISODES + "/audit-export")
                    .accept(MediaType.parseMediaType("application/x-ndjson")).exchange()
                    .expectStatus().isOk()
                    .expectHeader().contentTypeCompatibleWith(MediaType.parseMediaType("application/x-ndjson"))
                    .expectBody(String.class).returnResult().getResponseBody();
            List<JsonNode> lines = new ArrayList<>();
            for (String line : result.split("\n")) {
                lines.add(json.readTree(line));
            }

            assertThat(lines).hasSize(events.size() + 2 + 1);
            for (int i = 0; i < events.size(); i++) {
                assertThat(lines.get(i).get("record").asText()).isEqualTo("event");
                assertThat(lines.get(i).get("sequence").asLong()).isEqualTo(i);
                assertThat(lines.get(i).get("type").asText()).isEqualTo(events.get(i).getClass().getSimpleName());
            }
            assertThat(lines.get(events.size()).get("record").asText()).isEqualTo("restriction");
            assertThat(lines.get(events.size() + 1).get("record").asText()).isEqualTo("restriction");
            JsonNode integrity = lines.get(lines.size() - 1);
            assertThat(integrity.get("record").asText()).isEqualTo("integrity");
            assertThat(integrity.get("verified").asBoolean()).isTrue();
            assertThat(integrity.get("headHash").asText()).isEqualTo(lines.get(events.size() - 1).get("chainHash").asText());
        }

        private void assertEqualsFold(JsonNode state, AccountState folded, String where) {
            assertThat(state.get("status").asText()).as(where).isEqualTo(folded.status().name());
            assertThat(state.get("creditLimit").asText()).as(where).isEqualTo(folded.creditLimit().toPlainString());
            assertThat(state.get("outstanding").asText()).as(where).isEqualTo(folded.outstanding().toPlainString());
            assertThat(state.get("available").asText()).as(where).isEqualTo(folded.available().toPlainString());
            assertThat(state.get("version").asLong()).as(where).isEqualTo(folded.version());
            Restriction inForce = folded.restrictionInForce().orElse(null);
            if (inForce == null) {
                assertThat(state.get("restriction").isNull()).as(where).isTrue();
            } else {
                assertThat(state.at("/restriction/kind").asText()).as(where).isEqualTo(inForce.kind().name());
                assertThat(state.at("/restriction/reasonCode").asText()).as(where).isEqualTo(inForce.reasonCode().name());
                assertThat(state.at("/restriction/eventSequence").asLong()).as(where).isEqualTo(inForce.eventSequence());
            }
        }
    }

    @Nested
    class Erasure {

        static final String ERASED = "replay-erased";
        static final String WORDS = "my husband lost his job at the Hangzhou plant";

        @Test
        void textSealedByTheCommandSideIsReadHereUntilItsCustomerIsErasedAndNeverAfter() throws Exception {
            open(ERASED, "2000.00");
            command("POST", "/api/accounts/" + ERASED + "/freeze", """
                    {"reasonCode":"MANUAL_REVIEW","note":"called about the job loss"}""", 200);
            command("POST", "/api/accounts/" + ERASED + "/appeals", "{\"statement\":\"" + WORDS + "\"}", 201);
            query.as(Callers.OPS).get().uri("/api/accounts/" + ERASED + "/history?minVersion=2").exchange()
                    .expectStatus().isOk();
            String uri = "/api/accounts/" + ERASED;
            assertThat(new String(bytes(Callers.OPS, uri + "/history"), StandardCharsets.UTF_8)).contains(WORDS);
            JsonNode before = explanation(ERASED);
            assertThat(before.path("restriction").path("note").asText()).isEqualTo("called about the job loss");

            JsonNode erasure = json.readTree(command("POST", "/api/customers/cust-" + ERASED + "/erasure", "{}", 202));
            query.as(Callers.OPS).get().uri(uri + "/history?minVersion=3").exchange().expectStatus().isOk();

            assertThat(erasure.path("accounts").findValuesAsText("accountId")).containsExactly(ERASED);
            for (String read : List.of("/history", "/audit-export", "/explanation", "/restrictions")) {
                assertThat(new String(bytes(Callers.OPS, uri + read), StandardCharsets.UTF_8)).as(read)
                        .doesNotContain(WORDS).doesNotContain("job loss").doesNotContain("cipher");
            }
            assertThat(get(Callers.AUDITOR, uri + "/integrity").path("verified").asBoolean()).isTrue();
            JsonNode after = get(Callers.AUDITOR, uri + "/explanation?at=" + before.path("at").asText());
            assertThat(after.path("restriction").path("noteErased").asBoolean()).isTrue();
            assertThat(after.path("restriction").path("reasonCode")).isEqualTo(before.path("restriction").path("reasonCode"));
            assertThat(after.path("restriction").path("evidence")).isEqualTo(before.path("restriction").path("evidence"));
        }
    }

    @Nested
    class WhatIf {

        @Test
        void theStrictPolicyFreezesAfterTheSecondPartialEarlyRepaymentWhereTheActiveOneDidNot() throws Exception {
            List<AccountEvent> events = events(PARTIAL_REPAYMENTS);
            assertThat(events).extracting(e -> e.getClass().getSimpleName())
                    .containsExactly("AccountOpened", "FundsBorrowed", "RepaymentReceived", "RepaymentReceived");

            JsonNode report = get(Callers.AUDITOR, "/api/accounts/" + PARTIAL_REPAYMENTS + "/what-if?policyVersion=" + STRICT);

            assertThat(report.get("policyVersion").asText()).isEqualTo(STRICT);
            assertThat(report.get("decisionPoints").asInt()).isEqualTo(3);
            assertThat(report.get("differences")).singleElement().satisfies(d -> {
                assertThat(d.get("triggerSequence").asLong()).isEqualTo(3);
                assertThat(d.get("triggerType").asText()).isEqualTo("RepaymentReceived");
                assertThat(d.get("at").asText()).isEqualTo(events.get(3).occurredAt().toString());
                assertThat(d.get("recorded").isNull()).isTrue();
                assertThat(d.at("/underPolicy/policyVersion").asText()).isEqualTo(STRICT);
                assertThat(d.at("/underPolicy/ruleId").asText()).isEqualTo("EARLY_PARTIAL_REPAYMENT");
                assertThat(d.at("/underPolicy/effect").asText()).isEqualTo("FREEZE");
                assertThat(d.at("/underPolicy/reasonCode").asText()).isEqualTo("RISK_RULE");
            });
        }

        @Test
        void theStrictPolicyTripsAtTheThirdBorrowingAndAgreesWhereTheActiveOneFroze() throws Exception {
            List<AccountEvent> events = events(VELOCITY);
            assertThat(events).hasSize(7);
            assertThat(events.get(6).actor()).isEqualTo("risk-policy");

            JsonNode report = get(Callers.AUDITOR, "/api/accounts/" + VELOCITY + "/what-if?policyVersion=" + STRICT);

            assertThat(report.get("decisionPoints").asInt()).isEqualTo(5);
            assertThat(report.get("differences").findValuesAsText("triggerSequence")).containsExactly("3", "4");
            for (JsonNode difference : report.get("differences")) {
                assertThat(difference.get("triggerType").asText()).isEqualTo("FundsBorrowed");
                assertThat(difference.get("recorded").isNull()).isTrue();
                assertThat(difference.at("/underPolicy/ruleId").asText()).isEqualTo("BORROW_VELOCITY");
                assertThat(difference.at("/underPolicy/effect").asText()).isEqualTo("FREEZE");
            }
        }

        @Test
        void theActivePolicyReplayedOverItsOwnHistoryDiffersNowhere() throws Exception {
            for (String account : List.of(PARTIAL_REPAYMENTS, VELOCITY, EPISODES)) {
                JsonNode report = get(Callers.AUDITOR, "/api/accounts/" + account + "/what-if?policyVersion=2026-12");
                assertThat(report.get("differences")).as(account).isEmpty();
                assertThat(report.get("decisionPoints").asInt()).as(account).isPositive();
            }
        }

        @Test
        void anUnknownPolicyIsNotFound() {
            query.as(Callers.AUDITOR).get().uri("/api/accounts/" + VELOCITY + "/what-if?policyVersion=2099-01").exchange()
                    .expectStatus().isNotFound()
                    .expectBody().jsonPath("$.code").isEqualTo("UNKNOWN_POLICY");
        }
    }

    @Nested
    class Appeals {

        @Test
        void anUpheldAppealEndsTheFreezeItDisputed() throws Exception {
            JsonNode episodes = get(Callers.AUDITOR, "/api/accounts/" + APPEALED + "/restrictions").get("episodes");

            assertThat(episodes).singleElement().satisfies(episode -> {
                assertThat(episode.at("/explanation/eventSequence").asLong())
                        .isEqualTo(upheldAppeal.get("restrictionSequence").asLong());
                assertThat(episode.at("/ending/reasonCode").asText()).isEqualTo("APPEAL_UPHELD");
                assertThat(episode.at("/ending/note").asText()).isEqualTo("identity confirmed");
            });
            assertThat(explanation(APPEALED).get("canBorrow").asBoolean()).isTrue();
        }

        @Test
        void theQueueShowsTheCommandSidesAppealsWithoutTheStatement() throws Exception {
            JsonNode queue = await().atMost(BOUND).until(() -> get(Callers.OPS, "/api/appeals"),
                    page -> page.get("total").asInt() == 2 && page.findValuesAsText("status").contains("UPHELD"));

            String body = queue.toString();
            assertThat(body).doesNotContain(STATEMENT);
            JsonNode open = get(Callers.OPS, "/api/appeals?status=OPEN").get("items");
            assertThat(open).singleElement().satisfies(item -> {
                assertThat(item.get("accountId").asText()).isEqualTo(APPEAL_PENDING);
                assertThat(item.get("appealId").asText()).isEqualTo(pendingAppeal.get("appealId").asText());
                assertThat(item.get("dueBy").asText()).isEqualTo(pendingAppeal.get("dueBy").asText());
                assertThat(item.get("overdue").asBoolean()).isFalse();
            });
            JsonNode upheld = get(Callers.AUDITOR, "/api/appeals?status=UPHELD").get("items");
            assertThat(upheld).singleElement().satisfies(item -> {
                assertThat(item.get("accountId").asText()).isEqualTo(APPEALED);
                assertThat(item.get("decidedBy").asText()).isEqualTo("ops-dev");
                assertThat(item.get("decisionNote").asText()).isEqualTo("identity confirmed");
            });
            assertThat(get(Callers.OPS, "/api/appeals?status=OPEN&overdue=true").get("total").asInt()).isZero();
        }
    }

    @Nested
    class Access {

        @Test
        void aLenderMayReadAnAccountsExplanation() {
            query.as(Callers.LENDER).get().uri("/api/accounts/" + MANUAL + "/explanation").exchange()
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.restriction.reasonCode").isEqualTo("MANUAL_REVIEW");
        }

        @Test
        void anAuditorMayReadIntegrity() {
            query.as(Callers.AUDITOR).get().uri("/api/accounts/" + MANUAL + "/integrity").exchange()
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.verified").isEqualTo(true);
        }

        @Test
        void aLenderMayNotReadThePortfolio() {
            query.as(Callers.LENDER).get().uri("/api/portfolio").exchange().expectStatus().isForbidden();
        }

        @Test
        void noTokenIsUnauthorized() {
            WebTestClient anonymous = query.anonymous();
            anonymous.get().uri("/api/accounts/" + MANUAL + "/explanation").exchange().expectStatus().isUnauthorized();
            anonymous.get().uri("/api/accounts/" + MANUAL + "/integrity").exchange().expectStatus().isUnauthorized();
        }
    }
}
