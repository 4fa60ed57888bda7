package org.loanledger.query.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.loanledger.query.support.AccountEvents.T0;
import static org.loanledger.query.support.AccountEvents.borrowed;
import static org.loanledger.query.support.AccountEvents.opened;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.loanledger.query.appeal.AppealsStore;
import org.loanledger.query.history.AccountHistoryStore;
import org.loanledger.query.projection.ProjectionAdmin;
import org.loanledger.query.projection.Projections;
import org.loanledger.query.support.Callers;
import org.loanledger.query.support.EventStoreWriter;
import org.loanledger.query.support.QuerySideTest;
import org.loanledger.shared.account.AccountFrozen;
import org.loanledger.shared.account.AppealDecided;
import org.loanledger.shared.account.AppealDecision;
import org.loanledger.shared.account.AppealFiled;
import org.loanledger.shared.account.PersonalDataErased;
import org.loanledger.shared.account.ReasonCode;
import org.loanledger.shared.personal.PersonalKeys;
import org.loanledger.shared.personal.PersonalText;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Personal text on the read side: every read shows it until the customer's data is erased, and none shows it after,
 * views rebuilt later included, while explanations, amounts, reason codes and the hash chain stay as they were.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PersonalDataErasureApiTest {

    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        QuerySideTest.freshDataDir(registry);
    }

    @Autowired
    WebTestClient webTestClient;
    @Autowired
    EventStore eventStore;
    @Autowired
    PersonalKeys personalKeys;
    @Autowired
    DataSource eventStoreDataSource;
    @Autowired
    MongoDatabase viewDatabase;
    @Autowired
    ProjectionAdmin admin;

    WebTestClient client;
    EventStoreWriter writer;
    String accountId;
    String customerId;
    String note;
    String statement;
    String decisionNote;
    /** When the last event before the erasure happened: explanations are compared as of then. */
    Instant beforeErasure;

    @BeforeEach
    void anAccountFrozenAppealedAndRejected() {
        client = Callers.asOps(webTestClient.mutate().responseTimeout(BOUND).build());
        writer = new EventStoreWriter(eventStore);
        accountId = "acc-er-" + UUID.randomUUID();
        customerId = "cust-" + accountId;
        note = "spoke to Mr Li at 13900001111 " + UUID.randomUUID();
        statement = "my wife was ill, hospital record " + UUID.randomUUID();
        decisionNote = "Mr Li's documents are forged " + UUID.randomUUID();
        beforeErasure = T0.plusSeconds(600);
        writer.append(opened(accountId, "5000.00"), borrowed(accountId, "d-1", "1000.00", 1),
                new AccountFrozen(accountId, ReasonCode.MANUAL_REVIEW, PersonalText.of(customerId, note),
                        T0.plusSeconds(180), "ops", "f-" + accountId),
                new AppealFiled(accountId, "ap-3", 2, PersonalText.of(customerId, statement),
                        T0.plusSeconds(240 + 72 * 3600), T0.plusSeconds(240), "lender", "a-" + accountId),
                new AppealDecided(accountId, "ap-3", AppealDecision.REJECT, PersonalText.of(customerId, decisionNote),
                        beforeErasure, "ops", "d-" + accountId));
        awaitHistory(4);
    }

    private void erase() {
        assertThat(personalKeys.erase(customerId)).isEqualTo(1);
        writer.append(new PersonalDataErased(accountId, customerId, beforeErasure.plusSeconds(60), "ops", "e-" + accountId));
        awaitHistory(5);
    }

    private void awaitHistory(long sequence) {
        await().atMost(BOUND).untilAsserted(() -> assertThat(get("/api/accounts/" + accountId + "/history?minVersion="
                + sequence).path("items").size()).isEqualTo((int) sequence + 1));
        await().atMost(BOUND).untilAsserted(() -> assertThat(appeal().path("status").asText()).isEqualTo("REJECTED"));
    }

    private String raw(String uri) {
        return client.get().uri(uri).exchange().expectStatus().isOk().expectBody(String.class).returnResult()
                .getResponseBody();
    }

    private JsonNode get(String uri) throws Exception {
        return JSON.readTree(raw(uri));
    }

    private JsonNode history(String type) throws Exception {
        for (JsonNode item : get("/api/accounts/" + accountId + "/history").path("items")) {
            if (item.path("type").asText().equals(type)) {
                return item;
            }
        }
        throw new AssertionError("no " + type + " in the history of " + accountId);
    }

    private JsonNode appeal() throws Exception {
        for (JsonNode item : get("/api/appeals?size=500").path("items")) {
            if (item.path("accountId").asText().equals(accountId)) {
                return item;
            }
        }
        return JSON.createObjectNode();
    }

    private JsonNode explanation() throws Exception {
        return get("/api/accounts/" + accountId + "/explanation?at=" + beforeErasure);
    }

    /** Everything a reader can see of the account, as one text. */
    private String everyRead() throws Exception {
        String base = "/api/accounts/" + accountId;
        return String.join("\n", raw(base + "/history"), raw("/api/appeals?size=500"), raw(base + "/audit-export"),
                raw(base + "/explanation?at=" + beforeErasure), raw(base + "/restrictions"), raw(base),
                raw(base + "/state"));
    }

    private List<String> personalTexts() {
        return List.of(note, statement, decisionNote);
    }

    @Nested
    class BeforeErasure {

        @Test
        void theStoredEventsAndViewsHoldNoPersonalTextInClear() {
            List<String> stored = new JdbcTemplate(eventStoreDataSource).query(
                    "SELECT payload FROM DomainEventEntry WHERE aggregateIdentifier = ?",
                    (rs, row) -> new String(rs.getBytes(1), StandardCharsets.UTF_8), accountId);
            List<String> views = new ArrayList<>();
            viewDatabase.getCollection(AccountHistoryStore.COLLECTION).find().forEach(d -> views.add(d.toJson()));
            viewDatabase.getCollection(AppealsStore.COLLECTION).find().forEach(d -> views.add(d.toJson()));

            assertThat(stored).hasSize(5);
            for (String text : personalTexts()) {
                assertThat(stored).noneMatch(p -> p.contains(text));
                assertThat(views).isNotEmpty().noneMatch(v -> v.contains(text));
            }
            assertThat(String.join("", stored)).doesNotContain("13900001111").doesNotContain("hospital");
        }

        @Test
        void everyReadShowsTheText() throws Exception {
            assertThat(history("AccountFrozen").path("note").asText()).isEqualTo(note);
            assertThat(history("AppealFiled").path("statement").asText()).isEqualTo(statement);
            assertThat(appeal().path("decisionNote").asText()).isEqualTo(decisionNote);
            assertThat(explanation().path("restriction").path("note").asText()).isEqualTo(note);
            assertThat(raw("/api/accounts/" + accountId + "/audit-export")).contains(note, statement, decisionNote);
        }
    }

    @Nested
    class AfterErasure {

        @Test
        void noReadShowsTheTextNorItsCiphertext() throws Exception {
            erase();

            String everything = everyRead();
            for (String text : personalTexts()) {
                assertThat(everything).doesNotContain(text);
            }
            assertThat(everything).doesNotContain("\"cipher\"").doesNotContain("\"sealed\"");
            JsonNode frozen = history("AccountFrozen");
            assertThat(frozen.path("note").isNull()).isTrue();
            assertThat(frozen.path("erasedFields").toString()).isEqualTo("[\"note\"]");
            assertThat(history("AppealFiled").path("statement").isNull()).isTrue();
            assertThat(history("PersonalDataErased").path("summary").asText()).contains("erased");
            JsonNode decided = appeal();
            assertThat(decided.path("decisionNote").isNull()).isTrue();
            assertThat(decided.path("decisionNoteErased").asBoolean()).isTrue();
            assertThat(decided.path("status").asText()).isEqualTo("REJECTED");
        }

        @Test
        void theExplanationIsUnchangedApartFromTheErasedNote() throws Exception {
            JsonNode before = explanation();

            erase();
            JsonNode after = explanation();

            ObjectNode expected = before.deepCopy();
            ((ObjectNode) expected.get("restriction")).putNull("note");
            ((ObjectNode) expected.get("restriction")).put("noteErased", true);
            assertThat(after).isEqualTo(expected);
            assertThat(after.path("restriction").path("reasonCode").asText()).isEqualTo("MANUAL_REVIEW");
            assertThat(after.path("restriction").path("evidence")).isNotEmpty();
        }

        @Test
        void theHashChainStillVerifies() throws Exception {
            JsonNode before = get("/api/accounts/" + accountId + "/integrity");

            erase();
            JsonNode after = get("/api/accounts/" + accountId + "/integrity");

            assertThat(before.path("verified").asBoolean()).isTrue();
            assertThat(after.path("verified").asBoolean()).isTrue();
            assertThat(after.path("events").asLong()).isEqualTo(6);
            assertThat(raw("/api/accounts/" + accountId + "/audit-export"))
                    .contains("\"record\":\"integrity\",\"verified\":true");
        }

        @Test
        void viewsRebuiltLaterShowItErasedToo() throws Exception {
            erase();

            for (String view : List.of(Projections.ACCOUNT_HISTORY, Projections.APPEALS)) {
                client.post().uri("/api/admin/projections/" + view + "/rebuild").exchange().expectStatus().isAccepted();
            }
            await().atMost(BOUND).untilAsserted(() -> {
                assertThat(admin.statuses()).allSatisfy(s -> assertThat(s.replaying()).as(s.name()).isFalse());
                assertThat(get("/api/accounts/" + accountId + "/history").path("items").size()).isEqualTo(6);
                assertThat(history("AccountFrozen").path("note").isNull()).isTrue();
                assertThat(appeal().path("decisionNoteErased").asBoolean()).isTrue();
            });
            String everything = everyRead();
            for (String text : personalTexts()) {
                assertThat(everything).doesNotContain(text);
            }
            List<Document> history = viewDatabase.getCollection(AccountHistoryStore.COLLECTION).find().into(new ArrayList<>());
            assertThat(history).isNotEmpty();
        }
    }
}
