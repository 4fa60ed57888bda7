package org.loanledger.support.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.loanledger.shared.risk.RiskPolicies;
import org.loanledger.shared.risk.RiskPolicy;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/** The policies both services import from {@code ledger-risk-policies.yml}, as Spring binds them. */
class ShippedRiskPoliciesTest {

    private static RiskPolicies shipped() throws Exception {
        StandardEnvironment environment = new StandardEnvironment();
        new YamlPropertySourceLoader().load("policies", new ClassPathResource("ledger-risk-policies.yml"))
                .forEach(source -> environment.getPropertySources().addLast(source));
        return Binder.get(environment).bind("ledger.risk", RiskPolicyProperties.class).get().toPolicies();
    }

    @Test
    void theActivePolicyIs202612AndItSpendsTheEvidenceOfLiftedFreezes() throws Exception {
        RiskPolicy active = shipped().active();

        assertThat(active.version()).isEqualTo("2026-12");
        assertThat(active.borrowVelocity().liftSpendsEvidence()).isTrue();
        assertThat(active.earlyPartialRepayment().liftSpendsEvidence()).isTrue();
        assertThat(active.earlyPartialRepayment().count()).isEqualTo(3);
        assertThat(active.earlyPartialRepayment().window()).isEqualTo(Duration.ofDays(30));
        assertThat(active.overdueHistory().liftSpendsEvidence()).isFalse();
    }

    @Test
    void policy202611KeepsCountingLiftedEvidenceAsItDidWhenItsDecisionsWereRecorded() throws Exception {
        RiskPolicy previous = shipped().version("2026-11").orElseThrow();

        assertThat(previous).isEqualTo(RiskPolicy.default202611());
        assertThat(previous.earlyPartialRepayment().liftSpendsEvidence()).isFalse();
    }
}
