package org.loanledger.support.security;

import org.springframework.security.config.web.server.ServerHttpSecurity;

/** A service's own rules of which role may call which path; applied before "everything else needs a caller". */
@FunctionalInterface
public interface AccessRules {

    void apply(ServerHttpSecurity.AuthorizeExchangeSpec exchanges);
}
