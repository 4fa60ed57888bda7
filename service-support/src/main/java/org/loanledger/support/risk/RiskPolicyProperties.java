package org.loanledger.support.risk;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.loanledger.shared.risk.RiskPolicies;
import org.loanledger.shared.risk.RiskPolicy;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code ledger.risk}: the policies by version and which one is active ({@code LEDGER_RISK_ACTIVE_POLICY}).
 * A policy lists only the rules it has; a rule left out is not applied.
 */
@ConfigurationProperties("ledger.risk")
public record RiskPolicyProperties(@DefaultValue("2026-12") String activePolicy,
                                   @DefaultValue Map<String, Policy> policies) {

    public record Policy(Count borrowVelocity, Count earlyPartialRepayment, Count overdueHistory, Score modelScore,
                         Signal externalSignal) {
    }

    public record Count(int count, Duration window, Duration coolOff, Boolean liftSpendsEvidence) {
    }

    public record Score(int cutoff) {
    }

    public record Signal(String severity, Set<String> types) {
    }

    public RiskPolicies toPolicies() {
        Map<String, RiskPolicy> byVersion = new LinkedHashMap<>();
        policies.forEach((version, p) -> byVersion.put(version, new RiskPolicy(version,
                count(p.borrowVelocity()), count(p.earlyPartialRepayment()), count(p.overdueHistory()),
                p.modelScore() == null ? null : new RiskPolicy.ScoreRule(p.modelScore().cutoff()),
                p.externalSignal() == null ? null
                        : new RiskPolicy.SignalRule(p.externalSignal().severity(), p.externalSignal().types()))));
        return new RiskPolicies(byVersion, activePolicy);
    }

    private static RiskPolicy.CountRule count(Count count) {
        return count == null ? null : new RiskPolicy.CountRule(count.count(), count.window(), count.coolOff(),
                Boolean.TRUE.equals(count.liftSpendsEvidence()));
    }
}
