package org.loanledger.query.explanation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.account.AccountFold;
import org.loanledger.shared.account.AccountFrozen;
import org.loanledger.shared.account.AccountOpened;
import org.loanledger.shared.account.AccountState;
import org.loanledger.shared.account.CreditLimitChanged;
import org.loanledger.shared.account.CreditScoreRecorded;
import org.loanledger.shared.account.FundsBorrowed;
import org.loanledger.shared.account.ReasonCode;
import org.loanledger.shared.account.RepaymentAllocation;
import org.loanledger.shared.account.RepaymentReceived;
import org.loanledger.shared.money.Money;
import org.loanledger.shared.risk.RiskEngine;
import org.loanledger.shared.risk.RiskFacts;
import org.loanledger.shared.risk.RiskPolicy;
import org.loanledger.shared.personal.PersonalText;

/** Explanations of restrictions the risk policy imposed, with decisions made by the real engine. */
class RuleExplanationTest {

    private static final String ACC = "acc-a";

    /** Records events and lets the default policy act after each, as the command side does. */
    private static final class Ledger {
        final AccountHistoryFixture history = new AccountHistoryFixture();
        final RiskFacts facts = new RiskFacts();
        AccountState state = AccountState.unopened(ACC);
        final RiskPolicy policy = RiskPolicy.default202611();

        void record(java.util.function.Function<Instant, AccountEvent> event) {
            history.then(event);
            RecordedEvent recorded = last();
            state = AccountFold.evolve(state, recorded.event());
            facts.record(recorded.sequence(), recorded.event());
            RiskEngine.evaluate(policy, facts, state, recorded.sequence(), recorded.event()).ifPresent(verdict -> {
                AccountEvent decided = verdict instanceof RiskEngine.Freeze freeze
                        ? new AccountFrozen(ACC, ReasonCode.RISK_RULE, PersonalText.clear("rule"), freeze.decision(), null,
                        recorded.event().occurredAt(), "risk-policy", null)
                        : new CreditLimitChanged(ACC, state.creditLimit(), Money.zero("CNY"),
                        ((RiskEngine.CutLimit) verdict).reasonCode(), PersonalText.clear("rule"), true, List.of(), verdict.decision(),
                        recorded.event().occurredAt(), "risk-policy", null);
                history.then(t -> decided);
                RecordedEvent restriction = last();
                state = AccountFold.evolve(state, restriction.event());
                facts.record(restriction.sequence(), restriction.event());
            });
        }

        RecordedEvent last() {
            List<RecordedEvent> all = history.events();
            return all.get(all.size() - 1);
        }
    }

    private static RepaymentReceived partialEarly(Instant t, String amount, String remaining) {
        return new RepaymentReceived(ACC, Money.of("CNY", amount), List.of(new RepaymentAllocation("dd-1",
                Money.of("CNY", amount), Money.of("CNY", remaining), LocalDate.of(2026, 12, 31), true, false)),
                true, true, t, "lender", null);
    }

    @Test
    void caseAThreePartialEarlyRepaymentsExplainTheFreezeWithTheirEvidenceAndTheCoolOff() {
        Ledger ledger = new Ledger();
        ledger.record(t -> new AccountOpened(ACC, "cust-a", "CNY", Money.of("CNY", "5000.00"), t, "lender", "k0"));
        ledger.record(t -> new FundsBorrowed(ACC, "dd-1", Money.of("CNY", "1500.00"), 60, LocalDate.of(2026, 12, 31), t, "lender", "k1"));
        ledger.record(t -> partialEarly(t, "500.00", "1000.00"));
        ledger.record(t -> partialEarly(t, "300.00", "700.00"));
        ledger.record(t -> partialEarly(t, "200.00", "500.00"));

        List<RecordedEvent> events = ledger.history.events();
        Explanation explanation = Explainer.explain(ACC, events, events.get(events.size() - 1).event().occurredAt());

        assertThat(explanation.canBorrow()).isFalse();
        var restriction = explanation.restriction();
        assertThat(restriction.reasonCode()).isEqualTo(ReasonCode.RISK_RULE);
        assertThat(restriction.ruleId()).isEqualTo(RiskPolicy.EARLY_PARTIAL_REPAYMENT);
        assertThat(restriction.policyVersion()).isEqualTo("2026-11");
        assertThat(restriction.solelyAutomated()).isTrue();
        assertThat(restriction.evidence()).extracting(Explanation.Evidence::sequence).containsExactly(2L, 3L, 4L);
        assertThat(restriction.evidence()).allSatisfy(e -> assertThat(e.summary()).startsWith("partial early repayment of"));
        assertThat(restriction.principalReasons().get(0).observed()).isEqualTo("3 in 30 days");
        assertThat(restriction.principalReasons().get(0).threshold()).isEqualTo("3 in 30 days");
        Instant coolOffEnd = AccountHistoryFixture.at(4).plus(Duration.ofDays(7));
        assertThat(restriction.liftableBy()).extracting(Explanation.LiftOption::kind).containsExactly("COOL_OFF", "APPEAL");
        assertThat(restriction.liftableBy().get(0).at()).isEqualTo(coolOffEnd);
        assertThat(restriction.stateBefore().available()).isEqualTo("4500.00");
        assertThat(restriction.stateAfter().available()).isEqualTo("0.00");
        assertThat(restriction.narrative().en()).contains("EARLY_PARTIAL_REPAYMENT").contains("2026-11")
                .contains("observed 3 in 30 days");
        assertThat(restriction.narrative().zh()).contains("风控策略2026-11").contains("EARLY_PARTIAL_REPAYMENT");
    }

    @Test
    void aModelRescoreCutNamesTheModelVersionTheScoreAndTheScoreNeeded() {
        Ledger ledger = new Ledger();
        ledger.record(t -> new AccountOpened(ACC, "cust-a", "CNY", Money.of("CNY", "5000.00"), t, "lender", "k0"));
        ledger.record(t -> new CreditScoreRecorded(ACC, "model-2026.2", 512, List.of("THIN_FILE"), LocalDate.of(2026, 10, 31), t, "ops", "k1"));

        List<RecordedEvent> events = new ArrayList<>(ledger.history.events());
        var restriction = Explainer.explain(ACC, events, AccountHistoryFixture.at(5)).restriction();

        assertThat(restriction.reasonCode()).isEqualTo(ReasonCode.MODEL_RESCORE);
        assertThat(restriction.modelVersion()).isEqualTo("model-2026.2");
        assertThat(restriction.principalReasons()).extracting(Explanation.PrincipalReason::code)
                .containsExactly("CREDIT_SCORE", "THIN_FILE");
        assertThat(restriction.principalReasons().get(0).observed()).isEqualTo("512");
        assertThat(restriction.principalReasons().get(0).dataDate()).isEqualTo("2026-10-31");
        assertThat(restriction.liftableBy()).extracting(Explanation.LiftOption::kind).containsExactly("RESCORE", "APPEAL");
        assertThat(restriction.liftableBy().get(0).scoreNeeded()).isEqualTo(550);
        assertThat(restriction.narrative().en()).contains("model-2026.2").contains("observed 512");
    }
}
