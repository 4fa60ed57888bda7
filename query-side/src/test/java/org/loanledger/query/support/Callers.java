package org.loanledger.query.support;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The development callers of the embedded default, as tests present them. */
public final class Callers {

    public static final String OPS = "Bearer ops-dev-token";
    public static final String AUDITOR = "Bearer auditor-dev-token";
    public static final String LENDER = "Bearer lender-dev-token";

    private Callers() {
    }

    /** The client acting as ops, who may read everything on the query side and rebuild projections. */
    public static WebTestClient asOps(WebTestClient client) {
        return client.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, OPS).build();
    }
}
