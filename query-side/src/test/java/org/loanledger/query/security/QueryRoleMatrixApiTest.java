package org.loanledger.query.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.loanledger.query.support.AccountEvents.borrowed;
import static org.loanledger.query.support.AccountEvents.frozen;
import static org.loanledger.query.support.AccountEvents.opened;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.loanledger.query.projection.ProjectionAdmin;
import org.loanledger.query.projection.Projections;
import org.loanledger.query.support.EventStoreWriter;
import org.loanledger.query.support.QuerySideTest;
import org.loanledger.shared.account.ReasonCode;
import org.loanledger.support.eventstore.DurablePosition;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

/**
 * Every query-side endpoint against every kind of caller: no token and an unknown token are unauthenticated, a
 * role the access rules do not allow is forbidden (and a forbidden rebuild or retry is never started), and an
 * allowed role is answered. Lenders read one account at a time; the cross-account lists, the portfolio and the
 * projections' status are for ops and auditors; only ops rebuild projections or retry their dead letters. The
 * console's pages are open to anyone without a token.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "ledger.query.min-version-wait=20s")
class QueryRoleMatrixApiTest {

    private static final String ACCOUNT = "acc-matrix-" + UUID.randomUUID();

    /** The version of {@link #ACCOUNT} once its three events are appended. */
    private static final long VERSION = 2;

    private static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        QuerySideTest.freshDataDir(registry);
    }

    @Autowired
    WebTestClient webTestClient;

    @Autowired
    EventStore eventStore;

    /** The serving process's durable position: the series and replay endpoints read only what it covers. */
    @Autowired
    DurablePosition durable;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @MockitoSpyBean
    ProjectionAdmin admin;

    WebTestClient client;

    @BeforeEach
    void account() {
        client = webTestClient.mutate().responseTimeout(Duration.ofSeconds(30)).build();
        if (eventStore.lastSequenceNumberFor(ACCOUNT).isEmpty()) {
            new EventStoreWriter(eventStore, durable).append(opened(ACCOUNT, "5000.00"), borrowed(ACCOUNT, "d-1", "100.00", 1),
                    frozen(ACCOUNT, ReasonCode.MANUAL_REVIEW, 2));
        }
    }

    enum Caller {
        NOBODY(null),
        UNKNOWN_TOKEN("Bearer not-a-token-of-this-ledger"),
        LENDER("Bearer lender-dev-token"),
        OPS("Bearer ops-dev-token"),
        AUDITOR("Bearer auditor-dev-token");

        final String authorization;

        Caller(String authorization) {
            this.authorization = authorization;
        }
    }

    private static final Set<Caller> READERS_OF_AN_ACCOUNT = EnumSet.of(Caller.LENDER, Caller.OPS, Caller.AUDITOR);
    private static final Set<Caller> READERS_OF_EVERYTHING = EnumSet.of(Caller.OPS, Caller.AUDITOR);
    private static final Set<Caller> OPERATORS = EnumSet.of(Caller.OPS);
    /** The console's pages hold no data, so anyone may load them; an unknown token is still refused. */
    private static final Set<Caller> ANYONE = EnumSet.of(Caller.NOBODY, Caller.LENDER, Caller.OPS, Caller.AUDITOR);

    /** The query side's endpoints, who may call each, and a request each answers with success. */
    enum Endpoint {
        ACCOUNT_VIEW(HttpMethod.GET, "/api/accounts/{accountId}", "/api/accounts/%s?minVersion=%d",
                READERS_OF_AN_ACCOUNT, HttpStatus.OK),
        HISTORY(HttpMethod.GET, "/api/accounts/{accountId}/history", "/api/accounts/%s/history?minVersion=%d",
                READERS_OF_AN_ACCOUNT, HttpStatus.OK),
        STATE(HttpMethod.GET, "/api/accounts/{accountId}/state", "/api/accounts/%s/state?sequence=1",
                READERS_OF_AN_ACCOUNT, HttpStatus.OK),
        EXPLANATION(HttpMethod.GET, "/api/accounts/{accountId}/explanation", "/api/accounts/%s/explanation",
                READERS_OF_AN_ACCOUNT, HttpStatus.OK),
        SERIES(HttpMethod.GET, "/api/accounts/{accountId}/series", "/api/accounts/%s/series",
                READERS_OF_AN_ACCOUNT, HttpStatus.OK),
        RESTRICTIONS(HttpMethod.GET, "/api/accounts/{accountId}/restrictions", "/api/accounts/%s/restrictions",
                READERS_OF_AN_ACCOUNT, HttpStatus.OK),
        INTEGRITY(HttpMethod.GET, "/api/accounts/{accountId}/integrity", "/api/accounts/%s/integrity",
                READERS_OF_AN_ACCOUNT, HttpStatus.OK),
        WHAT_IF(HttpMethod.GET, "/api/accounts/{accountId}/what-if", "/api/accounts/%s/what-if?policyVersion=2026-12-strict",
                READERS_OF_AN_ACCOUNT, HttpStatus.OK),
        AUDIT_EXPORT(HttpMethod.GET, "/api/accounts/{accountId}/audit-export", "/api/accounts/%s/audit-export",
                READERS_OF_AN_ACCOUNT, HttpStatus.OK),
        ACCOUNT_LIST(HttpMethod.GET, "/api/accounts", "/api/accounts?status=FROZEN", READERS_OF_EVERYTHING,
                HttpStatus.OK),
        PORTFOLIO(HttpMethod.GET, "/api/portfolio", "/api/portfolio", READERS_OF_EVERYTHING, HttpStatus.OK),
        APPEALS(HttpMethod.GET, "/api/appeals", "/api/appeals?status=OPEN", READERS_OF_EVERYTHING, HttpStatus.OK),
        PROJECTIONS(HttpMethod.GET, "/api/admin/projections", "/api/admin/projections", READERS_OF_EVERYTHING,
                HttpStatus.OK),
        DEAD_LETTERS(HttpMethod.GET, "/api/admin/projections/{name}/dead-letters",
                "/api/admin/projections/" + Projections.PORTFOLIO + "/dead-letters", READERS_OF_EVERYTHING, HttpStatus.OK),
        REBUILD(HttpMethod.POST, "/api/admin/projections/{name}/rebuild",
                "/api/admin/projections/" + Projections.PORTFOLIO + "/rebuild", OPERATORS, HttpStatus.ACCEPTED),
        RETRY_DEAD_LETTERS(HttpMethod.POST, "/api/admin/projections/{name}/dead-letters/retry",
                "/api/admin/projections/" + Projections.PORTFOLIO + "/dead-letters/retry", OPERATORS, HttpStatus.OK),
        CONSOLE_ENTRY(HttpMethod.GET, "/console", "/console", ANYONE, HttpStatus.PERMANENT_REDIRECT),
        CONSOLE_PAGE(HttpMethod.GET, "/console/", "/console/", ANYONE, HttpStatus.OK),
        CONSOLE_SCRIPT(HttpMethod.GET, "/console/**", "/console/app.js", ANYONE, HttpStatus.OK),
        CONSOLE_CONFIG(HttpMethod.GET, "/console/config.json", "/console/config.json", ANYONE, HttpStatus.OK);

        final HttpMethod method;
        final String pattern;
        final String uri;
        final Set<Caller> allowed;
        final HttpStatus success;

        Endpoint(HttpMethod method, String pattern, String uri, Set<Caller> allowed, HttpStatus success) {
            this.method = method;
            this.pattern = pattern;
            this.uri = uri.formatted(ACCOUNT, VERSION);
            this.allowed = allowed;
            this.success = success;
        }

        String route() {
            return method + " " + pattern;
        }
    }

    record Reply(int status, HttpHeaders headers, String raw) {

        JsonNode problem(HttpStatus expected, String code) {
            assertThat(status).as("status of a reply with body %s", raw).isEqualTo(expected.value());
            assertThat(headers.getContentType()).as("content type").isNotNull();
            assertThat(headers.getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .as("content type %s", headers.getContentType()).isTrue();
            try {
                JsonNode body = JSON.readTree(raw);
                assertThat(body.path("status").asInt()).as("status in %s", raw).isEqualTo(expected.value());
                assertThat(body.path("code").asText()).as("code in %s", raw).isEqualTo(code);
                return body;
            } catch (java.io.IOException e) {
                throw new AssertionError("not a problem body: " + raw, e);
            }
        }
    }

    private Reply send(Caller caller, Endpoint endpoint) {
        WebTestClient.RequestBodySpec request = client.method(endpoint.method).uri(endpoint.uri);
        if (caller.authorization != null) {
            request.header(HttpHeaders.AUTHORIZATION, caller.authorization);
        }
        EntityExchangeResult<byte[]> result = request.exchange().expectBody().returnResult();
        byte[] body = result.getResponseBody();
        return new Reply(result.getStatus().value(), result.getResponseHeaders(),
                body == null ? "" : new String(body, StandardCharsets.UTF_8));
    }

    /** A refused rebuild or retry must not have reached the projections. */
    private void assertNothingStarted() {
        verify(admin, never()).rebuild(any());
        verify(admin, never()).retryDeadLetters(any());
    }

    static Stream<Arguments> unauthenticated() {
        return Arrays.stream(Endpoint.values()).flatMap(endpoint -> Stream.of(Caller.NOBODY, Caller.UNKNOWN_TOKEN)
                .filter(caller -> !endpoint.allowed.contains(caller)).map(caller -> Arguments.of(endpoint, caller)));
    }

    static Stream<Arguments> forbidden() {
        return Arrays.stream(Endpoint.values()).flatMap(endpoint -> Stream.of(Caller.LENDER, Caller.OPS, Caller.AUDITOR)
                .filter(role -> !endpoint.allowed.contains(role)).map(role -> Arguments.of(endpoint, role)));
    }

    static Stream<Arguments> permitted() {
        return Arrays.stream(Endpoint.values())
                .flatMap(endpoint -> endpoint.allowed.stream().map(role -> Arguments.of(endpoint, role)));
    }

    @Nested
    class WithoutAKnownToken {

        @ParameterizedTest(name = "{0} by {1}")
        @MethodSource("org.loanledger.query.security.QueryRoleMatrixApiTest#unauthenticated")
        void aCallerWithoutAKnownTokenIsUnauthenticated(Endpoint endpoint, Caller caller) {
            Reply reply = send(caller, endpoint);

            reply.problem(HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED");
            assertThat(reply.headers().getFirst(HttpHeaders.WWW_AUTHENTICATE)).as("challenge").startsWith("Bearer");
            assertNothingStarted();
        }
    }

    @Nested
    class WithARoleThatMayNot {

        @ParameterizedTest(name = "{0} by {1}")
        @MethodSource("org.loanledger.query.security.QueryRoleMatrixApiTest#forbidden")
        void aRoleTheRulesDoNotAllowIsForbidden(Endpoint endpoint, Caller role) {
            send(role, endpoint).problem(HttpStatus.FORBIDDEN, "FORBIDDEN");

            assertNothingStarted();
        }
    }

    @Nested
    class WithARoleThatMay {

        @ParameterizedTest(name = "{0} by {1}")
        @MethodSource("org.loanledger.query.security.QueryRoleMatrixApiTest#permitted")
        void anAllowedRoleIsAnswered(Endpoint endpoint, Caller role) {
            Reply reply = send(role, endpoint);

            assertThat(reply.status()).as("status of %s by %s with body %s", endpoint, role, reply.raw())
                    .isEqualTo(endpoint.success.value());
            if (endpoint.uri.startsWith("/api/accounts/" + ACCOUNT)) {
                assertThat(reply.raw()).as("answer about the account").contains(ACCOUNT);
            }
        }
    }

    @Nested
    class Coverage {

        @Test
        void theMatrixCoversEveryEndpointTheQuerySideServes() {
            Set<String> served = mappings.getHandlerMethods().keySet().stream()
                    .flatMap(info -> info.getPatternsCondition().getPatterns().stream()
                            .filter(pattern -> pattern.getPatternString().startsWith("/api/"))
                            .flatMap(pattern -> info.getMethodsCondition().getMethods().stream()
                                    .map(method -> method + " " + pattern.getPatternString())))
                    .collect(Collectors.toSet());

            assertThat(served).isNotEmpty();
            assertThat(Arrays.stream(Endpoint.values()).filter(endpoint -> endpoint.pattern.startsWith("/api/"))
                    .map(Endpoint::route).collect(Collectors.toSet()))
                    .containsExactlyInAnyOrderElementsOf(served);
        }
    }
}
