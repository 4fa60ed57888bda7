package org.loanledger.support.risk;

import org.loanledger.shared.risk.RiskPolicies;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The configured risk policies, from {@code ledger-risk-policies.yml} (imported by both services, so they never
 * disagree on what a policy version means) and {@code LEDGER_RISK_ACTIVE_POLICY}.
 */
@AutoConfiguration
@EnableConfigurationProperties(RiskPolicyProperties.class)
public class LedgerRiskConfiguration {

    @Bean
    public RiskPolicies riskPolicies(RiskPolicyProperties properties) {
        return properties.toPolicies();
    }
}
