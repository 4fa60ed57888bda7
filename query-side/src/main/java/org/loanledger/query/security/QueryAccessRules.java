package org.loanledger.query.security;

import org.loanledger.support.security.AccessRules;
import org.loanledger.support.security.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * One account's views, replay and explanation may be read by lenders (a front-end shows its customer why the line
 * cannot be used), ops and auditors. Cross-account lists, the portfolio, the appeals queue and projection status are
 * for ops and auditors; only ops rebuild projections or retry dead letters. The console's static pages are open to
 * all.
 */
@Configuration(proxyBeanMethods = false)
public class QueryAccessRules {

    @Bean
    public AccessRules querySideAccess() {
        return exchanges -> exchanges
                // The console's pages hold no data; what they show comes from API calls carrying the user's token.
                .pathMatchers(HttpMethod.GET, "/console", "/console/**").permitAll()
                .pathMatchers(HttpMethod.POST, "/api/admin/**").hasRole(Role.OPS.name())
                .pathMatchers(HttpMethod.GET, "/api/accounts/*", "/api/accounts/*/**")
                .hasAnyRole(Role.LENDER.name(), Role.OPS.name(), Role.AUDITOR.name())
                .pathMatchers(HttpMethod.GET, "/api/**").hasAnyRole(Role.OPS.name(), Role.AUDITOR.name())
                .pathMatchers("/api/**").denyAll();
    }
}
