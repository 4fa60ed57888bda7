package org.loanledger.command.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.loanledger.command.web.CommandApi.amount;
import static org.loanledger.command.web.CommandApi.newAccountId;
import static org.loanledger.command.web.CommandApi.newKey;
import static org.loanledger.command.web.CommandApi.path;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.loanledger.command.deadline.DeadlineSweeper;
import org.loanledger.command.web.CommandApi;
import org.loanledger.command.web.MovableClock;
import org.loanledger.command.web.RunningUnderRiskPolicy;
import org.loanledger.command.web.StoredAccounts;
import org.loanledger.shared.account.AccountFrozen;
import org.loanledger.shared.account.AccountStatus;
import org.loanledger.shared.account.AccountUnfrozen;
import org.loanledger.shared.account.Actors;
import org.loanledger.shared.account.CreditLimitChanged;
import org.loanledger.shared.account.PrincipalReason;
import org.loanledger.shared.account.ReasonCode;
import org.loanledger.shared.account.RiskDecision;
import org.loanledger.shared.risk.RiskPolicy;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The risk policy {@code 2026-11} as a client meets it: the article's two cases told over HTTP, and the intake of
 * scores and signals, with what each request recorded read back from the store.
 */
@RunningUnderRiskPolicy
class RiskPolicyApiTest {

    private static final String LENDER_TOKEN = "lender-dev-token";

    @Autowired
    WebTestClient webTestClient;

    @Autowired
    DataSource dataSource;

    @Autowired
    EventStore eventStore;

    @Autowired
    MovableClock clock;

    @Autowired
    DeadlineSweeper sweeper;

    CommandApi api;
    StoredAccounts stored;
    String accountId;

    @BeforeEach
    void client() {
        api = new CommandApi(webTestClient, dataSource);
        stored = new StoredAccounts(eventStore);
        accountId = newAccountId();
    }

    private CommandApi.Reply borrow(String accountId, String amount) {
        return api.post(path(accountId, "borrowings"), newKey(), """
                {"amount":"%s","termDays":30}""".formatted(amount));
    }

    private JsonNode repay(String accountId, String amount, String key) {
        return api.post(path(accountId, "repayments"), key, """
                {"amount":"%s"}""".formatted(amount)).expect(HttpStatus.OK);
    }

    /** Borrowing refused because the account is frozen, with the freeze's reason code and sequence. */
    private JsonNode borrowingRefusedAsFrozen(String accountId, String reasonCode, long freezeSequence) {
        JsonNode problem = api.refused(HttpStatus.CONFLICT, "ACCOUNT_FROZEN", () -> borrow(accountId, "50.00"));
        assertThat(problem.path("accountStatus").asText()).isEqualTo("FROZEN");
        assertThat(problem.path("reasonCode").asText()).isEqualTo(reasonCode);
        assertThat(problem.path("eventSequence").asText()).isEqualTo(Long.toString(freezeSequence));
        return problem;
    }

    private static void assertDecision(RiskDecision decision, String ruleId, String observedAndThreshold,
                                       String window, Instant coolOffUntil, Long... evidence) {
        assertThat(decision.policyVersion()).isEqualTo("2026-11");
        assertThat(decision.ruleId()).isEqualTo(ruleId);
        assertThat(decision.evidenceSequences()).containsExactly(evidence);
        assertThat(decision.window()).isEqualTo(window);
        assertThat(decision.coolOffUntil()).isEqualTo(coolOffUntil);
        assertThat(decision.principalReasons()).extracting(PrincipalReason::code, PrincipalReason::observed,
                        PrincipalReason::threshold)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ruleId, observedAndThreshold, observedAndThreshold));
    }

    /** Case A: a customer repaid early, in part, three times within 30 days. */
    @Nested
    class CaseA {

        private String thirdRepaymentKey;
        private Instant frozenAt;

        /** Opens the account, borrows once and repays part of it early three times; the third trips the rule. */
        private JsonNode repayEarlyInPartThreeTimes() {
            api.open(accountId, "5000.00");
            borrow(accountId, "3000.00").expect(HttpStatus.CREATED);
            repay(accountId, "100.00", newKey());
            clock.advance(Duration.ofDays(3));
            repay(accountId, "100.00", newKey());
            clock.advance(Duration.ofDays(3));
            thirdRepaymentKey = newKey();
            frozenAt = clock.instant();
            return repay(accountId, "100.00", thirdRepaymentKey);
        }

        @Test
        void theThirdPartialEarlyRepaymentFreezesTheAccountWithTheThreeRepaymentsAsEvidence() {
            JsonNode third = repayEarlyInPartThreeTimes();

            assertThat(third.path("partialEarly").asBoolean()).isTrue();
            assertThat(amount(third, "outstanding")).isEqualTo("2700.00");
            assertThat(amount(third, "available")).as("frozen in the same request").isEqualTo("0.00");
            assertThat(third.path("version").asLong()).isEqualTo(5);
            AccountFrozen frozen = stored.event(accountId, 5, AccountFrozen.class);
            assertThat(frozen.reasonCode()).isEqualTo(ReasonCode.RISK_RULE);
            assertThat(frozen.actor()).isEqualTo(Actors.RISK_POLICY);
            assertThat(frozen.requestId()).as("the request that tripped the rule").isEqualTo(thirdRepaymentKey);
            assertThat(frozen.occurredAt()).isEqualTo(frozenAt);
            assertDecision(frozen.decision(), RiskPolicy.EARLY_PARTIAL_REPAYMENT, "3 in 30 days", "30 days",
                    frozenAt.plus(Duration.ofDays(7)), 2L, 3L, 4L);
        }

        @Test
        void borrowingIsRefusedAsFrozenByTheRiskRule() {
            repayEarlyInPartThreeTimes();

            borrowingRefusedAsFrozen(accountId, "RISK_RULE", 5);
        }

        @Test
        void aRepaymentIsStillAcceptedWhileFrozenAndDoesNotFreezeAgain() {
            repayEarlyInPartThreeTimes();

            JsonNode fourth = repay(accountId, "100.00", newKey());

            assertThat(fourth.path("version").asLong()).isEqualTo(6);
            assertThat(stored.state(accountId).restrictions()).hasSize(1);
        }

        @Test
        void sevenDaysLaterTheFreezeLiftsWithTheCoolOffElapsed() {
            repayEarlyInPartThreeTimes();
            Instant liftsAt = frozenAt.plus(Duration.ofDays(7));

            clock.advanceTo(liftsAt.minusSeconds(1));
            sweeper.sweepOnce();
            borrowingRefusedAsFrozen(accountId, "RISK_RULE", 5);

            clock.advanceTo(liftsAt);
            assertThat(sweeper.sweepOnce()).isPositive();

            AccountUnfrozen lifted = stored.event(accountId, 6, AccountUnfrozen.class);
            assertThat(lifted.reasonCode()).isEqualTo(ReasonCode.COOL_OFF_ELAPSED);
            assertThat(lifted.actor()).isEqualTo(Actors.LEDGER);
            assertThat(lifted.liftedRestrictions()).containsExactly(5L);
            assertThat(lifted.occurredAt()).isEqualTo(liftsAt);
            JsonNode borrowed = borrow(accountId, "50.00").expect(HttpStatus.CREATED);
            assertThat(borrowed.path("version").asLong()).isEqualTo(7);
        }
    }

    /** Case B: a system switchover froze accounts; the customers did nothing. */
    @Nested
    class CaseB {

        @Test
        void aMaintenanceBatchFreezesForSystemMaintenanceAndItsLiftRestoresBorrowing() {
            List<String> accounts = IntStream.range(0, 3).mapToObj(i -> newAccountId()).toList();
            for (String account : accounts) {
                api.open(account, "2000.00");
                borrow(account, "500.00").expect(HttpStatus.CREATED);
            }
            String batchId = "mb-switchover-" + UUID.randomUUID().toString().substring(0, 8);

            JsonNode accepted = api.submitBatch(batchId, "FREEZE", accounts, "switching to the new core ledger");
            assertThat(accepted.path("batchId").asText()).isEqualTo(batchId);
            assertThat(accepted.path("accounts").asInt()).isEqualTo(3);
            JsonNode progress = api.awaitBatch(batchId);
            assertThat(progress.path("applied").asInt()).isEqualTo(3);
            assertThat(progress.path("refused").isEmpty()).isTrue();

            for (String account : accounts) {
                borrowingRefusedAsFrozen(account, "SYSTEM_MAINTENANCE", 2);
                AccountFrozen frozen = stored.event(account, 2, AccountFrozen.class);
                assertThat(frozen.batchId()).isEqualTo(batchId);
                assertThat(frozen.reasonCode().attributableToCustomer()).as("not the customer's doing").isFalse();
                repay(account, "100.00", newKey());
            }

            api.submitBatch(batchId, "LIFT", accounts, "switchover complete");
            assertThat(api.awaitBatch(batchId).path("applied").asInt()).isEqualTo(3);

            for (String account : accounts) {
                AccountUnfrozen lifted = stored.event(account, 4, AccountUnfrozen.class);
                assertThat(lifted.reasonCode()).isEqualTo(ReasonCode.MAINTENANCE_ENDED);
                assertThat(lifted.batchId()).isEqualTo(batchId);
                assertThat(lifted.liftedRestrictions()).containsExactly(2L);
                JsonNode borrowed = borrow(account, "50.00").expect(HttpStatus.CREATED);
                assertThat(amount(borrowed, "available")).isEqualTo("1550.00");
            }
        }
    }

    @Nested
    class BorrowVelocity {

        @Test
        void theFifthBorrowingWithinADayFreezesTheAccountForThreeDays() {
            api.open(accountId, "5000.00");
            for (int i = 0; i < 4; i++) {
                borrow(accountId, "100.00").expect(HttpStatus.CREATED);
                clock.advance(Duration.ofHours(1));
            }
            Instant fifthAt = clock.instant();

            JsonNode fifth = borrow(accountId, "100.00").expect(HttpStatus.CREATED);

            assertThat(amount(fifth, "outstanding")).isEqualTo("500.00");
            assertThat(amount(fifth, "available")).isEqualTo("0.00");
            assertDecision(stored.event(accountId, 6, AccountFrozen.class).decision(), RiskPolicy.BORROW_VELOCITY,
                    "5 in 24 hours", "24 hours", fifthAt.plus(Duration.ofHours(72)), 1L, 2L, 3L, 4L, 5L);
            borrowingRefusedAsFrozen(accountId, "RISK_RULE", 6);
        }
    }

    @Nested
    class CreditScores {

        private CommandApi.Reply score(String accountId, int score) {
            return api.post(path(accountId, "credit-scores"), newKey(), """
                    {"modelVersion":"m-2026.11","score":%d,"factors":["DEBT_RATIO","SHORT_HISTORY"]}"""
                    .formatted(score));
        }

        @Test
        void aScoreBelowTheCutoffCutsTheLimitToZeroAndARescoreRestoresIt() {
            api.open(accountId, "5000.00");
            borrow(accountId, "1000.00").expect(HttpStatus.CREATED);

            JsonNode cut = score(accountId, 549).expect(HttpStatus.OK);
            assertThat(cut.path("status").asText()).isEqualTo("ACTIVE");
            assertThat(amount(cut, "creditLimit")).isEqualTo("0.00");
            assertThat(amount(cut, "available")).isEqualTo("0.00");
            CreditLimitChanged cutEvent = stored.event(accountId, 3, CreditLimitChanged.class);
            assertThat(cutEvent.reasonCode()).isEqualTo(ReasonCode.MODEL_RESCORE);
            assertThat(cutEvent.decision().modelVersion()).isEqualTo("m-2026.11");
            assertThat(cutEvent.decision().scoreNeeded()).isEqualTo(550);
            assertThat(cutEvent.decision().evidenceSequences()).containsExactly(2L);
            JsonNode refused = api.refused(HttpStatus.CONFLICT, "INSUFFICIENT_AVAILABLE_LIMIT",
                    () -> borrow(accountId, "1.00"));
            assertThat(refused.path("creditLimit").asText()).isEqualTo("0.00");

            JsonNode restored = score(accountId, 550).expect(HttpStatus.OK);
            assertThat(amount(restored, "creditLimit")).isEqualTo("5000.00");
            assertThat(amount(restored, "available")).isEqualTo("4000.00");
            CreditLimitChanged restoredEvent = stored.event(accountId, 5, CreditLimitChanged.class);
            assertThat(restoredEvent.reasonCode()).isEqualTo(ReasonCode.RESCORED);
            assertThat(restoredEvent.liftedRestrictions()).containsExactly(3L);
        }

        @Test
        void aLenderMayNotRecordAScore() {
            api.open(accountId, "5000.00");

            api.refused(HttpStatus.FORBIDDEN, "FORBIDDEN", () -> api.postAs(LENDER_TOKEN,
                    path(accountId, "credit-scores"), newKey(), """
                            {"modelVersion":"m-2026.11","score":800,"factors":[]}"""));
        }
    }

    @Nested
    class RiskSignals {

        private CommandApi.Reply signal(String severity) {
            return api.post(path(accountId, "risk-signals"), newKey(), """
                    {"type":"LOGIN_ANOMALY","severity":"%s","source":"fraud-desk","observedAt":"%s"}"""
                    .formatted(severity, clock.instant().minusSeconds(60)));
        }

        @Test
        void aHighLoginAnomalyFreezesTheAccountPendingReview() {
            api.open(accountId, "5000.00");

            JsonNode view = signal("HIGH").expect(HttpStatus.OK);

            assertThat(view.path("status").asText()).isEqualTo(AccountStatus.FROZEN.name());
            AccountFrozen frozen = stored.event(accountId, 2, AccountFrozen.class);
            assertThat(frozen.decision().ruleId()).isEqualTo(RiskPolicy.EXTERNAL_SIGNAL);
            assertThat(frozen.decision().evidenceSequences()).containsExactly(1L);
            assertThat(frozen.decision().coolOffUntil()).as("lifted by ops, not by time").isNull();
            borrowingRefusedAsFrozen(accountId, "RISK_RULE", 2);
        }

        @Test
        void aMediumLoginAnomalyIsRecordedWithoutRestricting() {
            api.open(accountId, "5000.00");

            JsonNode view = signal("MEDIUM").expect(HttpStatus.OK);

            assertThat(view.path("status").asText()).isEqualTo(AccountStatus.ACTIVE.name());
            assertThat(view.path("version").asLong()).isEqualTo(1);
            borrow(accountId, "10.00").expect(HttpStatus.CREATED);
        }
    }
}
