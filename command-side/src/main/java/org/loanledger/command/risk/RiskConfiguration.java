package org.loanledger.command.risk;

import org.loanledger.shared.risk.RiskPolicies;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class RiskConfiguration {

    /** The configured policies; the aggregate applies the active one within the command that triggers it. */
    @Bean
    public RiskPolicies riskPolicies(RiskPolicyProperties properties) {
        return properties.toPolicies();
    }
}
