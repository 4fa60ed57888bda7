package org.loanledger.shared.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.account.AccountFold;
import org.loanledger.shared.account.AccountFrozen;
import org.loanledger.shared.account.AccountOpened;
import org.loanledger.shared.account.AccountState;
import org.loanledger.shared.account.CreditLimitChanged;
import org.loanledger.shared.account.CreditScoreRecorded;
import org.loanledger.shared.account.DrawdownOverdue;
import org.loanledger.shared.account.FundsBorrowed;
import org.loanledger.shared.account.PrincipalReason;
import org.loanledger.shared.account.ReasonCode;
import org.loanledger.shared.account.RepaymentAllocation;
import org.loanledger.shared.account.RepaymentReceived;
import org.loanledger.shared.account.RiskDecision;
import org.loanledger.shared.account.RiskSignalRecorded;
import org.loanledger.shared.money.Money;
import org.loanledger.shared.risk.RiskEngine.CutLimit;
import org.loanledger.shared.risk.RiskEngine.Freeze;
import org.loanledger.shared.risk.RiskEngine.Restore;
import org.loanledger.shared.risk.RiskEngine.Verdict;
import org.loanledger.shared.personal.PersonalText;

/**
 * The default policy {@code 2026-11} rule by rule: one occurrence below each threshold does not trip, the threshold
 * does, and the decision records the policy version, rule, observed value, threshold, window and evidence. The
 * permissive policy never trips.
 */
class RiskEngineTest {

    private static final String ACCOUNT = "acc-1";
    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 20);
    private static final RiskPolicy DEFAULT = RiskPolicy.default202611();
    private static final RiskPolicy PERMISSIVE = RiskPolicy.permissive();
    private static final String MODEL = "m-2026.11";

    private static Money cny(String amount) {
        return Money.of("CNY", amount);
    }

    private static Instant hoursAgo(long hours) {
        return NOW.minus(Duration.ofHours(hours));
    }

    private static Instant daysAgo(long days) {
        return NOW.minus(Duration.ofDays(days));
    }

    private static AccountOpened opened() {
        return new AccountOpened(ACCOUNT, "cust-1", "CNY", cny("5000"), daysAgo(400), "ops", null);
    }

    private static FundsBorrowed borrowed(String drawdownId, Instant at) {
        LocalDate borrowedOn = LocalDate.ofInstant(at, ZoneOffset.UTC);
        return new FundsBorrowed(ACCOUNT, drawdownId, cny("100"), 30, borrowedOn.plusDays(30), at, "lender", null);
    }

    /** Borrowed 1000 for 30 days, {@code daysAgo} days before now. */
    private static FundsBorrowed borrowedLong(String drawdownId, long daysAgo) {
        Instant at = daysAgo(daysAgo);
        return new FundsBorrowed(ACCOUNT, drawdownId, cny("1000"), 30,
                LocalDate.ofInstant(at, ZoneOffset.UTC).plusDays(30), at, "lender", null);
    }

    /** 10 repaid on {@code drawdownId} before its due date, leaving principal on it. */
    private static RepaymentReceived partialEarly(String drawdownId, Instant at) {
        return new RepaymentReceived(ACCOUNT, cny("10"), List.of(new RepaymentAllocation(drawdownId, cny("10"),
                cny("500"), TODAY.plusDays(10), true, false)), true, true, at, "lender", null);
    }

    /** {@code amount} repaid on {@code drawdownId} before its due date, settling it. */
    private static RepaymentReceived settlingEarly(String drawdownId, String amount, Instant at) {
        return new RepaymentReceived(ACCOUNT, cny(amount), List.of(new RepaymentAllocation(drawdownId, cny(amount),
                cny("0"), TODAY.plusDays(10), true, true)), true, false, at, "lender", null);
    }

    /** {@code amount} repaid on {@code drawdownId} after its due date, settling it. */
    private static RepaymentReceived settlingLate(String drawdownId, String amount, LocalDate due, Instant at) {
        return new RepaymentReceived(ACCOUNT, cny(amount), List.of(new RepaymentAllocation(drawdownId, cny(amount),
                cny("0"), due, false, true)), false, false, at, "lender", null);
    }

    private static DrawdownOverdue overdue(FundsBorrowed drawdown, Instant at) {
        return new DrawdownOverdue(ACCOUNT, drawdown.drawdownId(), drawdown.dueDate(), drawdown.amount(), at, "ledger",
                null);
    }

    private static CreditScoreRecorded score(int score, Instant at, String... factors) {
        return new CreditScoreRecorded(ACCOUNT, MODEL, score, List.of(factors), LocalDate.ofInstant(at, ZoneOffset.UTC)
                .minusDays(1), at, "ops", null);
    }

    private static RiskSignalRecorded signal(String type, String severity, Instant at) {
        return new RiskSignalRecorded(ACCOUNT, type, severity, "fraud-desk", at.minusSeconds(30), at, "ops", null);
    }

    /** A freeze the policy imposed earlier under {@code ruleId}, as the aggregate records it. */
    private static AccountFrozen frozenByRule(String ruleId, Instant at, Instant coolOffUntil) {
        return new AccountFrozen(ACCOUNT, ReasonCode.RISK_RULE, PersonalText.clear("rule " + ruleId), new RiskDecision("2026-11", ruleId,
                null, List.of(), List.of(), null, coolOffUntil, null), null, at, "risk-policy", null);
    }

    /** A limit cut to zero the policy imposed earlier under {@code ruleId}, from {@code from}. */
    private static CreditLimitChanged cutByRule(String ruleId, ReasonCode reasonCode, String from, Instant at) {
        return new CreditLimitChanged(ACCOUNT, cny(from), cny("0"), reasonCode, PersonalText.clear("rule " + ruleId), true, List.of(),
                new RiskDecision("2026-11", ruleId, null, List.of(), List.of(), null, null, 550), at, "risk-policy",
                null);
    }

    /** An account's events, folded and counted as the aggregate does, to evaluate a policy on the last of them. */
    private static final class History {

        private AccountState state = AccountState.unopened(ACCOUNT);
        private final RiskFacts facts = new RiskFacts();
        private AccountEvent last;

        static History of(AccountEvent... events) {
            History history = new History();
            for (AccountEvent event : events) {
                history.state = AccountFold.evolve(history.state, event);
                history.facts.record(history.state.version(), event);
                history.last = event;
            }
            return history;
        }

        Optional<Verdict> evaluate(RiskPolicy policy) {
            return RiskEngine.evaluate(policy, facts, state, state.version(), last);
        }

        @Override
        public String toString() {
            return state.version() + 1 + " events ending with " + last.getClass().getSimpleName();
        }
    }

    private static History fiveBorrowingsInADay() {
        return History.of(opened(), borrowed("dd-1", hoursAgo(20)), borrowed("dd-2", hoursAgo(4)),
                borrowed("dd-3", hoursAgo(3)), borrowed("dd-4", hoursAgo(2)), borrowed("dd-5", NOW));
    }

    private static History threePartialEarlyRepaymentsInAMonth() {
        return History.of(opened(), borrowedLong("dd-1", 25), partialEarly("dd-1", daysAgo(20)),
                partialEarly("dd-1", daysAgo(10)), partialEarly("dd-1", NOW));
    }

    private static History twoOverdueEpisodesInHalfAYear() {
        FundsBorrowed first = borrowedLong("dd-1", 150);
        FundsBorrowed second = borrowedLong("dd-2", 40);
        return History.of(opened(), first, overdue(first, daysAgo(119)),
                settlingLate("dd-1", "1000", first.dueDate(), daysAgo(110)), second, overdue(second, NOW));
    }

    private static History aScoreBelowTheCutoff() {
        return History.of(opened(), score(549, NOW));
    }

    private static History aHighLoginAnomaly() {
        return History.of(opened(), signal("LOGIN_ANOMALY", "HIGH", NOW));
    }

    private static RiskDecision decisionOf(Optional<Verdict> verdict) {
        assertThat(verdict).as("verdict").isPresent();
        return verdict.get().decision();
    }

    private static PrincipalReason onlyReason(RiskDecision decision) {
        assertThat(decision.principalReasons()).hasSize(1);
        return decision.principalReasons().get(0);
    }

    @Nested
    class BorrowVelocity {

        @Test
        void fourBorrowingsWithinADayDoNotTrip() {
            History history = History.of(opened(), borrowed("dd-1", hoursAgo(20)), borrowed("dd-2", hoursAgo(3)),
                    borrowed("dd-3", hoursAgo(2)), borrowed("dd-4", NOW));

            assertThat(history.evaluate(DEFAULT)).isEmpty();
        }

        @Test
        void theFifthBorrowingWithinADayFreezesForThreeDays() {
            Optional<Verdict> verdict = fiveBorrowingsInADay().evaluate(DEFAULT);

            assertThat(verdict).containsInstanceOf(Freeze.class);
            RiskDecision decision = decisionOf(verdict);
            assertThat(decision.policyVersion()).isEqualTo("2026-11");
            assertThat(decision.ruleId()).isEqualTo(RiskPolicy.BORROW_VELOCITY);
            assertThat(decision.modelVersion()).isNull();
            assertThat(decision.evidenceSequences()).containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(decision.window()).isEqualTo("24 hours");
            assertThat(decision.coolOffUntil()).isEqualTo(NOW.plus(Duration.ofHours(72)));
            assertThat(decision.scoreNeeded()).isNull();
            PrincipalReason reason = onlyReason(decision);
            assertThat(reason.code()).isEqualTo(RiskPolicy.BORROW_VELOCITY);
            assertThat(reason.observed()).isEqualTo("5 in 24 hours");
            assertThat(reason.threshold()).isEqualTo("5 in 24 hours");
            assertThat(reason.dataSource()).isEqualTo("ledger");
            assertThat(reason.dataDate()).isEqualTo(TODAY);
        }

        @Test
        void aBorrowingExactlyADayOldIsOutsideTheWindow() {
            History history = History.of(opened(), borrowed("dd-1", hoursAgo(24)), borrowed("dd-2", hoursAgo(4)),
                    borrowed("dd-3", hoursAgo(3)), borrowed("dd-4", hoursAgo(2)), borrowed("dd-5", NOW));

            assertThat(history.evaluate(DEFAULT)).isEmpty();
        }

        @Test
        void aBorrowingJustUnderADayOldIsInsideTheWindow() {
            History history = History.of(opened(), borrowed("dd-1", hoursAgo(24).plusSeconds(1)),
                    borrowed("dd-2", hoursAgo(4)), borrowed("dd-3", hoursAgo(3)), borrowed("dd-4", hoursAgo(2)),
                    borrowed("dd-5", NOW));

            assertThat(decisionOf(history.evaluate(DEFAULT)).evidenceSequences()).containsExactly(1L, 2L, 3L, 4L, 5L);
        }

        @Test
        void onlyTheBorrowingsWithinTheWindowAreEvidence() {
            History history = History.of(opened(), borrowed("dd-1", hoursAgo(30)), borrowed("dd-2", hoursAgo(20)),
                    borrowed("dd-3", hoursAgo(4)), borrowed("dd-4", hoursAgo(3)), borrowed("dd-5", hoursAgo(2)),
                    borrowed("dd-6", NOW));

            RiskDecision decision = decisionOf(history.evaluate(DEFAULT));
            assertThat(decision.evidenceSequences()).containsExactly(2L, 3L, 4L, 5L, 6L);
            assertThat(onlyReason(decision).observed()).isEqualTo("5 in 24 hours");
        }

        @Test
        void aRepaymentDoesNotCountAsABorrowing() {
            History history = History.of(opened(), borrowed("dd-1", hoursAgo(20)), borrowed("dd-2", hoursAgo(4)),
                    borrowed("dd-3", hoursAgo(3)), borrowed("dd-4", hoursAgo(2)), partialEarly("dd-1", NOW));

            assertThat(history.evaluate(DEFAULT)).isEmpty();
        }
    }

    @Nested
    class EarlyPartialRepayment {

        @Test
        void twoPartialEarlyRepaymentsWithinAMonthDoNotTrip() {
            History history = History.of(opened(), borrowedLong("dd-1", 25), partialEarly("dd-1", daysAgo(10)),
                    partialEarly("dd-1", NOW));

            assertThat(history.evaluate(DEFAULT)).isEmpty();
        }

        @Test
        void theThirdPartialEarlyRepaymentWithinAMonthFreezesForSevenDays() {
            Optional<Verdict> verdict = threePartialEarlyRepaymentsInAMonth().evaluate(DEFAULT);

            assertThat(verdict).containsInstanceOf(Freeze.class);
            RiskDecision decision = decisionOf(verdict);
            assertThat(decision.policyVersion()).isEqualTo("2026-11");
            assertThat(decision.ruleId()).isEqualTo(RiskPolicy.EARLY_PARTIAL_REPAYMENT);
            assertThat(decision.evidenceSequences()).containsExactly(2L, 3L, 4L);
            assertThat(decision.window()).isEqualTo("30 days");
            assertThat(decision.coolOffUntil()).isEqualTo(NOW.plus(Duration.ofDays(7)));
            PrincipalReason reason = onlyReason(decision);
            assertThat(reason.code()).isEqualTo(RiskPolicy.EARLY_PARTIAL_REPAYMENT);
            assertThat(reason.observed()).isEqualTo("3 in 30 days");
            assertThat(reason.threshold()).isEqualTo("3 in 30 days");
            assertThat(reason.dataSource()).isEqualTo("ledger");
        }

        @Test
        void aRepaymentExactlyThirtyDaysOldIsOutsideTheWindow() {
            History history = History.of(opened(), borrowedLong("dd-1", 35), partialEarly("dd-1", daysAgo(30)),
                    partialEarly("dd-1", daysAgo(10)), partialEarly("dd-1", NOW));

            assertThat(history.evaluate(DEFAULT)).isEmpty();
        }

        @Test
        void anEarlyRepaymentThatSettlesTheDrawdownIsNotCounted() {
            History history = History.of(opened(), borrowedLong("dd-1", 25), borrowedLong("dd-2", 24),
                    partialEarly("dd-1", daysAgo(20)), settlingEarly("dd-2", "1000", daysAgo(15)),
                    partialEarly("dd-1", NOW));

            assertThat(history.evaluate(DEFAULT)).isEmpty();
        }

        @Test
        void onlyPartialEarlyRepaymentsAreEvidence() {
            History history = History.of(opened(), borrowedLong("dd-1", 25), borrowedLong("dd-2", 24),
                    partialEarly("dd-1", daysAgo(20)), settlingEarly("dd-2", "1000", daysAgo(15)),
                    partialEarly("dd-1", daysAgo(5)), partialEarly("dd-1", NOW));

            assertThat(decisionOf(history.evaluate(DEFAULT)).evidenceSequences()).containsExactly(3L, 5L, 6L);
        }

        @Test
        void aFreezeOfTheRuleInForceIsNotImposedAgain() {
            History history = History.of(opened(), borrowedLong("dd-1", 25), partialEarly("dd-1", daysAgo(20)),
                    partialEarly("dd-1", daysAgo(10)), partialEarly("dd-1", daysAgo(1)),
                    frozenByRule(RiskPolicy.EARLY_PARTIAL_REPAYMENT, daysAgo(1), daysAgo(1).plus(Duration.ofDays(7))),
                    partialEarly("dd-1", NOW));

            assertThat(history.evaluate(DEFAULT)).isEmpty();
        }
    }

    @Nested
    class OverdueHistory {

        @Test
        void oneOverdueEpisodeDoesNotTrip() {
            FundsBorrowed drawdown = borrowedLong("dd-1", 40);

            assertThat(History.of(opened(), drawdown, overdue(drawdown, NOW)).evaluate(DEFAULT)).isEmpty();
        }

        @Test
        void aSecondEpisodeWithinHalfAYearCutsTheLimitEvenThoughTheFirstWasSettled() {
            Optional<Verdict> verdict = twoOverdueEpisodesInHalfAYear().evaluate(DEFAULT);

            assertThat(verdict).containsInstanceOf(CutLimit.class);
            assertThat(((CutLimit) verdict.get()).reasonCode()).isEqualTo(ReasonCode.OVERDUE_HISTORY);
            RiskDecision decision = decisionOf(verdict);
            assertThat(decision.policyVersion()).isEqualTo("2026-11");
            assertThat(decision.ruleId()).isEqualTo(RiskPolicy.OVERDUE_HISTORY);
            assertThat(decision.evidenceSequences()).containsExactly(2L, 5L);
            assertThat(decision.window()).isEqualTo("180 days");
            assertThat(decision.coolOffUntil()).as("lifted by a rescore, never by time").isNull();
            assertThat(decision.scoreNeeded()).isEqualTo(550);
            PrincipalReason reason = onlyReason(decision);
            assertThat(reason.observed()).isEqualTo("2 in 180 days");
            assertThat(reason.threshold()).isEqualTo("2 in 180 days");
        }

        @Test
        void anEpisodeExactlyHalfAYearOldIsOutsideTheLookBack() {
            FundsBorrowed first = borrowedLong("dd-1", 220);
            FundsBorrowed second = borrowedLong("dd-2", 40);
            History history = History.of(opened(), first, overdue(first, daysAgo(180)), second, overdue(second, NOW));

            assertThat(history.evaluate(DEFAULT)).isEmpty();
        }

        @Test
        void aCutOfTheRuleInForceIsNotImposedAgain() {
            FundsBorrowed first = borrowedLong("dd-1", 150);
            FundsBorrowed second = borrowedLong("dd-2", 60);
            FundsBorrowed third = borrowedLong("dd-3", 40);
            History history = History.of(opened(), first, second, third, overdue(first, daysAgo(119)),
                    overdue(second, daysAgo(29)), cutByRule(RiskPolicy.OVERDUE_HISTORY, ReasonCode.OVERDUE_HISTORY,
                            "5000", daysAgo(29)),
                    overdue(third, NOW));

            assertThat(history.evaluate(DEFAULT)).isEmpty();
        }
    }

    @Nested
    class ModelScore {

        @Test
        void aScoreAtTheCutoffDoesNotCut() {
            assertThat(History.of(opened(), score(550, NOW)).evaluate(DEFAULT)).isEmpty();
        }

        @Test
        void aScoreOneBelowTheCutoffCutsTheLimitNamingTheModel() {
            History history = History.of(opened(), score(549, NOW, "DEBT_RATIO", "SHORT_HISTORY", "MANY_INQUIRIES",
                    "THIN_FILE", "RECENT_DEFAULT"));

            Optional<Verdict> verdict = history.evaluate(DEFAULT);

            assertThat(verdict).containsInstanceOf(CutLimit.class);
            assertThat(((CutLimit) verdict.get()).reasonCode()).isEqualTo(ReasonCode.MODEL_RESCORE);
            RiskDecision decision = decisionOf(verdict);
            assertThat(decision.policyVersion()).isEqualTo("2026-11");
            assertThat(decision.ruleId()).isEqualTo(RiskPolicy.MODEL_SCORE);
            assertThat(decision.modelVersion()).isEqualTo(MODEL);
            assertThat(decision.evidenceSequences()).containsExactly(1L);
            assertThat(decision.scoreNeeded()).isEqualTo(550);
            assertThat(decision.coolOffUntil()).isNull();
            assertThat(decision.principalReasons()).as("the score, then the model's first factors, four at most")
                    .extracting(PrincipalReason::code)
                    .containsExactly("CREDIT_SCORE", "DEBT_RATIO", "SHORT_HISTORY", "MANY_INQUIRIES");
            PrincipalReason score = decision.principalReasons().get(0);
            assertThat(score.observed()).isEqualTo("549");
            assertThat(score.threshold()).isEqualTo("below 550");
            assertThat(score.dataSource()).isEqualTo("model " + MODEL);
            assertThat(score.dataDate()).isEqualTo(TODAY.minusDays(1));
        }

        @Test
        void aScoreAtTheCutoffRestoresTheLimitTheModelCut() {
            History history = History.of(opened(), score(549, daysAgo(3)),
                    cutByRule(RiskPolicy.MODEL_SCORE, ReasonCode.MODEL_RESCORE, "5000", daysAgo(3)), score(550, NOW));

            Optional<Verdict> verdict = history.evaluate(DEFAULT);

            assertThat(verdict).containsInstanceOf(Restore.class);
            Restore restore = (Restore) verdict.get();
            assertThat(restore.limit()).isEqualTo(cny("5000"));
            assertThat(restore.lifted()).containsExactly(2L);
            assertThat(restore.decision().ruleId()).isEqualTo(RiskPolicy.MODEL_SCORE);
            assertThat(restore.decision().evidenceSequences()).containsExactly(3L);
            assertThat(restore.decision().principalReasons().get(0).threshold()).isEqualTo("at or above 550");
        }

        @Test
        void aRescoreAlsoEndsAnOverdueHistoryCutAndRestoresTheLimitBeforeTheFirstCut() {
            History history = History.of(opened(), score(500, daysAgo(9)),
                    cutByRule(RiskPolicy.MODEL_SCORE, ReasonCode.MODEL_RESCORE, "5000", daysAgo(9)),
                    cutByRule(RiskPolicy.OVERDUE_HISTORY, ReasonCode.OVERDUE_HISTORY, "0", daysAgo(4)),
                    score(720, NOW));

            Restore restore = (Restore) history.evaluate(DEFAULT).orElseThrow();

            assertThat(restore.lifted()).containsExactly(2L, 3L);
            assertThat(restore.limit()).isEqualTo(cny("5000"));
        }

        @Test
        void aLowScoreWhileTheModelsCutIsInForceCutsNothingMore() {
            History history = History.of(opened(), score(500, daysAgo(3)),
                    cutByRule(RiskPolicy.MODEL_SCORE, ReasonCode.MODEL_RESCORE, "5000", daysAgo(3)), score(480, NOW));

            assertThat(history.evaluate(DEFAULT)).isEmpty();
        }

        @Test
        void aRescoreDoesNotLiftACutAPersonDecided() {
            CreditLimitChanged manualCut = new CreditLimitChanged(ACCOUNT, cny("5000"), cny("0"),
                    ReasonCode.MANUAL_REVIEW, PersonalText.clear("held"), true, List.of(), daysAgo(2), "ops", null);

            assertThat(History.of(opened(), manualCut, score(800, NOW)).evaluate(DEFAULT)).isEmpty();
        }
    }

    @Nested
    class ExternalSignal {

        @ParameterizedTest
        @ValueSource(strings = {"LOGIN_ANOMALY", "DEVICE_CHANGE", "BUREAU_DELINQUENCY"})
        void aHighSignalOfAWatchedTypeFreezesPendingReview(String type) {
            Optional<Verdict> verdict = History.of(opened(), signal(type, "HIGH", NOW)).evaluate(DEFAULT);

            assertThat(verdict).containsInstanceOf(Freeze.class);
            RiskDecision decision = decisionOf(verdict);
            assertThat(decision.policyVersion()).isEqualTo("2026-11");
            assertThat(decision.ruleId()).isEqualTo(RiskPolicy.EXTERNAL_SIGNAL);
            assertThat(decision.evidenceSequences()).containsExactly(1L);
            assertThat(decision.coolOffUntil()).as("only ops review lifts it").isNull();
            PrincipalReason reason = onlyReason(decision);
            assertThat(reason.observed()).isEqualTo(type + " HIGH");
            assertThat(reason.threshold()).isEqualTo("HIGH");
            assertThat(reason.dataSource()).isEqualTo("fraud-desk");
        }

        @ParameterizedTest
        @ValueSource(strings = {"LOW", "MEDIUM"})
        void aSignalBelowHighSeverityDoesNotTrip(String severity) {
            assertThat(History.of(opened(), signal("LOGIN_ANOMALY", severity, NOW)).evaluate(DEFAULT)).isEmpty();
        }

        @Test
        void aHighSignalOfAnotherTypeDoesNotTrip() {
            assertThat(History.of(opened(), signal("ADDRESS_CHANGE", "HIGH", NOW)).evaluate(DEFAULT)).isEmpty();
        }

        @Test
        void aFreezeOfTheRuleInForceIsNotImposedAgain() {
            History history = History.of(opened(), signal("DEVICE_CHANGE", "HIGH", hoursAgo(1)),
                    frozenByRule(RiskPolicy.EXTERNAL_SIGNAL, hoursAgo(1), null), signal("LOGIN_ANOMALY", "HIGH", NOW));

            assertThat(history.evaluate(DEFAULT)).isEmpty();
        }
    }

    static Stream<Named<History>> historiesThatTripTheDefaultPolicy() {
        return Stream.of(
                Named.of("five borrowings in a day", fiveBorrowingsInADay()),
                Named.of("three partial early repayments in a month", threePartialEarlyRepaymentsInAMonth()),
                Named.of("two overdue episodes in half a year", twoOverdueEpisodesInHalfAYear()),
                Named.of("a score below the cutoff", aScoreBelowTheCutoff()),
                Named.of("a high login anomaly", aHighLoginAnomaly()));
    }

    @Nested
    class Permissive {

        @ParameterizedTest
        @MethodSource("org.loanledger.shared.risk.RiskEngineTest#historiesThatTripTheDefaultPolicy")
        void thePermissivePolicyNeverTrips(History history) {
            assertThat(history.evaluate(DEFAULT)).as("the default policy trips on this history").isPresent();
            assertThat(history.evaluate(PERMISSIVE)).isEmpty();
        }

        @Test
        void thePermissivePolicyIsAlwaysThereBesideTheConfiguredOnes() {
            RiskPolicies policies = RiskPolicies.defaults();

            assertThat(policies.active().version()).isEqualTo("2026-11");
            assertThat(policies.version(RiskPolicy.PERMISSIVE)).contains(PERMISSIVE);
            assertThat(PERMISSIVE.ruleIds()).isEmpty();
            assertThat(policies.active().ruleIds()).containsExactly(RiskPolicy.BORROW_VELOCITY,
                    RiskPolicy.EARLY_PARTIAL_REPAYMENT, RiskPolicy.OVERDUE_HISTORY, RiskPolicy.MODEL_SCORE,
                    RiskPolicy.EXTERNAL_SIGNAL);
        }

        @Test
        void anActivePolicyThatIsNotConfiguredIsRefusedAtStartup() {
            assertThatThrownBy(() -> new RiskPolicies(Map.of(), "2099-01"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("2099-01");
        }
    }

    @Nested
    class Windows {

        @Test
        void windowsAreWrittenInTheirLargestWholeUnit() {
            assertThat(RiskEngine.words(Duration.ofHours(24))).isEqualTo("24 hours");
            assertThat(RiskEngine.words(Duration.ofHours(1))).isEqualTo("1 hour");
            assertThat(RiskEngine.words(Duration.ofDays(30))).isEqualTo("30 days");
            assertThat(RiskEngine.words(Duration.ofMinutes(90))).isEqualTo("90 minutes");
        }
    }
}
