package org.loanledger.query.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.loanledger.query.support.AccountEvents.borrowed;
import static org.loanledger.query.support.AccountEvents.frozen;
import static org.loanledger.query.support.AccountEvents.opened;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doCallRealMethod;
import static org.mockito.Mockito.doThrow;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.loanledger.query.account.AccountLimitsStore;
import org.loanledger.query.support.EventStoreWriter;
import org.loanledger.query.support.QuerySideTest;
import org.loanledger.shared.account.AccountState;
import org.loanledger.shared.account.ReasonCode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.loanledger.query.support.Callers;
import org.springframework.test.web.reactive.server.WebTestClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProjectionAdminApiTest {

    private static final Duration BOUND = Duration.ofSeconds(20);

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        QuerySideTest.freshDataDir(registry);
    }

    @Autowired
    WebTestClient client;

    @Autowired
    EventStore eventStore;

    @Autowired
    ProjectionAdmin admin;

    @Autowired
    CoordinatorExecutors coordinatorExecutors;

    @MockitoSpyBean
    AccountLimitsStore accountLimits;

    EventStoreWriter writer;

    @BeforeEach
    void setUp() {
        writer = new EventStoreWriter(eventStore);
        client = Callers.asOps(client).mutate().responseTimeout(Duration.ofSeconds(30)).build();
    }

    private Optional<AccountState> limits(String accountId) {
        return accountLimits.find(accountId);
    }

    /** How many events the view has counted in its lag histogram. */
    private long counted(String projection) {
        return admin.statuses().stream().filter(status -> status.name().equals(projection)).findFirst()
                .orElseThrow().lagHistogram().counts().stream().mapToLong(Long::longValue).sum();
    }

    private void awaitCaughtUp() {
        await().atMost(BOUND).untilAsserted(() -> assertThat(admin.statuses())
                .allSatisfy(s -> assertThat(s.lagEvents()).isZero()));
    }

    @Test
    void everyProjectionsCoordinatorRunsOnAnExecutorThatShortensFullQueueWaits() {
        awaitCaughtUp();

        assertThat(Projections.ALL).allSatisfy(name ->
                assertThat(coordinatorExecutors.coordinationRuns(name)).as(name).isPositive());
    }

    @Nested
    class Listing {

        @Test
        void showsEveryProjectionWithPositionLagAndProgress() {
            writer.append(opened("acc-list-1", "100.00"), borrowed("acc-list-1", "d-1", "10.00", 1));
            awaitCaughtUp();

            client.get().uri("/api/admin/projections").exchange()
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.projections[*].name").value(names -> assertThat((List<String>) names)
                            .containsExactly("account-limits", "account-history", "restricted-accounts", "portfolio",
                                    "appeals"))
                    .jsonPath("$.projections[0].lagEvents").isEqualTo(0)
                    .jsonPath("$.projections[0].lagSeconds").isEqualTo(0.0)
                    .jsonPath("$.projections[0].replaying").isEqualTo(false)
                    .jsonPath("$.projections[0].progressPercent").isEqualTo(100.0)
                    .jsonPath("$.projections[0].running").isEqualTo(true);
        }

        @Test
        void countsEveryEventProjectedInTheLagHistogramOfItsView() {
            awaitCaughtUp();
            long before = counted("account-history");

            writer.append(opened("acc-list-3", "100.00"), borrowed("acc-list-3", "d-1", "10.00", 1));

            await().atMost(BOUND).untilAsserted(() -> assertThat(counted("account-history")).isEqualTo(before + 2));
            client.get().uri("/api/admin/projections").exchange()
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.projections[1].name").isEqualTo("account-history")
                    .jsonPath("$.projections[1].lagHistogram.upperBoundsMillis[0]").isEqualTo(5)
                    .jsonPath("$.projections[1].lagHistogram.upperBoundsMillis.length()")
                    .isEqualTo(ProjectionLag.UPPER_BOUNDS_MILLIS.length)
                    .jsonPath("$.projections[1].lagHistogram.counts.length()")
                    .isEqualTo(ProjectionLag.UPPER_BOUNDS_MILLIS.length + 1);
        }

        @Test
        void perAccountViewsRunInTwoSegmentsAndThePortfolioInOne() {
            writer.append(opened("acc-list-2", "100.00"));
            awaitCaughtUp();

            await().atMost(BOUND).untilAsserted(() -> assertThat(admin.statuses()).allSatisfy(status ->
                    assertThat(status.segments()).as(status.name())
                            .isEqualTo(status.name().equals("portfolio") ? 1 : 2)));
            client.get().uri("/api/admin/projections").exchange()
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.projections[?(@.name == 'account-limits')].segments").isEqualTo(List.of(2))
                    .jsonPath("$.projections[?(@.name == 'portfolio')].segments").isEqualTo(List.of(1));
        }

        @Test
        void anUnknownProjectionIsNotFound() {
            client.post().uri("/api/admin/projections/no-such-view/rebuild").exchange()
                    .expectStatus().isNotFound()
                    .expectBody().jsonPath("$.code").isEqualTo("PROJECTION_NOT_FOUND");
        }
    }

    @Nested
    class Rebuild {

        @Test
        void aRebuildYieldsTheSameViewsAndTheServiceKeepsAnswering() {
            for (int i = 0; i < 20; i++) {
                writer.append(opened("acc-rb-" + i, "1000.00"), borrowed("acc-rb-" + i, "d-" + i, "100.00", 1));
            }
            writer.append(frozen("acc-rb-3", ReasonCode.MANUAL_REVIEW, 2));
            awaitCaughtUp();
            Map<String, AccountState> before = new java.util.TreeMap<>();
            for (int i = 0; i < 20; i++) {
                before.put("acc-rb-" + i, limits("acc-rb-" + i).orElseThrow());
            }
            long countedBefore = counted("account-limits");

            client.post().uri("/api/admin/projections/account-limits/rebuild").exchange()
                    .expectStatus().isAccepted()
                    .expectBody().jsonPath("$.rebuilding").isEqualTo(true);
            client.get().uri("/api/admin/projections").exchange().expectStatus().isOk();

            await().atMost(BOUND).untilAsserted(() -> {
                var status = admin.statuses().get(0);
                assertThat(status.replaying()).isFalse();
                assertThat(status.lagEvents()).isZero();
                for (var entry : before.entrySet()) {
                    assertThat(limits(entry.getKey())).contains(entry.getValue());
                }
            });
            // Events projected again by the rebuild are not the stream's lag.
            assertThat(counted("account-limits")).isEqualTo(countedBefore);
        }
    }

    @Nested
    class DeadLetters {

        @Test
        void aPoisonedEventIsDeadLetteredLaterEventsFlowAndARetryAfterTheFixSucceeds() {
            doThrow(new IllegalStateException("poisoned for the test"))
                    .when(accountLimits).queryFields(argThat(s -> s != null && s.accountId().equals("acc-poison")));
            try {
                writer.append(opened("acc-poison", "500.00"), opened("acc-healthy", "700.00"),
                        borrowed("acc-poison", "d-p", "50.00", 1));

                await().atMost(BOUND).until(() -> admin.deadLetterCount("account-limits") == 2);
                writer.append(borrowed("acc-healthy", "d-h", "70.00", 1));
                await().atMost(BOUND).until(() -> accountLimits.version("acc-healthy") == 1);
                assertThat(limits("acc-poison")).isEmpty();

                client.get().uri("/api/admin/projections/account-limits/dead-letters").exchange()
                        .expectStatus().isOk()
                        .expectBody()
                        .jsonPath("$.total").isEqualTo(2)
                        .jsonPath("$.items[0].sequenceIdentifier").isEqualTo("acc-poison")
                        .jsonPath("$.items[0].aggregateSequence").isEqualTo(0)
                        .jsonPath("$.items[0].causeMessage").isEqualTo("poisoned for the test")
                        .jsonPath("$.items[1].aggregateSequence").isEqualTo(1);
            } finally {
                doCallRealMethod().when(accountLimits).queryFields(argThat(s -> true));
            }

            client.post().uri("/api/admin/projections/account-limits/dead-letters/retry").exchange()
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.retriedSequences").isEqualTo(1)
                    .jsonPath("$.remaining").isEqualTo(0);
            assertThat(accountLimits.version("acc-poison")).isEqualTo(1);
            assertThat(limits("acc-poison").orElseThrow().outstanding().toPlainString()).isEqualTo("50.00");
        }
    }
}
