package org.loanledger.shared.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.account.AccountFold;
import org.loanledger.shared.account.AccountFrozen;
import org.loanledger.shared.account.AccountOpened;
import org.loanledger.shared.account.AccountState;
import org.loanledger.shared.account.AccountUnfrozen;
import org.loanledger.shared.account.FundsBorrowed;
import org.loanledger.shared.account.ReasonCode;
import org.loanledger.shared.account.RepaymentAllocation;
import org.loanledger.shared.account.RepaymentReceived;
import org.loanledger.shared.money.Money;
import org.loanledger.shared.personal.PersonalText;
import org.loanledger.shared.risk.RiskEngine.Freeze;
import org.loanledger.shared.risk.RiskEngine.Verdict;

/**
 * The article's case A after a lift: a customer frozen for partial early repayments whose freeze is lifted (cool-off,
 * upheld appeal, ops) repays early once more. Under 2026-11 the old evidence still counts and the account freezes
 * again at once; under a rule that spends lifted evidence only new occurrences count.
 */
class LiftedEvidenceTest {

    private static final String ACCOUNT = "acc-a";
    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    private static final RiskPolicy SPENDING = new RiskPolicy("2026-12",
            new RiskPolicy.CountRule(5, Duration.ofHours(24), Duration.ofHours(72), true),
            new RiskPolicy.CountRule(3, Duration.ofDays(30), Duration.ofDays(7), true),
            new RiskPolicy.CountRule(2, Duration.ofDays(180), null), new RiskPolicy.ScoreRule(550), null);
    private static final RiskPolicy COUNTING = RiskPolicy.default202611();

    private static Money cny(String amount) {
        return Money.of("CNY", amount);
    }

    private static Instant daysAgo(long days) {
        return NOW.minus(Duration.ofDays(days));
    }

    private static RepaymentReceived partialEarly(Instant at) {
        return new RepaymentReceived(ACCOUNT, cny("10"), List.of(new RepaymentAllocation("dd-1", cny("10"),
                cny("500"), LocalDate.of(2026, 12, 20), true, false)), true, true, at, "lender", null);
    }

    private static FundsBorrowed borrowed(Instant at) {
        return new FundsBorrowed(ACCOUNT, "dd-" + at.getEpochSecond(), cny("10"), 30,
                LocalDate.ofInstant(at, ZoneOffset.UTC).plusDays(30), at, "lender", null);
    }

    /** Events folded and counted as the aggregate does; a freeze the policy asks for is recorded as it would be. */
    private static final class Account {

        private AccountState state = AccountState.unopened(ACCOUNT);
        private final RiskFacts facts = new RiskFacts();
        private final RiskPolicy policy;

        Account(RiskPolicy policy) {
            this.policy = policy;
            record(new AccountOpened(ACCOUNT, "cust-a", "CNY", cny("5000"), daysAgo(60), "ops", null));
            record(new FundsBorrowed(ACCOUNT, "dd-1", cny("1000"), 30, LocalDate.of(2026, 12, 20), daysAgo(26),
                    "lender", null));
        }

        long record(AccountEvent event) {
            state = AccountFold.evolve(state, event);
            facts.record(state.version(), event);
            return state.version();
        }

        /** Records the event and, if the policy freezes on it, the freeze; the verdict, if any. */
        Optional<Verdict> handle(AccountEvent event) {
            long sequence = record(event);
            Optional<Verdict> verdict = RiskEngine.evaluate(policy, facts, state, sequence, event);
            verdict.filter(Freeze.class::isInstance).map(Freeze.class::cast).ifPresent(freeze ->
                    record(new AccountFrozen(ACCOUNT, ReasonCode.RISK_RULE, PersonalText.clear("rule"),
                            freeze.decision(), null, event.occurredAt(), "risk-policy", null)));
            return verdict;
        }

        long lastFreeze() {
            return state.restrictions().get(state.restrictions().size() - 1).eventSequence();
        }

        void lift(ReasonCode reason, Instant at) {
            record(new AccountUnfrozen(ACCOUNT, reason, PersonalText.clear("lifted"), List.of(lastFreeze()), at,
                    "ops", null));
        }
    }

    private static List<Long> evidence(Optional<Verdict> verdict) {
        return ((Freeze) verdict.orElseThrow()).decision().evidenceSequences();
    }

    @Nested
    class PartialEarlyRepayments {

        @Test
        void afterACoolOffTheNextEarlyRepaymentFreezesAgainUnder202611() {
            Account account = new Account(COUNTING);
            account.handle(partialEarly(daysAgo(20)));
            account.handle(partialEarly(daysAgo(12)));
            assertThat(account.handle(partialEarly(daysAgo(10)))).isPresent();
            account.lift(ReasonCode.COOL_OFF_ELAPSED, daysAgo(3));

            assertThat(account.handle(partialEarly(NOW))).isPresent();
        }

        @Test
        void afterACoolOffTheEvidenceOfTheLiftedFreezeNoLongerCounts() {
            Account account = new Account(SPENDING);
            long first = account.record(partialEarly(daysAgo(20)));
            account.handle(partialEarly(daysAgo(12)));
            Optional<Verdict> freeze = account.handle(partialEarly(daysAgo(10)));
            assertThat(evidence(freeze)).hasSize(3).startsWith(first);
            account.lift(ReasonCode.COOL_OFF_ELAPSED, daysAgo(3));

            assertThat(account.handle(partialEarly(daysAgo(2)))).isEmpty();
            assertThat(account.handle(partialEarly(daysAgo(1)))).isEmpty();
            assertThat(account.state.restrictions()).isEmpty();
        }

        @Test
        void threeNewEarlyRepaymentsAfterTheLiftFreezeOnTheirOwnEvidence() {
            Account account = new Account(SPENDING);
            account.handle(partialEarly(daysAgo(20)));
            account.handle(partialEarly(daysAgo(12)));
            account.handle(partialEarly(daysAgo(10)));
            account.lift(ReasonCode.APPEAL_UPHELD, daysAgo(9));
            long a = account.record(partialEarly(daysAgo(8)));
            long b = account.record(partialEarly(daysAgo(4)));

            Optional<Verdict> again = account.handle(partialEarly(NOW));

            assertThat(evidence(again)).containsExactly(a, b, account.lastFreeze() - 1);
        }

        @Test
        void evidenceIsSpentOnlyForTheRuleWhoseFreezeWasLifted() {
            Account account = new Account(SPENDING);
            account.handle(partialEarly(daysAgo(20)));
            account.handle(partialEarly(daysAgo(12)));
            account.handle(partialEarly(daysAgo(10)));
            account.lift(ReasonCode.MANUAL_REVIEW, daysAgo(9));

            assertThat(account.facts.spentEvidence(RiskPolicy.EARLY_PARTIAL_REPAYMENT)).hasSize(3);
            assertThat(account.facts.spentEvidence(RiskPolicy.BORROW_VELOCITY)).isEmpty();
        }
    }

    @Nested
    class InASnapshot {

        @Test
        void spentEvidenceAndTheFreezesInForceSurviveASnapshotOfTheFacts() throws Exception {
            Account account = new Account(SPENDING);
            account.handle(partialEarly(daysAgo(20)));
            account.handle(partialEarly(daysAgo(12)));
            account.handle(partialEarly(daysAgo(10)));
            account.lift(ReasonCode.COOL_OFF_ELAPSED, daysAgo(3));
            var mapper = org.loanledger.shared.json.LedgerJson.storageMapper();

            RiskFacts restored = mapper.readValue(mapper.writeValueAsString(account.facts), RiskFacts.class);

            assertThat(restored.spentEvidence(RiskPolicy.EARLY_PARTIAL_REPAYMENT))
                    .isEqualTo(account.facts.spentEvidence(RiskPolicy.EARLY_PARTIAL_REPAYMENT)).hasSize(3);
        }
    }

    @Nested
    class BorrowVelocity {

        @Test
        void borrowingsThatFrozeTheAccountDoNotCountAgainAfterTheLift() {
            Account account = new Account(SPENDING);
            Instant start = NOW.minus(Duration.ofHours(10));
            Optional<Verdict> verdict = Optional.empty();
            for (int i = 0; i < 5; i++) {
                verdict = account.handle(borrowed(start.plus(Duration.ofMinutes(10L * i))));
            }
            assertThat(verdict).isPresent();
            account.lift(ReasonCode.MANUAL_REVIEW, NOW.minus(Duration.ofHours(2)));

            assertThat(account.handle(borrowed(NOW.minus(Duration.ofHours(1))))).isEmpty();
            assertThat(Set.copyOf(account.facts.spentEvidence(RiskPolicy.BORROW_VELOCITY)))
                    .hasSize(evidence(verdict).size());
        }
    }
}
