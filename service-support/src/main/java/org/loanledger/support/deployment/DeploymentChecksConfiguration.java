package org.loanledger.support.deployment;

import org.loanledger.support.security.LedgerSecurityConfiguration;
import org.loanledger.support.security.TokenProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.DependsOn;
import org.springframework.core.env.Environment;

/** The production profiles' startup checks; the embedded default needs none. */
@AutoConfiguration(after = LedgerSecurityConfiguration.class)
@ConditionalOnExpression("!'${ledger.event-store:embedded}'.equals('embedded')")
public class DeploymentChecksConfiguration {

    /** After the bearer tokens, so a copied development token is reported as that, not as a later symptom. */
    @Bean
    @DependsOn("bearerTokens")
    public ProductionStartupChecks productionStartupChecks(Environment environment, TokenProperties tokens) {
        return new ProductionStartupChecks(environment, tokens);
    }
}
