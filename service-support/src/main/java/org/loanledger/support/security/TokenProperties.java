package org.loanledger.support.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The bearer tokens a service accepts. Only their SHA-256 is configured, so a leaked configuration does not leak a
 * usable token.
 *
 * @param tokens                  each caller: its name (recorded as the actor of what it does), role and token hash
 * @param allowDevelopmentTokens  whether the well-known development tokens may be configured; only the embedded
 *                                default allows them, and a service refuses to start with one when this is false
 */
@ConfigurationProperties("ledger.security")
public record TokenProperties(@DefaultValue List<Token> tokens, @DefaultValue("false") boolean allowDevelopmentTokens) {

    public record Token(String name, Role role, String sha256) {
    }
}
