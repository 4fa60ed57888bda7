package org.loanledger.command.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.loanledger.command.web.CommandApi.newAccountId;
import static org.loanledger.command.web.CommandApi.newKey;
import static org.loanledger.command.web.CommandApi.path;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.loanledger.command.web.CommandApi;
import org.loanledger.command.web.LedgerDataDirs;
import org.loanledger.command.web.RunningCommandSide;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.account.AccountFrozen;
import org.loanledger.shared.account.AppealFiled;
import org.loanledger.shared.account.PersonalDataErased;
import org.loanledger.shared.personal.PersonalText;
import org.loanledger.support.web.Problems;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** {@code POST /api/customers/{customerId}/erasure}: personal text sealed in storage, unreadable once erased. */
@RunningCommandSide
class ErasureApiTest {

    private static final Path DATA_DIR = LedgerDataDirs.fresh(ErasureApiTest.class);

    @DynamicPropertySource
    static void ledger(DynamicPropertyRegistry registry) {
        registry.add("ledger.data-dir", DATA_DIR::toString);
    }

    @Autowired
    WebTestClient webTestClient;

    @Autowired
    DataSource dataSource;

    @Autowired
    EventStore eventStore;

    CommandApi ops;
    String customerId;
    String note;
    String statement;

    @BeforeEach
    void customer() {
        ops = new CommandApi(webTestClient, dataSource);
        customerId = "cust-" + UUID.randomUUID();
        note = "called Ms Wang on 138-0000-" + UUID.randomUUID();
        statement = "I was in hospital, see my record " + UUID.randomUUID();
    }

    private String openFrozenAndAppealed() {
        String accountId = newAccountId();
        ops.post("/api/accounts", newKey(), """
                {"accountId":"%s","customerId":"%s","currency":"CNY","creditLimit":"1000.00"}"""
                .formatted(accountId, customerId)).expect(HttpStatus.CREATED);
        ops.post(path(accountId, "freeze"), newKey(), """
                {"reasonCode":"MANUAL_REVIEW","note":"%s"}""".formatted(note)).expect(HttpStatus.OK);
        ops.post(path(accountId, "appeals"), newKey(), """
                {"statement":"%s"}""".formatted(statement)).expect(HttpStatus.CREATED);
        return accountId;
    }

    private CommandApi.Reply erase(String customer, String key) {
        return ops.send(HttpMethod.POST, "/api/customers/" + customer + "/erasure", key, null, null);
    }

    private List<String> rawPayloads() {
        return new JdbcTemplate(dataSource).query("SELECT payload FROM DomainEventEntry",
                (rs, row) -> new String(rs.getBytes(1), StandardCharsets.UTF_8));
    }

    private List<AccountEvent> events(String accountId) {
        return eventStore.readEvents(accountId, 0).asStream().map(m -> (AccountEvent) m.getPayload()).toList();
    }

    private PersonalText noteOf(String accountId) {
        return events(accountId).stream().filter(AccountFrozen.class::isInstance).map(e -> ((AccountFrozen) e).note())
                .findFirst().orElseThrow();
    }

    private PersonalText statementOf(String accountId) {
        return events(accountId).stream().filter(AppealFiled.class::isInstance)
                .map(e -> ((AppealFiled) e).statement()).findFirst().orElseThrow();
    }

    @Nested
    class BeforeErasure {

        @Test
        void theStoredEventBytesHoldNoPersonalTextInClear() {
            openFrozenAndAppealed();

            assertThat(rawPayloads()).isNotEmpty().noneMatch(p -> p.contains(note) || p.contains(statement)
                    || p.contains("138-0000") || p.contains("hospital"));
        }

        @Test
        void eventsReadFromTheStoreShowTheText() {
            String accountId = openFrozenAndAppealed();

            assertThat(noteOf(accountId).text()).isEqualTo(note);
            assertThat(statementOf(accountId).text()).isEqualTo(statement);
        }
    }

    @Nested
    class Erasing {

        @Test
        void everyAccountOfTheCustomerRecordsTheErasureAndReadsAsErased() {
            String first = openFrozenAndAppealed();
            String closed = newAccountId();
            ops.post("/api/accounts", newKey(), """
                    {"accountId":"%s","customerId":"%s","currency":"CNY","creditLimit":"1000.00"}"""
                    .formatted(closed, customerId)).expect(HttpStatus.CREATED);
            ops.post(path(closed, "close"), newKey(), """
                    {"reasonCode":"CUSTOMER_REQUEST","note":"%s"}""".formatted(note)).expect(HttpStatus.OK);

            JsonNode erasure = erase(customerId, newKey()).expect(HttpStatus.ACCEPTED);

            assertThat(erasure.path("customerId").asText()).isEqualTo(customerId);
            assertThat(erasure.path("keysDeleted").asInt()).isEqualTo(1);
            assertThat(erasure.path("accounts").findValuesAsText("accountId")).containsExactly(first, closed);
            assertThat(noteOf(first).erased()).isTrue();
            assertThat(noteOf(first).text()).isNull();
            assertThat(statementOf(first).erased()).isTrue();
            for (String accountId : List.of(first, closed)) {
                AccountEvent last = events(accountId).get(events(accountId).size() - 1);
                assertThat(last).isInstanceOf(PersonalDataErased.class);
                assertThat(((PersonalDataErased) last).customerId()).isEqualTo(customerId);
            }
        }

        @Test
        void anotherCustomersTextStaysReadable() {
            String erasedAccount = openFrozenAndAppealed();
            String erasedCustomer = customerId;
            customerId = "cust-" + UUID.randomUUID();
            String keptAccount = openFrozenAndAppealed();

            erase(erasedCustomer, newKey()).expect(HttpStatus.ACCEPTED);

            assertThat(noteOf(erasedAccount).erased()).isTrue();
            assertThat(noteOf(keptAccount).text()).isEqualTo(note);
            assertThat(events(keptAccount)).noneMatch(PersonalDataErased.class::isInstance);
        }

        @Test
        void askingAgainIsSafeAndRecordsTheErasureAgain() {
            String accountId = openFrozenAndAppealed();
            erase(customerId, newKey()).expect(HttpStatus.ACCEPTED);
            long before = ops.storedEvents(accountId);

            JsonNode again = erase(customerId, newKey()).expect(HttpStatus.ACCEPTED);

            assertThat(again.path("keysDeleted").asInt()).isZero();
            assertThat(ops.storedEvents(accountId)).isEqualTo(before + 1);
            assertThat(noteOf(accountId).erased()).isTrue();
        }

        @Test
        void aRetryWithTheSameKeyRecordsNothingNew() {
            String accountId = openFrozenAndAppealed();
            String key = newKey();
            erase(customerId, key).expect(HttpStatus.ACCEPTED);
            long before = ops.storedEvents(accountId);

            erase(customerId, key).expect(HttpStatus.ACCEPTED);

            assertThat(ops.storedEvents(accountId)).isEqualTo(before);
        }
    }

    @Nested
    class Refused {

        @Test
        void anUnknownCustomerIsNotFoundAndNothingChanges() {
            String accountId = openFrozenAndAppealed();
            long before = ops.storedEvents();

            JsonNode problem = erase("cust-nobody-" + UUID.randomUUID(), newKey())
                    .expectProblem(HttpStatus.NOT_FOUND, "CUSTOMER_NOT_FOUND");

            assertThat(problem.path("customerId").asText()).startsWith("cust-nobody-");
            assertThat(ops.storedEvents()).isEqualTo(before);
            assertThat(noteOf(accountId).text()).isEqualTo(note);
        }

        @Test
        void withoutAnIdempotencyKeyNothingIsErased() {
            String accountId = openFrozenAndAppealed();

            erase(customerId, null).expectProblem(HttpStatus.BAD_REQUEST, Problems.VALIDATION_FAILED);

            assertThat(noteOf(accountId).text()).isEqualTo(note);
        }

        @Test
        void aRefusedNoteIsNotEchoedInTheProblem() {
            String accountId = openFrozenAndAppealed();
            String tooLong = "secret-" + "x".repeat(2000);

            CommandApi.Reply reply = ops.post(path(accountId, "unfreeze"), newKey(), """
                    {"reasonCode":"MANUAL_REVIEW","note":"%s"}""".formatted(tooLong));

            reply.expectProblem(HttpStatus.BAD_REQUEST, Problems.VALIDATION_FAILED);
            assertThat(reply.raw()).doesNotContain("secret-");
        }
    }
}
