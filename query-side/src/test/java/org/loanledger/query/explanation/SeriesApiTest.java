package org.loanledger.query.explanation;

import static org.loanledger.query.support.AccountEvents.borrowed;
import static org.loanledger.query.support.AccountEvents.frozen;
import static org.loanledger.query.support.AccountEvents.opened;
import static org.loanledger.query.support.AccountEvents.repaid;
import static org.loanledger.query.support.AccountEvents.unfrozen;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.loanledger.query.support.Callers;
import org.loanledger.query.support.EventStoreWriter;
import org.loanledger.query.support.QuerySideTest;
import org.loanledger.shared.account.ReasonCode;
import org.loanledger.support.eventstore.DurablePosition;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@code GET /api/accounts/{id}/series}: the figures after every event, for the console's timeline chart; and the
 * instants the replay endpoints of the same controller take ({@code /state?at=}, {@code /explanation?at=}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SeriesApiTest {

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        QuerySideTest.freshDataDir(registry);
    }

    @Autowired
    WebTestClient client;

    @Autowired
    EventStore eventStore;

    /** The serving process's durable position: the series and replay endpoints read only what it covers. */
    @Autowired
    DurablePosition durable;

    String account;

    @BeforeEach
    void account() {
        client = Callers.asOps(client).mutate().responseTimeout(Duration.ofSeconds(10)).build();
        account = "acc-series-" + UUID.randomUUID().toString().substring(0, 8);
        new EventStoreWriter(eventStore, durable).append(opened(account, "5000.00"),
                borrowed(account, "d-1", "1200.00", 1),
                repaid(account, "d-1", "200.00", "1000.00", 2),
                frozen(account, ReasonCode.MANUAL_REVIEW, 3),
                unfrozen(account, List.of(3L), 4));
    }

    @Nested
    class Figures {

        @Test
        void everyEventIsAPointWithTheFiguresItLeftBehind() {
            client.get().uri("/api/accounts/{id}/series", account).exchange()
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.accountId").isEqualTo(account)
                    .jsonPath("$.currency").isEqualTo("CNY")
                    .jsonPath("$.points.length()").isEqualTo(5)
                    .jsonPath("$.next").doesNotExist()
                    .jsonPath("$.points[0].sequence").isEqualTo(0)
                    .jsonPath("$.points[0].type").isEqualTo("AccountOpened")
                    .jsonPath("$.points[0].available").isEqualTo("5000.00")
                    .jsonPath("$.points[1].at").isEqualTo("2026-01-05T09:01:00Z")
                    .jsonPath("$.points[1].outstanding").isEqualTo("1200.00")
                    .jsonPath("$.points[1].available").isEqualTo("3800.00")
                    .jsonPath("$.points[2].outstanding").isEqualTo("1000.00")
                    .jsonPath("$.points[2].available").isEqualTo("4000.00")
                    .jsonPath("$.points[2].summary").isNotEmpty()
                    .jsonPath("$.points[3].status").isEqualTo("FROZEN")
                    .jsonPath("$.points[3].creditLimit").isEqualTo("5000.00")
                    .jsonPath("$.points[3].available").isEqualTo("0.00")
                    .jsonPath("$.points[3].restriction.reasonCode").isEqualTo("MANUAL_REVIEW")
                    .jsonPath("$.points[3].restriction.eventSequence").isEqualTo(3)
                    .jsonPath("$.points[4].status").isEqualTo("ACTIVE")
                    .jsonPath("$.points[4].restriction").doesNotExist()
                    .jsonPath("$.points[4].available").isEqualTo("4000.00");
        }
    }

    @Nested
    class Pages {

        @Test
        void aLimitedPageSaysWhereTheNextStarts() {
            client.get().uri("/api/accounts/{id}/series?limit=2", account).exchange()
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.points.length()").isEqualTo(2)
                    .jsonPath("$.points[1].sequence").isEqualTo(1)
                    .jsonPath("$.next").isEqualTo(1);
        }

        @Test
        void theNextPageContinuesWithTheFiguresFoldedSoFar() {
            client.get().uri("/api/accounts/{id}/series?after=2&limit=2", account).exchange()
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.points.length()").isEqualTo(2)
                    .jsonPath("$.points[0].sequence").isEqualTo(3)
                    .jsonPath("$.points[0].outstanding").isEqualTo("1000.00")
                    .jsonPath("$.points[1].sequence").isEqualTo(4)
                    .jsonPath("$.next").doesNotExist();
        }

        @Test
        void afterTheLastEventThereAreNoPoints() {
            client.get().uri("/api/accounts/{id}/series?after=4", account).exchange()
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.points.length()").isEqualTo(0)
                    .jsonPath("$.next").doesNotExist();
        }
    }

    @Nested
    class BadRequests {

        @Test
        void aLimitOverTheMaximumIsRefused() {
            client.get().uri("/api/accounts/{id}/series?limit=1001", account).exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        }

        @Test
        void aNegativeAfterIsRefused() {
            client.get().uri("/api/accounts/{id}/series?after=-2", account).exchange()
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        }

        @Test
        void anUnknownAccountIsNotFound() {
            client.get().uri("/api/accounts/acc-nobody/series").exchange()
                    .expectStatus().isNotFound()
                    .expectBody().jsonPath("$.code").isEqualTo("ACCOUNT_NOT_FOUND");
        }
    }

    @Nested
    class InstantsAsked {

        /** Between the borrowing (09:01) and the repayment (09:02) of the account's history. */
        static final String AFTER_THE_BORROWING = "2026-01-05T09:01:30Z";

        @Test
        void anIsoInstantInUtcOrWithAnOffsetIsTheSameInstant() {
            for (String at : List.of(AFTER_THE_BORROWING, "2026-01-05T10:01:30+01:00")) {
                client.get().uri(uri -> uri.path("/api/accounts/{id}/state").queryParam("at", "{at}").build(account, at))
                        .exchange()
                        .expectStatus().isOk()
                        .expectBody()
                        .jsonPath("$.outstanding").isEqualTo("1200.00")
                        .jsonPath("$.asOf.sequence").isEqualTo(1)
                        .jsonPath("$.asOf.at").isEqualTo(AFTER_THE_BORROWING);
            }
        }

        @Test
        void epochMillisecondsAnRfc1123DateOrBlanksAreRefusedNamingTheParameter() {
            long millis = java.time.Instant.parse(AFTER_THE_BORROWING).toEpochMilli();
            for (String endpoint : List.of("state", "explanation")) {
                for (String at : List.of(String.valueOf(millis), String.valueOf(millis / 1000),
                        "Mon, 5 Jan 2026 09:01:30 GMT", " " + AFTER_THE_BORROWING, AFTER_THE_BORROWING + "\u0000",
                        "2026-01-05")) {
                    client.get().uri(uri -> uri.path("/api/accounts/{id}/" + endpoint).queryParam("at", "{at}")
                                    .build(account, at))
                            .exchange()
                            .expectStatus().isBadRequest()
                            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                            .expectBody()
                            .jsonPath("$.code").isEqualTo("VALIDATION_FAILED")
                            .jsonPath("$.detail").isEqualTo(
                                    "parameter 'at' must be an ISO-8601 instant such as 2026-12-05T08:00:00Z");
                }
            }
        }
    }
}
