package org.loanledger.support.deployment;

import org.loanledger.support.security.LedgerSecurityConfiguration;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.DependsOn;
import org.springframework.core.env.Environment;

/** The production profiles' startup checks; the embedded default needs none. */
@AutoConfiguration(after = LedgerSecurityConfiguration.class)
@ConditionalOnExpression("!'${ledger.event-store:embedded}'.equals('embedded')")
public class DeploymentChecksConfiguration {

    @Bean
    public static BeanFactoryPostProcessor productionRequiredSettings(Environment environment) {
        return ProductionStartupChecks.requiredSettings(environment);
    }

    /** After the bearer tokens, so a copied development token is reported as that, not as a later symptom. */
    @Bean
    @DependsOn("bearerTokens")
    public InitializingBean productionServersReachable(Environment environment) {
        return ProductionStartupChecks.axonServerReachable(environment);
    }
}
