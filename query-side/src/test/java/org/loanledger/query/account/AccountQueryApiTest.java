package org.loanledger.query.account;

import static org.loanledger.query.support.AccountEvents.borrowed;
import static org.loanledger.query.support.AccountEvents.frozen;
import static org.loanledger.query.support.AccountEvents.opened;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.loanledger.query.support.EventStoreWriter;
import org.loanledger.query.support.QuerySideTest;
import org.loanledger.shared.account.ReasonCode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.loanledger.query.support.Callers;
import org.springframework.test.web.reactive.server.WebTestClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "ledger.query.min-version-wait=500ms")
class AccountQueryApiTest {

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        QuerySideTest.freshDataDir(registry);
    }

    @Autowired
    WebTestClient client;

    @Autowired
    EventStore eventStore;

    EventStoreWriter writer;

    @BeforeEach
    void setUp() {
        writer = new EventStoreWriter(eventStore);
        client = Callers.asOps(client).mutate().responseTimeout(Duration.ofSeconds(10)).build();
    }

    @Nested
    class AccountView {

        @Test
        void showsLimitsRestrictionAndOpenDrawdownsOnceCaughtUp() {
            writer.append(opened("acc-view-1", "5000.00"), borrowed("acc-view-1", "d-1", "1200.50", 1),
                    frozen("acc-view-1", ReasonCode.RISK_RULE, 2));

            client.get().uri("/api/accounts/acc-view-1?minVersion=2").exchange()
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.accountId").isEqualTo("acc-view-1")
                    .jsonPath("$.status").isEqualTo("FROZEN")
                    .jsonPath("$.creditLimit").isEqualTo("5000.00")
                    .jsonPath("$.outstanding").isEqualTo("1200.50")
                    .jsonPath("$.available").isEqualTo("0.00")
                    .jsonPath("$.version").isEqualTo(2)
                    .jsonPath("$.restriction.kind").isEqualTo("FREEZE")
                    .jsonPath("$.restriction.reasonCode").isEqualTo("RISK_RULE")
                    .jsonPath("$.restriction.eventSequence").isEqualTo(2)
                    .jsonPath("$.drawdowns[0].drawdownId").isEqualTo("d-1")
                    .jsonPath("$.drawdowns[0].outstanding").isEqualTo("1200.50")
                    .jsonPath("$.updatedAt").isEqualTo("2026-01-05T09:02:00Z");
        }

        @Test
        void unknownAccountIsNotFound() {
            client.get().uri("/api/accounts/acc-nobody").exchange()
                    .expectStatus().isNotFound()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.code").isEqualTo("ACCOUNT_NOT_FOUND");
        }

        @Test
        void malformedAccountIdIsRefused() {
            client.get().uri("/api/accounts/has space").exchange()
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        }
    }

    @Nested
    class MinVersion {

        @Test
        void aVersionTheLedgerHasNotReachedRunsOutAsStaleView() {
            writer.append(opened("acc-stale-1", "100.00"));

            client.get().uri("/api/accounts/acc-stale-1?minVersion=5").exchange()
                    .expectStatus().isEqualTo(409)
                    .expectBody()
                    .jsonPath("$.code").isEqualTo("STALE_VIEW")
                    .jsonPath("$.minVersion").isEqualTo(5)
                    .jsonPath("$.viewVersion").isEqualTo(0);
        }

        @Test
        void negativeMinVersionIsRefused() {
            client.get().uri("/api/accounts/acc-any?minVersion=-1").exchange()
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        }
    }
}
