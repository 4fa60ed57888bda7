package org.loanledger.command.security;

import org.loanledger.support.security.AccessRules;
import org.loanledger.support.security.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Lenders open accounts, borrow, repay and appeal for their customers; everything else on the command side (freezes,
 * limits, closing, intake of scores and signals, appeal decisions, maintenance, erasure) is for ops. Auditors change
 * nothing.
 */
@Configuration(proxyBeanMethods = false)
public class CommandAccessRules {

    @Bean
    public AccessRules commandSideAccess() {
        return exchanges -> exchanges
                .pathMatchers(HttpMethod.POST, "/api/accounts", "/api/accounts/*/borrowings", "/api/accounts/*/repayments",
                        "/api/accounts/*/appeals")
                .hasAnyRole(Role.LENDER.name(), Role.OPS.name())
                .pathMatchers("/api/**").hasRole(Role.OPS.name());
    }
}
