package org.loanledger.query.explanation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.account.AccountFold;
import org.loanledger.shared.account.AccountFrozen;
import org.loanledger.shared.account.AccountState;
import org.loanledger.shared.account.Actors;
import org.loanledger.shared.account.CreditLimitChanged;
import org.loanledger.shared.account.ReasonCode;
import org.loanledger.shared.account.RiskDecision;
import org.loanledger.shared.risk.RiskEngine;
import org.loanledger.shared.risk.RiskFacts;
import org.loanledger.shared.risk.RiskPolicy;

/**
 * Where an account's risk decisions would have differed under another policy: at every event the policy acts on,
 * what the recorded history decided against what {@code policy} decides on the same recorded facts. Each decision
 * point is judged on the account as it really was, so one difference does not cascade into the next.
 */
public final class WhatIf {

    private WhatIf() {
    }

    /** A decision in words an auditor compares: the rule, what it did and for which reason code. */
    public record Decision(String policyVersion, String ruleId, String effect, ReasonCode reasonCode) {
    }

    /** One decision point where the two policies disagree; a side is null where it decided nothing. */
    public record Difference(long triggerSequence, String triggerType, Instant at, Decision recorded, Decision underPolicy) {
    }

    public record Report(String accountId, String policyVersion, int decisionPoints, List<Difference> differences) {
    }

    public static Report compare(AccountTimeline timeline, RiskPolicy policy) {
        List<RecordedEvent> events = timeline.events();
        AccountState state = AccountState.unopened(timeline.accountId());
        RiskFacts facts = new RiskFacts();
        List<Difference> differences = new ArrayList<>();
        int decisionPoints = 0;
        for (int i = 0; i < events.size(); i++) {
            RecordedEvent recorded = events.get(i);
            state = AccountFold.evolve(state, recorded.event());
            facts.record(recorded.sequence(), recorded.event());
            if (isPolicyDecision(recorded.event()) || !triggers(recorded.event())) {
                continue;
            }
            decisionPoints++;
            Decision actual = i + 1 < events.size() ? recordedDecision(events.get(i + 1).event()) : null;
            Decision hypothetical = RiskEngine.evaluate(policy, facts, state, recorded.sequence(), recorded.event())
                    .map(WhatIf::decision).orElse(null);
            if (!sameOutcome(actual, hypothetical)) {
                differences.add(new Difference(recorded.sequence(), recorded.type(), recorded.event().occurredAt(),
                        actual, hypothetical));
            }
        }
        return new Report(timeline.accountId(), policy.version(), decisionPoints, differences);
    }

    private static boolean triggers(AccountEvent event) {
        return event instanceof org.loanledger.shared.account.FundsBorrowed
                || event instanceof org.loanledger.shared.account.RepaymentReceived
                || event instanceof org.loanledger.shared.account.CreditScoreRecorded
                || event instanceof org.loanledger.shared.account.RiskSignalRecorded
                || event instanceof org.loanledger.shared.account.DrawdownOverdue;
    }

    private static boolean isPolicyDecision(AccountEvent event) {
        return Actors.RISK_POLICY.equals(event.actor());
    }

    private static Decision recordedDecision(AccountEvent next) {
        if (!isPolicyDecision(next)) {
            return null;
        }
        return decisionOf(next).map(d -> new Decision(d.policyVersion(), d.ruleId(), effectOf(next),
                reasonOf(next))).orElse(null);
    }

    private static Optional<RiskDecision> decisionOf(AccountEvent event) {
        if (event instanceof AccountFrozen e) {
            return Optional.ofNullable(e.decision());
        }
        if (event instanceof CreditLimitChanged e) {
            return Optional.ofNullable(e.decision());
        }
        return Optional.empty();
    }

    private static String effectOf(AccountEvent event) {
        if (event instanceof AccountFrozen) {
            return "FREEZE";
        }
        return ((CreditLimitChanged) event).imposesLimitCut() ? "LIMIT_CUT" : "RESTORE_LIMIT";
    }

    private static ReasonCode reasonOf(AccountEvent event) {
        return event instanceof AccountFrozen e ? e.reasonCode() : ((CreditLimitChanged) event).reasonCode();
    }

    private static Decision decision(RiskEngine.Verdict verdict) {
        RiskDecision d = verdict.decision();
        if (verdict instanceof RiskEngine.Freeze) {
            return new Decision(d.policyVersion(), d.ruleId(), "FREEZE", ReasonCode.RISK_RULE);
        }
        if (verdict instanceof RiskEngine.CutLimit cut) {
            return new Decision(d.policyVersion(), d.ruleId(), "LIMIT_CUT", cut.reasonCode());
        }
        return new Decision(d.policyVersion(), d.ruleId(), "RESTORE_LIMIT", ReasonCode.RESCORED);
    }

    /** The same outcome: both nothing, or the same rule with the same effect; the policy version may differ. */
    private static boolean sameOutcome(Decision a, Decision b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.ruleId().equals(b.ruleId()) && a.effect().equals(b.effect());
    }
}
