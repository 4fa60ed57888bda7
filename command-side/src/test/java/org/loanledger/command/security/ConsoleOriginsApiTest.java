package org.loanledger.command.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.loanledger.command.web.LedgerDataDirs;
import org.loanledger.command.web.RunningCommandSide;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The console served by the query side (by default on port 8081 of this host) decides appeals here from a browser:
 * its origin may call the API by CORS, with the caller's bearer token still required, and no other origin may.
 */
@RunningCommandSide
class ConsoleOriginsApiTest {

    private static final Path DATA_DIR = LedgerDataDirs.fresh(ConsoleOriginsApiTest.class);
    private static final String CONSOLE = "http://localhost:8081";
    private static final String DECISION = "/api/accounts/acc-cors/appeals/ap-1/decision";

    @DynamicPropertySource
    static void ledger(DynamicPropertyRegistry registry) {
        registry.add("ledger.data-dir", DATA_DIR::toString);
    }

    @Autowired
    WebTestClient webTestClient;

    WebTestClient client;

    @BeforeEach
    void client() {
        client = webTestClient.mutate().responseTimeout(Duration.ofSeconds(20)).build();
    }

    private WebTestClient.ResponseSpec preflight(String origin) {
        return client.options().uri(DECISION)
                .header(HttpHeaders.ORIGIN, origin)
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, HttpMethod.POST.name())
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization,content-type,idempotency-key")
                .exchange();
    }

    @Nested
    class TheConsolesOrigin {

        @Test
        void mayPostWithATokenAndAnIdempotencyKey() {
            preflight(CONSOLE)
                    .expectStatus().isOk()
                    .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, CONSOLE)
                    .expectHeader().value(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS,
                            headers -> assertThat(headers.toLowerCase())
                                    .contains("authorization", "content-type", "idempotency-key"))
                    .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS);
        }

        @Test
        void stillNeedsABearerToken() {
            client.post().uri(DECISION)
                    .header(HttpHeaders.ORIGIN, CONSOLE)
                    .header("Idempotency-Key", "cors-1")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"decision\":\"UPHOLD\",\"note\":\"from a page\"}")
                    .exchange()
                    .expectStatus().isUnauthorized()
                    .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, CONSOLE)
                    .expectBody().jsonPath("$.code").isEqualTo("UNAUTHENTICATED");
        }
    }

    @Nested
    class AnotherOrigin {

        @Test
        void isRefusedBeforeAnythingRuns() {
            preflight("http://elsewhere.example")
                    .expectStatus().isForbidden()
                    .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
        }

        @Test
        void getsNoPermissionToReadAnAnswer() {
            client.post().uri(DECISION)
                    .header(HttpHeaders.ORIGIN, "http://elsewhere.example")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer ops-dev-token")
                    .header("Idempotency-Key", "cors-2")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"decision\":\"UPHOLD\",\"note\":\"from elsewhere\"}")
                    .exchange()
                    .expectStatus().isForbidden()
                    .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
        }
    }
}
