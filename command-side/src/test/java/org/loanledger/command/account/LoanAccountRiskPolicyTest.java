package org.loanledger.command.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.loanledger.command.account.AccountTestData.ACCOUNT;
import static org.loanledger.command.account.AccountTestData.CLOCK;
import static org.loanledger.command.account.AccountTestData.CUSTOMER_ACTOR;
import static org.loanledger.command.account.AccountTestData.LIMITS;
import static org.loanledger.command.account.AccountTestData.NOW;
import static org.loanledger.command.account.AccountTestData.OPS_ACTOR;
import static org.loanledger.command.account.AccountTestData.TODAY;
import static org.loanledger.command.account.AccountTestData.actor;
import static org.loanledger.command.account.AccountTestData.dec;
import static org.loanledger.command.account.AccountTestData.eur;
import static org.loanledger.command.account.AccountTestData.opened;
import static org.loanledger.command.account.AccountTestData.refused;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeDiagnosingMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.account.AccountFrozen;
import org.loanledger.shared.account.AccountStatus;
import org.loanledger.shared.account.AccountUnfrozen;
import org.loanledger.shared.account.Actors;
import org.loanledger.shared.account.AppealDecided;
import org.loanledger.shared.account.AppealDecision;
import org.loanledger.shared.account.AppealFiled;
import org.loanledger.shared.account.BorrowCommand;
import org.loanledger.shared.account.CreditLimitChanged;
import org.loanledger.shared.account.CreditScoreRecorded;
import org.loanledger.shared.account.DecideAppealCommand;
import org.loanledger.shared.account.DrawdownOverdue;
import org.loanledger.shared.account.EndCoolOffCommand;
import org.loanledger.shared.account.FileAppealCommand;
import org.loanledger.shared.account.FundsBorrowed;
import org.loanledger.shared.account.MarkOverdueCommand;
import org.loanledger.shared.account.OpenAccountCommand;
import org.loanledger.shared.account.PrincipalReason;
import org.loanledger.shared.account.ReasonCode;
import org.loanledger.shared.account.RecordCreditScoreCommand;
import org.loanledger.shared.account.RecordRiskSignalCommand;
import org.loanledger.shared.account.RefusalCode;
import org.loanledger.shared.account.RepayCommand;
import org.loanledger.shared.account.RepaymentAllocation;
import org.loanledger.shared.account.RepaymentReceived;
import org.loanledger.shared.account.Restriction;
import org.loanledger.shared.account.RestrictionKind;
import org.loanledger.shared.account.RiskDecision;
import org.loanledger.shared.account.RiskSignalRecorded;
import org.loanledger.shared.risk.RiskPolicies;
import org.loanledger.shared.risk.RiskPolicy;
import org.loanledger.shared.personal.PersonalText;

/**
 * The default risk policy acting through the aggregate: each rule trips in the same request as the event that gave it
 * cause (recorded by {@code risk-policy} under that request's id), one occurrence fewer does not, and the time-driven
 * commands, appeals and their decisions lift what the policy imposed.
 */
class LoanAccountRiskPolicyTest {

    private static final String POLICY = "2026-11";
    private static final LocalDate APR_10 = LocalDate.of(2025, 4, 10);
    private static final String MODEL = "m-7";

    private FixtureConfiguration<LoanAccount> fixture;

    @BeforeEach
    void setUp() {
        fixture = fixture(CLOCK, RiskPolicies.defaults());
    }

    private static FixtureConfiguration<LoanAccount> fixture(Clock clock, RiskPolicies policies) {
        FixtureConfiguration<LoanAccount> configured = new AggregateTestFixture<>(LoanAccount.class);
        configured.registerInjectableResource(clock);
        configured.registerInjectableResource(LIMITS);
        configured.registerInjectableResource(policies);
        return configured;
    }

    private static Instant hoursAgo(long hours) {
        return NOW.minus(Duration.ofHours(hours));
    }

    private static Instant daysAgo(long days) {
        return NOW.minus(Duration.ofDays(days));
    }

    private static FundsBorrowed borrowed(String drawdownId, String amount, LocalDate due, Instant at) {
        return new FundsBorrowed(ACCOUNT, drawdownId, eur(amount), 30, due, at, CUSTOMER_ACTOR, "r-" + drawdownId);
    }

    private static RepaymentReceived partialEarly(String drawdownId, String amount, String remaining, Instant at,
                                                  String requestId) {
        return new RepaymentReceived(ACCOUNT, eur(amount), List.of(new RepaymentAllocation(drawdownId, eur(amount),
                eur(remaining), APR_10, true, false)), true, true, at, CUSTOMER_ACTOR, requestId);
    }

    private static RiskDecision decision(String ruleId, String observed, String threshold, String window,
                                         Instant coolOffUntil, Integer scoreNeeded, Long... evidence) {
        return new RiskDecision(POLICY, ruleId, null, List.of(new PrincipalReason(ruleId, null, observed, threshold,
                "ledger", TODAY)), List.of(evidence), window, coolOffUntil, scoreNeeded);
    }

    private static AccountFrozen frozenByPolicy(RiskDecision decision, String requestId) {
        return new AccountFrozen(ACCOUNT, ReasonCode.RISK_RULE, PersonalText.clear("rule " + decision.ruleId() + " of risk policy " + POLICY),
                decision, null, NOW, Actors.RISK_POLICY, requestId);
    }

    /** A freeze the policy imposed earlier under {@code ruleId}. */
    private static AccountFrozen earlierFreeze(String ruleId, Instant at, Instant coolOffUntil) {
        return new AccountFrozen(ACCOUNT, ReasonCode.RISK_RULE, PersonalText.clear("rule " + ruleId),
                new RiskDecision(POLICY, ruleId, null, List.of(), List.of(), null, coolOffUntil, null), null, at,
                Actors.RISK_POLICY, null);
    }

    /** A cut of the limit to zero the model's score caused earlier. */
    private static CreditLimitChanged earlierModelCut(String from, Instant at) {
        return new CreditLimitChanged(ACCOUNT, eur(from), eur("0"), ReasonCode.MODEL_RESCORE, PersonalText.clear("rule MODEL_SCORE"),
                true, List.of(), new RiskDecision(POLICY, RiskPolicy.MODEL_SCORE, MODEL, List.of(), List.of(), null,
                null, 550), at, Actors.RISK_POLICY, null);
    }

    private static AppealFiled appealFiled(String appealId, long restrictionSequence, Instant at) {
        return new AppealFiled(ACCOUNT, appealId, restrictionSequence, PersonalText.clear("I repaid early on purpose"),
                at.plus(LedgerLimits.DEFAULT_APPEAL_SERVICE_LEVEL), at, CUSTOMER_ACTOR, "r-" + appealId);
    }

    /**
     * The events a command recorded, checked with AssertJ. A recorded decision is compared field by field except for
     * the descriptions of its principal reasons, which are prose; codes, values, thresholds and evidence are not.
     */
    private static Matcher<List<EventMessage<?>>> recorded(Consumer<List<AccountEvent>> requirements) {
        return new TypeSafeDiagnosingMatcher<>() {
            @Override
            protected boolean matchesSafely(List<EventMessage<?>> messages, Description mismatch) {
                List<AccountEvent> events = messages.stream().map(m -> (AccountEvent) m.getPayload()).toList();
                try {
                    requirements.accept(events);
                    return true;
                } catch (AssertionError e) {
                    mismatch.appendText(e.getMessage());
                    return false;
                }
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("the events the policy decides on");
            }
        };
    }

    private static void assertRecorded(List<AccountEvent> events, AccountEvent... expected) {
        assertThat(events).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(events.get(i)).as("event %d", i)
                    .usingRecursiveComparison()
                    .withStrictTypeChecking()
                    .ignoringFields("decision.principalReasons.description")
                    .isEqualTo(expected[i]);
        }
    }

    @Nested
    class Borrow {

        private final BorrowCommand borrow = new BorrowCommand(ACCOUNT, dec("100"), "EUR", 30, "r-5");

        private FundsBorrowed borrowedNow(String drawdownId) {
            return new FundsBorrowed(ACCOUNT, drawdownId, eur("100"), 30, TODAY.plusDays(30), NOW, CUSTOMER_ACTOR, "r-5");
        }

        @Test
        void theFifthBorrowingWithinADayFreezesTheAccountInTheSameRequest() {
            fixture.given(opened("5000"), borrowed("dd-1", "100", APR_10, hoursAgo(20)),
                            borrowed("dd-2", "100", APR_10, hoursAgo(5)), borrowed("dd-3", "100", APR_10, hoursAgo(3)),
                            borrowed("dd-4", "100", APR_10, hoursAgo(1)))
                    .when(borrow, actor(CUSTOMER_ACTOR))
                    .expectSuccessfulHandlerExecution()
                    .expectEventsMatching(recorded(events -> assertRecorded(events, borrowedNow("dd-5"),
                            frozenByPolicy(decision(RiskPolicy.BORROW_VELOCITY, "5 in 24 hours", "5 in 24 hours",
                                    "24 hours", NOW.plus(Duration.ofHours(72)), null, 1L, 2L, 3L, 4L, 5L), "r-5"))))
                    .expectResultMessagePayloadMatching(outcome(AccountStatus.FROZEN, 6))
                    .expectState(account -> assertThat(account.state().restrictionInForce()).get()
                            .extracting(Restriction::kind, Restriction::reasonCode, Restriction::ruleId,
                                    Restriction::liftsAt, Restriction::imposedBy)
                            .containsExactly(RestrictionKind.FREEZE, ReasonCode.RISK_RULE, RiskPolicy.BORROW_VELOCITY,
                                    NOW.plus(Duration.ofHours(72)), Actors.RISK_POLICY));
        }

        @Test
        void theFourthBorrowingWithinADayOnlyBorrows() {
            fixture.given(opened("5000"), borrowed("dd-1", "100", APR_10, hoursAgo(20)),
                            borrowed("dd-2", "100", APR_10, hoursAgo(5)), borrowed("dd-3", "100", APR_10, hoursAgo(3)))
                    .when(borrow, actor(CUSTOMER_ACTOR))
                    .expectEvents(borrowedNow("dd-4"))
                    .expectState(account -> assertThat(account.state().status()).isEqualTo(AccountStatus.ACTIVE));
        }

        @Test
        void aRepeatOfTheBorrowingThatTrippedTheRuleAnswersFrozenAndRecordsNothing() {
            FundsBorrowed fifth = borrowedNow("dd-5");
            fixture.given(opened("5000"), borrowed("dd-1", "100", APR_10, hoursAgo(20)),
                            borrowed("dd-2", "100", APR_10, hoursAgo(5)), borrowed("dd-3", "100", APR_10, hoursAgo(3)),
                            borrowed("dd-4", "100", APR_10, hoursAgo(1)))
                    .andGivenCommands(borrow)
                    .when(borrow, actor(CUSTOMER_ACTOR))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(outcome(AccountStatus.FROZEN, 6))
                    .expectState(account -> assertThat(account.state().drawdown(fifth.drawdownId())).isPresent());
        }
    }

    @Nested
    class Repay {

        private final RepayCommand repay = new RepayCommand(ACCOUNT, dec("10"), "EUR", "r-3");

        @Test
        void theThirdPartialEarlyRepaymentWithinAMonthFreezesForSevenDays() {
            fixture.given(opened("5000"), borrowed("dd-1", "1000", APR_10, daysAgo(20)),
                            partialEarly("dd-1", "10", "990", daysAgo(15), "r-1"),
                            partialEarly("dd-1", "10", "980", daysAgo(5), "r-2"))
                    .when(repay, actor(CUSTOMER_ACTOR))
                    .expectEventsMatching(recorded(events -> assertRecorded(events,
                            partialEarly("dd-1", "10", "970", NOW, "r-3"),
                            frozenByPolicy(decision(RiskPolicy.EARLY_PARTIAL_REPAYMENT, "3 in 30 days", "3 in 30 days",
                                    "30 days", NOW.plus(Duration.ofDays(7)), null, 2L, 3L, 4L), "r-3"))))
                    .expectState(account -> {
                        assertThat(account.state().status()).isEqualTo(AccountStatus.FROZEN);
                        assertThat(account.state().available()).isEqualTo(eur("0"));
                        assertThat(account.state().restrictionInForce()).get().extracting(Restriction::liftsAt)
                                .isEqualTo(NOW.plus(Duration.ofDays(7)));
                    });
        }

        @Test
        void theSecondPartialEarlyRepaymentWithinAMonthOnlyRepays() {
            fixture.given(opened("5000"), borrowed("dd-1", "1000", APR_10, daysAgo(20)),
                            partialEarly("dd-1", "10", "990", daysAgo(15), "r-1"))
                    .when(repay, actor(CUSTOMER_ACTOR))
                    .expectEvents(partialEarly("dd-1", "10", "980", NOW, "r-3"))
                    .expectState(account -> assertThat(account.state().status()).isEqualTo(AccountStatus.ACTIVE));
        }

        @Test
        void repayingWhileTheRulesFreezeIsInForceDoesNotFreezeAgain() {
            fixture.given(opened("5000"), borrowed("dd-1", "1000", APR_10, daysAgo(20)),
                            partialEarly("dd-1", "10", "990", daysAgo(15), "r-1"),
                            partialEarly("dd-1", "10", "980", daysAgo(5), "r-2"),
                            partialEarly("dd-1", "10", "970", daysAgo(1), "r-0"),
                            earlierFreeze(RiskPolicy.EARLY_PARTIAL_REPAYMENT, daysAgo(1), daysAgo(1).plus(Duration.ofDays(7))))
                    .when(repay, actor(CUSTOMER_ACTOR))
                    .expectEvents(partialEarly("dd-1", "10", "960", NOW, "r-3"));
        }
    }

    @Nested
    class MarkOverdue {

        private static final LocalDate JAN_10 = LocalDate.of(2025, 1, 10);
        private static final LocalDate FEB_20 = LocalDate.of(2025, 2, 20);

        private DrawdownOverdue overdue(String drawdownId, LocalDate due, String outstanding, Instant at) {
            return new DrawdownOverdue(ACCOUNT, drawdownId, due, eur(outstanding), at, Actors.LEDGER, null);
        }

        @Test
        void aDrawdownPastItsDueDateWithPrincipalLeftGoesOverdue() {
            fixture.given(opened("5000"), borrowed("dd-1", "300", FEB_20, daysAgo(40)))
                    .when(new MarkOverdueCommand(ACCOUNT, "dd-1"))
                    .expectEvents(overdue("dd-1", FEB_20, "300", NOW))
                    .expectState(account -> assertThat(account.state().drawdown("dd-1")).get()
                            .extracting(d -> d.overdue()).isEqualTo(true));
        }

        @Test
        void aDrawdownOnItsDueDateIsNotOverdueYet() {
            fixture.given(opened("5000"), borrowed("dd-1", "300", TODAY, daysAgo(30)))
                    .when(new MarkOverdueCommand(ACCOUNT, "dd-1"))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void aDrawdownSettledBeforeTheSweepNeverGoesOverdue() {
            fixture.given(opened("5000"), borrowed("dd-1", "300", FEB_20, daysAgo(40)),
                            new RepaymentReceived(ACCOUNT, eur("300"), List.of(new RepaymentAllocation("dd-1", eur("300"),
                                    eur("0"), FEB_20, false, true)), false, false, daysAgo(2), CUSTOMER_ACTOR, "r-p"))
                    .when(new MarkOverdueCommand(ACCOUNT, "dd-1"))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void aDrawdownAlreadyOverdueIsNotMarkedAgain() {
            fixture.given(opened("5000"), borrowed("dd-1", "300", FEB_20, daysAgo(40)),
                            overdue("dd-1", FEB_20, "300", daysAgo(8)))
                    .when(new MarkOverdueCommand(ACCOUNT, "dd-1"))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void theSecondEpisodeWithinHalfAYearCutsTheLimitEvenThoughTheFirstWasSettled() {
            fixture.given(opened("5000"), borrowed("dd-1", "200", JAN_10, daysAgo(80)),
                            borrowed("dd-2", "300", FEB_20, daysAgo(40)), overdue("dd-1", JAN_10, "200", daysAgo(49)),
                            new RepaymentReceived(ACCOUNT, eur("200"), List.of(new RepaymentAllocation("dd-1", eur("200"),
                                    eur("0"), JAN_10, false, true)), false, false, daysAgo(45), CUSTOMER_ACTOR, "r-p"))
                    .when(new MarkOverdueCommand(ACCOUNT, "dd-2"))
                    .expectEventsMatching(recorded(events -> assertRecorded(events,
                            overdue("dd-2", FEB_20, "300", NOW),
                            new CreditLimitChanged(ACCOUNT, eur("5000"), eur("0"), ReasonCode.OVERDUE_HISTORY,
                                    PersonalText.clear("rule OVERDUE_HISTORY of risk policy " + POLICY), true, List.of(),
                                    decision(RiskPolicy.OVERDUE_HISTORY, "2 in 180 days", "2 in 180 days", "180 days",
                                            null, 550, 3L, 5L), NOW, Actors.RISK_POLICY, null))))
                    .expectState(account -> {
                        assertThat(account.state().status()).isEqualTo(AccountStatus.ACTIVE);
                        assertThat(account.state().available()).isEqualTo(eur("0"));
                        assertThat(account.state().restrictionInForce()).get()
                                .extracting(Restriction::kind, Restriction::reasonCode, Restriction::limitBefore)
                                .containsExactly(RestrictionKind.LIMIT_CUT, ReasonCode.OVERDUE_HISTORY, eur("5000"));
                    });
        }

        @Test
        void theFirstEpisodeOnlyRecordsTheOverdue() {
            fixture.given(opened("5000"), borrowed("dd-1", "300", FEB_20, daysAgo(40)))
                    .when(new MarkOverdueCommand(ACCOUNT, "dd-1"))
                    .expectEvents(overdue("dd-1", FEB_20, "300", NOW))
                    .expectState(account -> assertThat(account.state().creditLimit()).isEqualTo(eur("5000")));
        }
    }

    @Nested
    class RecordCreditScore {

        private RecordCreditScoreCommand score(int score) {
            return new RecordCreditScoreCommand(ACCOUNT, MODEL, score, List.of("DEBT_RATIO"), TODAY.minusDays(1), "r-s");
        }

        private CreditScoreRecorded scored(int score) {
            return new CreditScoreRecorded(ACCOUNT, MODEL, score, List.of("DEBT_RATIO"), TODAY.minusDays(1), NOW,
                    OPS_ACTOR, "r-s");
        }

        private RiskDecision modelDecision(int score, String threshold, long evidence) {
            return new RiskDecision(POLICY, RiskPolicy.MODEL_SCORE, MODEL, List.of(
                    new PrincipalReason("CREDIT_SCORE", null, Integer.toString(score), threshold, "model " + MODEL,
                            TODAY.minusDays(1)),
                    new PrincipalReason("DEBT_RATIO", null, null, null, "model " + MODEL, TODAY.minusDays(1))),
                    List.of(evidence), null, null, 550);
        }

        @Test
        void aScoreOneBelowTheCutoffCutsTheLimitToZeroNamingTheModel() {
            fixture.given(opened("5000"))
                    .when(score(549), actor(OPS_ACTOR))
                    .expectEventsMatching(recorded(events -> assertRecorded(events, scored(549),
                            new CreditLimitChanged(ACCOUNT, eur("5000"), eur("0"), ReasonCode.MODEL_RESCORE,
                                    PersonalText.clear("rule MODEL_SCORE of risk policy " + POLICY), true, List.of(),
                                    modelDecision(549, "below 550", 1L), NOW, Actors.RISK_POLICY, "r-s"))))
                    .expectState(account -> assertThat(account.state().restrictionInForce()).get()
                            .extracting(Restriction::kind, Restriction::reasonCode, Restriction::ruleId)
                            .containsExactly(RestrictionKind.LIMIT_CUT, ReasonCode.MODEL_RESCORE, RiskPolicy.MODEL_SCORE));
        }

        @Test
        void aScoreAtTheCutoffIsOnlyRecorded() {
            fixture.given(opened("5000"))
                    .when(score(550), actor(OPS_ACTOR))
                    .expectEvents(scored(550));
        }

        @Test
        void aScoreAtTheCutoffRestoresTheLimitTheModelCut() {
            fixture.given(opened("5000"), earlierModelCut("5000", daysAgo(3)))
                    .when(score(550), actor(OPS_ACTOR))
                    .expectEventsMatching(recorded(events -> assertRecorded(events, scored(550),
                            new CreditLimitChanged(ACCOUNT, eur("0"), eur("5000"), ReasonCode.RESCORED,
                                    PersonalText.clear("rule MODEL_SCORE of risk policy " + POLICY), false, List.of(1L),
                                    modelDecision(550, "at or above 550", 2L), NOW, Actors.RISK_POLICY, "r-s"))))
                    .expectState(account -> {
                        assertThat(account.state().restrictions()).isEmpty();
                        assertThat(account.state().available()).isEqualTo(eur("5000"));
                    });
        }
    }

    @Nested
    class RecordRiskSignal {

        private RecordRiskSignalCommand signal(String severity) {
            return new RecordRiskSignalCommand(ACCOUNT, "LOGIN_ANOMALY", severity, "fraud-desk", hoursAgo(1), "r-g");
        }

        private RiskSignalRecorded recordedSignal(String severity) {
            return new RiskSignalRecorded(ACCOUNT, "LOGIN_ANOMALY", severity, "fraud-desk", hoursAgo(1), NOW, OPS_ACTOR,
                    "r-g");
        }

        @Test
        void aHighLoginAnomalyFreezesPendingReview() {
            fixture.given(opened("5000"))
                    .when(signal("HIGH"), actor(OPS_ACTOR))
                    .expectEventsMatching(recorded(events -> assertRecorded(events, recordedSignal("HIGH"),
                            frozenByPolicy(new RiskDecision(POLICY, RiskPolicy.EXTERNAL_SIGNAL, null, List.of(
                                    new PrincipalReason(RiskPolicy.EXTERNAL_SIGNAL, null, "LOGIN_ANOMALY HIGH", "HIGH",
                                            "fraud-desk", TODAY)), List.of(1L), null, null, null), "r-g"))))
                    .expectState(account -> assertThat(account.state().restrictionInForce()).get()
                            .extracting(Restriction::liftsAt).as("no cool-off: ops review lifts it").isNull());
        }

        @Test
        void aMediumLoginAnomalyIsOnlyRecorded() {
            fixture.given(opened("5000"))
                    .when(signal("MEDIUM"), actor(OPS_ACTOR))
                    .expectEvents(recordedSignal("MEDIUM"));
        }
    }

    @Nested
    class EndCoolOff {

        private AccountUnfrozen coolOffEnded(Instant liftsAt, Long... lifted) {
            return new AccountUnfrozen(ACCOUNT, ReasonCode.COOL_OFF_ELAPSED,
                    PersonalText.clear("the cool-off of rule EARLY_PARTIAL_REPAYMENT ended at " + liftsAt), List.of(lifted), NOW,
                    Actors.LEDGER, null);
        }

        @Test
        void aFreezeWhoseCoolOffEndsNowIsLiftedByTheLedger() {
            fixture.given(opened("5000"), earlierFreeze(RiskPolicy.EARLY_PARTIAL_REPAYMENT, daysAgo(7), NOW))
                    .when(new EndCoolOffCommand(ACCOUNT, 1))
                    .expectEvents(coolOffEnded(NOW, 1L))
                    .expectState(account -> {
                        assertThat(account.state().status()).isEqualTo(AccountStatus.ACTIVE);
                        assertThat(account.state().restrictions()).isEmpty();
                    });
        }

        @Test
        void aFreezeWhoseCoolOffEndsASecondFromNowStays() {
            fixture.given(opened("5000"),
                            earlierFreeze(RiskPolicy.EARLY_PARTIAL_REPAYMENT, daysAgo(7), NOW.plusSeconds(1)))
                    .when(new EndCoolOffCommand(ACCOUNT, 1))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectState(account -> assertThat(account.state().status()).isEqualTo(AccountStatus.FROZEN));
        }

        @Test
        void aFreezeAlreadyLiftedIsNotLiftedAgain() {
            fixture.given(opened("5000"), earlierFreeze(RiskPolicy.EARLY_PARTIAL_REPAYMENT, daysAgo(7), NOW),
                            new AccountUnfrozen(ACCOUNT, ReasonCode.APPEAL_UPHELD, PersonalText.clear("upheld"), List.of(1L), daysAgo(6),
                                    OPS_ACTOR, "r-u"))
                    .when(new EndCoolOffCommand(ACCOUNT, 1))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void aFreezeWithoutACoolOffIsNeverLiftedByTime() {
            fixture.given(opened("5000"), earlierFreeze(RiskPolicy.EXTERNAL_SIGNAL, daysAgo(30), null))
                    .when(new EndCoolOffCommand(ACCOUNT, 1))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void onlyTheFreezeWhoseCoolOffEndedIsLifted() {
            fixture.given(opened("5000"),
                            new AccountFrozen(ACCOUNT, ReasonCode.SYSTEM_MAINTENANCE, PersonalText.clear("migration"), null, "mb-1",
                                    daysAgo(8), OPS_ACTOR, "maintenance:FREEZE:mb-1"),
                            earlierFreeze(RiskPolicy.EARLY_PARTIAL_REPAYMENT, daysAgo(7), NOW))
                    .when(new EndCoolOffCommand(ACCOUNT, 2))
                    .expectEvents(coolOffEnded(NOW, 2L))
                    .expectState(account -> {
                        assertThat(account.state().status()).isEqualTo(AccountStatus.FROZEN);
                        assertThat(account.state().restrictions()).extracting(Restriction::batchId)
                                .containsExactly("mb-1");
                    });
        }
    }

    @Nested
    class FileAppeal {

        private FileAppealCommand appeal(Long restrictionSequence) {
            return new FileAppealCommand(ACCOUNT, "I repaid early on purpose", restrictionSequence, "r-ap-2");
        }

        @Test
        void appealingTheRestrictionInForceIsDueForADecisionWithin72Hours() {
            fixture.given(opened("5000"), earlierFreeze(RiskPolicy.EARLY_PARTIAL_REPAYMENT, daysAgo(1), NOW))
                    .when(appeal(null), actor(CUSTOMER_ACTOR))
                    .expectEvents(appealFiled("ap-2", 1, NOW))
                    .expectResultMessagePayloadMatching(outcome(AccountStatus.FROZEN, 2))
                    .expectState(account -> assertThat(account.state().openAppeals()).singleElement()
                            .satisfies(open -> {
                                assertThat(open.restrictionSequence()).isEqualTo(1);
                                assertThat(open.dueBy()).isEqualTo(NOW.plus(Duration.ofHours(72)));
                            }));
        }

        @Test
        void byDefaultTheAppealIsAgainstTheLatestRestrictionInForce() {
            fixture.given(opened("5000"), earlierModelCut("5000", daysAgo(3)),
                            earlierFreeze(RiskPolicy.EXTERNAL_SIGNAL, daysAgo(1), null))
                    .when(new FileAppealCommand(ACCOUNT, "I repaid early on purpose", null, "r-ap-3"),
                            actor(CUSTOMER_ACTOR))
                    .expectEvents(appealFiled("ap-3", 2, NOW));
        }

        @Test
        void anAppealMayNameAnEarlierRestrictionInForce() {
            fixture.given(opened("5000"), earlierModelCut("5000", daysAgo(3)),
                            earlierFreeze(RiskPolicy.EXTERNAL_SIGNAL, daysAgo(1), null))
                    .when(new FileAppealCommand(ACCOUNT, "I repaid early on purpose", 1L, "r-ap-3"),
                            actor(CUSTOMER_ACTOR))
                    .expectEvents(appealFiled("ap-3", 1, NOW));
        }

        @Test
        void appealingAnAccountWithNoRestrictionIsRefused() {
            fixture.given(opened("5000"))
                    .when(appeal(null), actor(CUSTOMER_ACTOR))
                    .expectException(refused(RefusalCode.NOT_RESTRICTED, Map.of("accountStatus", "ACTIVE")))
                    .expectNoEvents();
        }

        @Test
        void appealingARestrictionThatIsNoLongerInForceIsRefused() {
            fixture.given(opened("5000"), earlierFreeze(RiskPolicy.EARLY_PARTIAL_REPAYMENT, daysAgo(8), daysAgo(1)),
                            new AccountUnfrozen(ACCOUNT, ReasonCode.COOL_OFF_ELAPSED, PersonalText.clear("ended"), List.of(1L), daysAgo(1),
                                    Actors.LEDGER, null))
                    .when(appeal(1L), actor(CUSTOMER_ACTOR))
                    .expectException(refused(RefusalCode.NOT_RESTRICTED))
                    .expectNoEvents();
        }

        @Test
        void aSecondAppealAgainstTheSameRestrictionIsRefusedWhileTheFirstIsOpen() {
            fixture.given(opened("5000"), earlierFreeze(RiskPolicy.EARLY_PARTIAL_REPAYMENT, daysAgo(1), NOW),
                            appealFiled("ap-2", 1, hoursAgo(5)))
                    .when(new FileAppealCommand(ACCOUNT, "still waiting", null, "r-again"), actor(CUSTOMER_ACTOR))
                    .expectException(refused(RefusalCode.APPEAL_ALREADY_OPEN, Map.of("appealId", "ap-2",
                            "dueBy", hoursAgo(5).plus(Duration.ofHours(72)).toString())))
                    .expectNoEvents();
        }

        @Test
        void aRejectedAppealMayBeFollowedByAnother() {
            fixture.given(opened("5000"), earlierFreeze(RiskPolicy.EXTERNAL_SIGNAL, daysAgo(1), null),
                            appealFiled("ap-2", 1, hoursAgo(20)),
                            new AppealDecided(ACCOUNT, "ap-2", AppealDecision.REJECT, PersonalText.clear("signal confirmed"), hoursAgo(2),
                                    OPS_ACTOR, "r-d"))
                    .when(new FileAppealCommand(ACCOUNT, "I repaid early on purpose", null, "r-ap-4"),
                            actor(CUSTOMER_ACTOR))
                    .expectEvents(appealFiled("ap-4", 1, NOW));
        }
    }

    @Nested
    class DecideAppeal {

        private DecideAppealCommand decide(String appealId, AppealDecision decision) {
            return new DecideAppealCommand(ACCOUNT, appealId, decision, "the repayments were planned", "r-d");
        }

        private AppealDecided decided(AppealDecision decision) {
            return new AppealDecided(ACCOUNT, "ap-2", decision, PersonalText.clear("the repayments were planned"), NOW, OPS_ACTOR, "r-d");
        }

        @Test
        void upholdingAnAppealLiftsTheFreezeItDisputed() {
            fixture.given(opened("5000"), earlierFreeze(RiskPolicy.EARLY_PARTIAL_REPAYMENT, daysAgo(1), NOW.plusSeconds(60)),
                            appealFiled("ap-2", 1, hoursAgo(5)))
                    .when(decide("ap-2", AppealDecision.UPHOLD), actor(OPS_ACTOR))
                    .expectEvents(decided(AppealDecision.UPHOLD),
                            new AccountUnfrozen(ACCOUNT, ReasonCode.APPEAL_UPHELD, PersonalText.clear("the repayments were planned"),
                                    List.of(1L), NOW, OPS_ACTOR, "r-d"))
                    .expectState(account -> {
                        assertThat(account.state().status()).isEqualTo(AccountStatus.ACTIVE);
                        assertThat(account.state().restrictions()).isEmpty();
                        assertThat(account.state().openAppeals()).isEmpty();
                    });
        }

        @Test
        void upholdingAnAppealAgainstALimitCutRestoresTheLimitBeforeTheCut() {
            fixture.given(opened("5000"), earlierModelCut("5000", daysAgo(3)), appealFiled("ap-2", 1, hoursAgo(5)))
                    .when(decide("ap-2", AppealDecision.UPHOLD), actor(OPS_ACTOR))
                    .expectEvents(decided(AppealDecision.UPHOLD),
                            new CreditLimitChanged(ACCOUNT, eur("0"), eur("5000"), ReasonCode.APPEAL_UPHELD,
                                    PersonalText.clear("the repayments were planned"), false, List.of(1L), NOW, OPS_ACTOR, "r-d"))
                    .expectState(account -> assertThat(account.state().available()).isEqualTo(eur("5000")));
        }

        @Test
        void rejectingAnAppealKeepsTheRestriction() {
            fixture.given(opened("5000"), earlierFreeze(RiskPolicy.EXTERNAL_SIGNAL, daysAgo(1), null),
                            appealFiled("ap-2", 1, hoursAgo(5)))
                    .when(decide("ap-2", AppealDecision.REJECT), actor(OPS_ACTOR))
                    .expectEvents(decided(AppealDecision.REJECT))
                    .expectState(account -> {
                        assertThat(account.state().status()).isEqualTo(AccountStatus.FROZEN);
                        assertThat(account.state().restrictions()).extracting(Restriction::eventSequence)
                                .containsExactly(1L);
                        assertThat(account.state().openAppeals()).isEmpty();
                    });
        }

        @Test
        void decidingAnAppealThatWasNeverFiledIsRefused() {
            fixture.given(opened("5000"), earlierFreeze(RiskPolicy.EXTERNAL_SIGNAL, daysAgo(1), null))
                    .when(decide("ap-9", AppealDecision.UPHOLD), actor(OPS_ACTOR))
                    .expectException(refused(RefusalCode.APPEAL_NOT_FOUND, Map.of("appealId", "ap-9")))
                    .expectNoEvents();
        }

        @Test
        void decidingAnAppealASecondTimeIsRefused() {
            fixture.given(opened("5000"), earlierFreeze(RiskPolicy.EXTERNAL_SIGNAL, daysAgo(1), null),
                            appealFiled("ap-2", 1, hoursAgo(5)),
                            new AppealDecided(ACCOUNT, "ap-2", AppealDecision.REJECT, PersonalText.clear("confirmed"), hoursAgo(1),
                                    OPS_ACTOR, "r-first"))
                    .when(decide("ap-2", AppealDecision.UPHOLD), actor(OPS_ACTOR))
                    .expectException(refused(RefusalCode.APPEAL_NOT_FOUND))
                    .expectNoEvents();
        }
    }

    @Nested
    class Snapshots {

        @Test
        void aRuleCountsWhatHappenedBeforeTheSnapshotTheAccountWasLoadedFrom() {
            InMemoryLedger.MovableClock clock = new InMemoryLedger.MovableClock(NOW);
            try (InMemoryLedger ledger = new InMemoryLedger(InMemoryLedger.Loading.SNAPSHOTS, clock, LIMITS, 2,
                    RiskPolicies.defaults())) {
                ledger.send(OPS_ACTOR, new OpenAccountCommand(ACCOUNT, "cust-1", "EUR", dec("5000"), "r-open"));
                ledger.send(CUSTOMER_ACTOR, new BorrowCommand(ACCOUNT, dec("1000"), "EUR", 30, "r-borrow"));
                for (int i = 1; i <= 2; i++) {
                    clock.advance(Duration.ofDays(2));
                    ledger.send(CUSTOMER_ACTOR, new RepayCommand(ACCOUNT, dec("10"), "EUR", "r-" + i));
                }
                assertThat(ledger.snapshotsTaken()).as("snapshots before the third repayment").isPositive();

                clock.advance(Duration.ofDays(2));
                CommandOutcome third = ledger.send(CUSTOMER_ACTOR, new RepayCommand(ACCOUNT, dec("10"), "EUR", "r-3"));

                assertThat(third.status()).isEqualTo(AccountStatus.FROZEN);
                AccountFrozen frozen = (AccountFrozen) ledger.events(ACCOUNT).get(5).getPayload();
                assertThat(frozen.decision().evidenceSequences()).containsExactly(2L, 3L, 4L);
            }
        }
    }

    @Nested
    class PermissivePolicy {

        @BeforeEach
        void permissive() {
            fixture = fixture(CLOCK, AccountTestData.NO_RULES);
        }

        @Test
        void theFifthBorrowingWithinADayOnlyBorrows() {
            fixture.given(opened("5000"), borrowed("dd-1", "100", APR_10, hoursAgo(20)),
                            borrowed("dd-2", "100", APR_10, hoursAgo(5)), borrowed("dd-3", "100", APR_10, hoursAgo(3)),
                            borrowed("dd-4", "100", APR_10, hoursAgo(1)))
                    .when(new BorrowCommand(ACCOUNT, dec("100"), "EUR", 30, "r-5"), actor(CUSTOMER_ACTOR))
                    .expectEvents(new FundsBorrowed(ACCOUNT, "dd-5", eur("100"), 30, TODAY.plusDays(30), NOW,
                            CUSTOMER_ACTOR, "r-5"));
        }

        @Test
        void theThirdPartialEarlyRepaymentOnlyRepays() {
            fixture.given(opened("5000"), borrowed("dd-1", "1000", APR_10, daysAgo(20)),
                            partialEarly("dd-1", "10", "990", daysAgo(15), "r-1"),
                            partialEarly("dd-1", "10", "980", daysAgo(5), "r-2"))
                    .when(new RepayCommand(ACCOUNT, dec("10"), "EUR", "r-3"), actor(CUSTOMER_ACTOR))
                    .expectEvents(partialEarly("dd-1", "10", "970", NOW, "r-3"));
        }

        @Test
        void aLowScoreAndAHighSignalAreOnlyRecorded() {
            fixture.given(opened("5000"))
                    .andGivenCommands(new RecordCreditScoreCommand(ACCOUNT, MODEL, 120, List.of(), null, "r-s"))
                    .when(new RecordRiskSignalCommand(ACCOUNT, "BUREAU_DELINQUENCY", "HIGH", "bureau", hoursAgo(1),
                            "r-g"), actor(OPS_ACTOR))
                    .expectEvents(new RiskSignalRecorded(ACCOUNT, "BUREAU_DELINQUENCY", "HIGH", "bureau", hoursAgo(1),
                            NOW, OPS_ACTOR, "r-g"))
                    .expectState(account -> {
                        assertThat(account.state().restrictions()).isEmpty();
                        assertThat(account.state().version()).as("the score was recorded, nothing more").isEqualTo(2);
                    });
        }

        @Test
        void aSecondOverdueEpisodeOnlyRecordsTheOverdue() {
            LocalDate jan10 = LocalDate.of(2025, 1, 10);
            LocalDate feb20 = LocalDate.of(2025, 2, 20);
            fixture.given(opened("5000"), borrowed("dd-1", "200", jan10, daysAgo(80)),
                            borrowed("dd-2", "300", feb20, daysAgo(40)),
                            new DrawdownOverdue(ACCOUNT, "dd-1", jan10, eur("200"), daysAgo(49), Actors.LEDGER, null))
                    .when(new MarkOverdueCommand(ACCOUNT, "dd-2"))
                    .expectEvents(new DrawdownOverdue(ACCOUNT, "dd-2", feb20, eur("300"), NOW, Actors.LEDGER, null));
        }
    }

    private static Matcher<CommandOutcome> outcome(AccountStatus status, long version) {
        return new TypeSafeDiagnosingMatcher<>() {
            @Override
            protected boolean matchesSafely(CommandOutcome outcome, Description mismatch) {
                boolean matches = outcome.status() == status && outcome.version() == version
                        && (status == AccountStatus.ACTIVE || outcome.available().zeroAmount());
                if (!matches) {
                    mismatch.appendText("was ").appendValue(outcome);
                }
                return matches;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("an outcome with status ").appendValue(status).appendText(" at version ")
                        .appendValue(version);
            }
        };
    }
}
