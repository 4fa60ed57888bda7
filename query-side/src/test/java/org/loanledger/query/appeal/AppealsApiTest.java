package org.loanledger.query.appeal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.loanledger.query.support.AccountEvents.T0;
import static org.loanledger.query.support.AccountEvents.appealDecided;
import static org.loanledger.query.support.AccountEvents.appealFiled;
import static org.loanledger.query.support.AccountEvents.frozen;
import static org.loanledger.query.support.AccountEvents.opened;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.loanledger.query.support.Callers;
import org.loanledger.query.support.EventStoreWriter;
import org.loanledger.query.support.QuerySideTest;
import org.loanledger.query.support.SettableClock;
import org.loanledger.shared.account.AppealDecision;
import org.loanledger.shared.account.AppealFiled;
import org.loanledger.shared.account.ReasonCode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AppealsApiTest {

    private static final Duration BOUND = Duration.ofSeconds(20);

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        QuerySideTest.freshDataDir(registry);
    }

    @TestConfiguration
    static class FixedNow {
        @Bean
        @Primary
        SettableClock settableClock() {
            return new SettableClock(T0);
        }
    }

    @Autowired
    WebTestClient client;
    @Autowired
    EventStore eventStore;
    @Autowired
    SettableClock clock;
    @Autowired
    Clock injectedClock;

    AppealFiled early;
    AppealFiled late;

    /** Two open appeals (one due a day before the other) and one rejected, as the command side records them. */
    @BeforeAll
    void appeals() {
        EventStoreWriter writer = new EventStoreWriter(eventStore);
        early = appealFiled("acc-ap-1", "ap-1", 1, 2);
        late = appealFiled("acc-ap-2", "ap-2", 1, 2 + 24 * 60);
        writer.append(opened("acc-ap-1", "1000.00"), frozen("acc-ap-1", ReasonCode.RISK_RULE, 1), early);
        writer.append(opened("acc-ap-2", "1000.00"), frozen("acc-ap-2", ReasonCode.MANUAL_REVIEW, 1), late);
        writer.append(opened("acc-ap-3", "1000.00"), frozen("acc-ap-3", ReasonCode.MANUAL_REVIEW, 1),
                appealFiled("acc-ap-3", "ap-3", 1, 3),
                appealDecided("acc-ap-3", "ap-3", AppealDecision.REJECT, "documents still missing", 30));
        await().atMost(BOUND).untilAsserted(() -> Callers.asOps(client).get().uri("/api/appeals").exchange()
                .expectBody().jsonPath("$.total").isEqualTo(3)
                .jsonPath("$.items[?(@.appealId == 'ap-3')].status").isEqualTo(List.of("REJECTED")));
    }

    @BeforeEach
    void beforeAnyDeadline() {
        clock.set(T0);
    }

    private WebTestClient.ResponseSpec get(String token, String uri) {
        return client.get().uri(uri).header(HttpHeaders.AUTHORIZATION, token).exchange();
    }

    @Test
    void theServiceReadsNowFromTheInjectedClock() {
        assertThat(injectedClock).isSameAs(clock);
    }

    @Nested
    class Queue {

        @Test
        void listsEveryAppealWithItsDeadlineEarliestFirst() {
            get(Callers.OPS, "/api/appeals").expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.items[*].appealId").isEqualTo(List.of("ap-1", "ap-3", "ap-2"))
                    .jsonPath("$.items[0].accountId").isEqualTo("acc-ap-1")
                    .jsonPath("$.items[0].restrictionSequence").isEqualTo(1)
                    .jsonPath("$.items[0].status").isEqualTo("OPEN")
                    .jsonPath("$.items[0].filedAt").isEqualTo(early.occurredAt().toString())
                    .jsonPath("$.items[0].dueBy").isEqualTo(early.dueBy().toString())
                    .jsonPath("$.items[0].overdue").isEqualTo(false)
                    .jsonPath("$.items[0].decidedAt").doesNotExist()
                    .jsonPath("$.items[1].status").isEqualTo("REJECTED")
                    .jsonPath("$.items[1].decidedBy").isEqualTo("ops")
                    .jsonPath("$.items[1].decisionNote").isEqualTo("documents still missing")
                    .jsonPath("$.items[1].decidedAt").isEqualTo(T0.plusSeconds(30 * 60).toString())
                    .jsonPath("$.page").isEqualTo(0)
                    .jsonPath("$.size").isEqualTo(50)
                    .jsonPath("$.total").isEqualTo(3)
                    .jsonPath("$.asOf").isEqualTo(T0.toString());
        }

        @Test
        void openOverdueAppealsAreThoseWhoseDeadlineHasPassed() {
            get(Callers.OPS, "/api/appeals?status=OPEN&overdue=true").expectStatus().isOk()
                    .expectBody().jsonPath("$.total").isEqualTo(0);

            clock.set(early.dueBy().plusSeconds(1));

            get(Callers.OPS, "/api/appeals?status=OPEN&overdue=true").expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.items[*].appealId").isEqualTo(List.of("ap-1"))
                    .jsonPath("$.items[0].overdue").isEqualTo(true)
                    .jsonPath("$.total").isEqualTo(1);

            clock.set(late.dueBy().plusSeconds(1));

            get(Callers.OPS, "/api/appeals?status=OPEN&overdue=true").expectStatus().isOk()
                    .expectBody().jsonPath("$.items[*].appealId").isEqualTo(List.of("ap-1", "ap-2"));
        }

        @Test
        void pagesAreOrderedAndCounted() {
            get(Callers.OPS, "/api/appeals?page=1&size=2").expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.items[*].appealId").isEqualTo(List.of("ap-2"))
                    .jsonPath("$.total").isEqualTo(3);
        }

        @Test
        void theCustomersStatementIsNotListed() {
            String body = get(Callers.OPS, "/api/appeals").expectStatus().isOk()
                    .expectBody(String.class).returnResult().getResponseBody();

            assertThat(body).contains("ap-1").doesNotContain(early.statement().text()).doesNotContain("statement");
        }

        @Test
        void anUnknownStatusOrABadPageIsRefused() {
            get(Callers.OPS, "/api/appeals?status=PENDING").expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
            get(Callers.OPS, "/api/appeals?size=0").expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
            get(Callers.OPS, "/api/appeals?page=-1").expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        }

        @Test
        void theAppealsProjectionIsListedWithTheOthers() {
            get(Callers.OPS, "/api/admin/projections").expectStatus().isOk()
                    .expectBody().jsonPath("$.projections[?(@.name == 'appeals')].running").isEqualTo(List.of(true));
        }
    }

    @Nested
    class Access {

        @Test
        void auditorsMayReadTheQueue() {
            get(Callers.AUDITOR, "/api/appeals?status=OPEN").expectStatus().isOk()
                    .expectBody().jsonPath("$.total").isEqualTo(2);
        }

        @Test
        void lendersMayNot() {
            get(Callers.LENDER, "/api/appeals").expectStatus().isForbidden();
        }

        @Test
        void anonymousCallersAreUnauthorized() {
            client.get().uri("/api/appeals").exchange().expectStatus().isUnauthorized();
        }
    }
}
