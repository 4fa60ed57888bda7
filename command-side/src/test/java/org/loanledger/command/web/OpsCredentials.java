package org.loanledger.command.web;

import java.net.http.HttpRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The credentials every HTTP test sends: the development token of the {@code ops} role, which may do everything on
 * the command side. Sent on every request even while the API does not check it, so the tests keep passing once
 * roles are enforced.
 */
public final class OpsCredentials {

    public static final String TOKEN = "ops-dev-token";

    public static final String AUTHORIZATION = "Bearer " + TOKEN;

    private OpsCredentials() {
    }

    public static WebTestClient apply(WebTestClient client) {
        return client.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, AUTHORIZATION).build();
    }

    public static HttpRequest.Builder apply(HttpRequest.Builder request) {
        return request.header(HttpHeaders.AUTHORIZATION, AUTHORIZATION);
    }
}
