package org.loanledger.command.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.loanledger.command.security.Caller.AUDITOR;
import static org.loanledger.command.security.Caller.LENDER;
import static org.loanledger.command.security.Caller.OPS;
import static org.loanledger.command.web.CommandApi.newAccountId;
import static org.loanledger.command.web.CommandApi.newKey;
import static org.loanledger.command.web.CommandApi.path;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.loanledger.command.account.LoanAccount;
import org.loanledger.command.web.CommandApi;
import org.loanledger.command.web.CommandApi.Reply;
import org.loanledger.command.web.IdempotencyKeys;
import org.loanledger.command.web.LedgerDataDirs;
import org.loanledger.command.web.RunningCommandSide;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.support.web.Problems;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

/**
 * Every command-side endpoint against every kind of caller: no token and an unknown token are unauthenticated,
 * a role API.md does not allow is forbidden and stores nothing, and an allowed role is served, with its configured
 * name recorded as the actor of every event it causes.
 */
@RunningCommandSide
class CommandRoleMatrixApiTest {

    private static final Path DATA_DIR = LedgerDataDirs.fresh(CommandRoleMatrixApiTest.class);

    /** Maintenance batches are applied in the background; generous because the build machine is shared. */
    private static final Duration BACKGROUND_BOUND = Duration.ofSeconds(30);

    @DynamicPropertySource
    static void ledger(DynamicPropertyRegistry registry) {
        registry.add("ledger.data-dir", DATA_DIR::toString);
    }

    @Autowired
    WebTestClient webTestClient;

    @Autowired
    DataSource dataSource;

    @Autowired
    EventStore eventStore;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    /** Prepares accounts as ops; the request under test is sent as the caller of each case. */
    CommandApi ops;
    WebTestClient client;
    String accountId;

    @BeforeEach
    void clients() {
        ops = new CommandApi(webTestClient, dataSource);
        client = webTestClient.mutate().responseTimeout(Duration.ofSeconds(30)).build();
        accountId = newAccountId();
    }

    /** One request under test, prepared so that it succeeds when the caller may make it. */
    record Call(HttpMethod method, String path, String body, HttpStatus success, String accountId, String requestId) {

        boolean mutating() {
            return method != HttpMethod.GET;
        }
    }

    /** The command side's endpoints, who may call each (API.md's roles), and a request each serves. */
    enum Endpoint {

        OPEN(HttpMethod.POST, "/api/accounts", EnumSet.of(LENDER, OPS)) {
            @Override
            Call prepare(CommandApi ops, String accountId, String key) {
                return new Call(method, "/api/accounts", """
                        {"accountId":"%s","customerId":"cust-1","currency":"CNY","creditLimit":"1000.00"}"""
                        .formatted(accountId), HttpStatus.CREATED, accountId, key);
            }
        },
        BORROW(HttpMethod.POST, "/api/accounts/{accountId}/borrowings", EnumSet.of(LENDER, OPS)) {
            @Override
            Call prepare(CommandApi ops, String accountId, String key) {
                ops.open(accountId, "1000.00");
                return new Call(method, path(accountId, "borrowings"), """
                        {"amount":"100.00","termDays":30}""", HttpStatus.CREATED, accountId, key);
            }
        },
        REPAY(HttpMethod.POST, "/api/accounts/{accountId}/repayments", EnumSet.of(LENDER, OPS)) {
            @Override
            Call prepare(CommandApi ops, String accountId, String key) {
                ops.open(accountId, "1000.00");
                ops.borrow(accountId, "300.00");
                return new Call(method, path(accountId, "repayments"), """
                        {"amount":"100.00"}""", HttpStatus.OK, accountId, key);
            }
        },
        FREEZE(HttpMethod.POST, "/api/accounts/{accountId}/freeze", EnumSet.of(OPS)) {
            @Override
            Call prepare(CommandApi ops, String accountId, String key) {
                ops.open(accountId, "1000.00");
                return new Call(method, path(accountId, "freeze"), """
                        {"reasonCode":"MANUAL_REVIEW","note":"held for review"}""", HttpStatus.OK, accountId, key);
            }
        },
        UNFREEZE(HttpMethod.POST, "/api/accounts/{accountId}/unfreeze", EnumSet.of(OPS)) {
            @Override
            Call prepare(CommandApi ops, String accountId, String key) {
                ops.open(accountId, "1000.00");
                ops.freeze(accountId);
                return new Call(method, path(accountId, "unfreeze"), """
                        {"reasonCode":"MANUAL_REVIEW","note":"review found nothing"}""", HttpStatus.OK, accountId, key);
            }
        },
        CHANGE_CREDIT_LIMIT(HttpMethod.PUT, "/api/accounts/{accountId}/credit-limit", EnumSet.of(OPS)) {
            @Override
            Call prepare(CommandApi ops, String accountId, String key) {
                ops.open(accountId, "1000.00");
                return new Call(method, path(accountId, "credit-limit"), """
                        {"creditLimit":"2000.00","reasonCode":"MANUAL_REVIEW","note":"raised after review"}""",
                        HttpStatus.OK, accountId, key);
            }
        },
        CLOSE(HttpMethod.POST, "/api/accounts/{accountId}/close", EnumSet.of(OPS)) {
            @Override
            Call prepare(CommandApi ops, String accountId, String key) {
                ops.open(accountId, "1000.00");
                return new Call(method, path(accountId, "close"), """
                        {"reasonCode":"CUSTOMER_REQUEST","note":"customer asked to close the line"}""",
                        HttpStatus.OK, accountId, key);
            }
        },
        RECORD_CREDIT_SCORE(HttpMethod.POST, "/api/accounts/{accountId}/credit-scores", EnumSet.of(OPS)) {
            @Override
            Call prepare(CommandApi ops, String accountId, String key) {
                ops.open(accountId, "1000.00");
                return new Call(method, path(accountId, "credit-scores"), """
                        {"modelVersion":"m-7","score":720,"factors":["on-time-history"]}""",
                        HttpStatus.OK, accountId, key);
            }
        },
        RECORD_RISK_SIGNAL(HttpMethod.POST, "/api/accounts/{accountId}/risk-signals", EnumSet.of(OPS)) {
            @Override
            Call prepare(CommandApi ops, String accountId, String key) {
                ops.open(accountId, "1000.00");
                return new Call(method, path(accountId, "risk-signals"), """
                        {"type":"DEVICE_CHANGE","severity":"LOW","source":"bureau-1","observedAt":"%s"}"""
                        .formatted(Instant.now().minusSeconds(60)), HttpStatus.OK, accountId, key);
            }
        },
        FILE_APPEAL(HttpMethod.POST, "/api/accounts/{accountId}/appeals", EnumSet.of(LENDER, OPS)) {
            @Override
            Call prepare(CommandApi ops, String accountId, String key) {
                ops.open(accountId, "1000.00");
                ops.freeze(accountId);
                return new Call(method, path(accountId, "appeals"), """
                        {"statement":"I repaid on time; please look again"}""", HttpStatus.CREATED, accountId, key);
            }
        },
        DECIDE_APPEAL(HttpMethod.POST, "/api/accounts/{accountId}/appeals/{appealId}/decision", EnumSet.of(OPS)) {
            @Override
            Call prepare(CommandApi ops, String accountId, String key) {
                ops.open(accountId, "1000.00");
                ops.freeze(accountId);
                String appealId = ops.post(path(accountId, "appeals"), newKey(), """
                        {"statement":"I repaid on time; please look again"}""").expect(HttpStatus.CREATED)
                        .path("appealId").asText();
                return new Call(method, path(accountId, "appeals/" + appealId + "/decision"), """
                        {"decision":"UPHOLD","note":"the repayments were on time"}""", HttpStatus.OK, accountId, key);
            }
        },
        SUBMIT_MAINTENANCE_BATCH(HttpMethod.POST, "/api/maintenance-batches", EnumSet.of(OPS)) {
            @Override
            Call prepare(CommandApi ops, String accountId, String key) {
                ops.open(accountId, "1000.00");
                String batchId = "mb-" + UUID.randomUUID();
                return new Call(method, "/api/maintenance-batches", batch(batchId, accountId), HttpStatus.ACCEPTED,
                        accountId, "maintenance:FREEZE:" + batchId);
            }
        },
        ERASE_CUSTOMER_DATA(HttpMethod.POST, "/api/customers/{customerId}/erasure", EnumSet.of(OPS)) {
            @Override
            Call prepare(CommandApi ops, String accountId, String key) {
                String customerId = "cust-" + accountId;
                ops.post("/api/accounts", newKey(), """
                        {"accountId":"%s","customerId":"%s","currency":"CNY","creditLimit":"1000.00"}"""
                        .formatted(accountId, customerId)).expect(HttpStatus.CREATED);
                return new Call(method, "/api/customers/" + customerId + "/erasure", null, HttpStatus.ACCEPTED, accountId, key);
            }
        },
        MAINTENANCE_BATCH_PROGRESS(HttpMethod.GET, "/api/maintenance-batches/{batchId}", EnumSet.of(OPS)) {
            @Override
            Call prepare(CommandApi ops, String accountId, String key) {
                ops.open(accountId, "1000.00");
                String batchId = "mb-" + UUID.randomUUID();
                ops.post("/api/maintenance-batches", newKey(), batch(batchId, accountId)).expect(HttpStatus.ACCEPTED);
                await().atMost(BACKGROUND_BOUND).until(() -> ops.exchange(c -> c.get()
                        .uri("/api/maintenance-batches/" + batchId)).expect(HttpStatus.OK).path("finished").asBoolean());
                return new Call(method, "/api/maintenance-batches/" + batchId, null, HttpStatus.OK, accountId, null);
            }
        };

        final HttpMethod method;
        final String pattern;
        final Set<Caller> allowed;

        Endpoint(HttpMethod method, String pattern, Set<Caller> allowed) {
            this.method = method;
            this.pattern = pattern;
            this.allowed = allowed;
        }

        /** Brings the fresh {@code accountId} to where the request succeeds for an allowed caller, and builds it. */
        abstract Call prepare(CommandApi ops, String accountId, String key);

        String route() {
            return method + " " + pattern;
        }

        static String batch(String batchId, String accountId) {
            return """
                    {"batchId":"%s","accountIds":["%s"],"action":"FREEZE","note":"core banking migration"}"""
                    .formatted(batchId, accountId);
        }
    }

    static Stream<Arguments> unauthenticated() {
        return Arrays.stream(Endpoint.values())
                .flatMap(endpoint -> Stream.of(Caller.NOBODY, Caller.UNKNOWN_TOKEN).map(c -> Arguments.of(endpoint, c)));
    }

    static Stream<Arguments> forbidden() {
        return Arrays.stream(Endpoint.values()).flatMap(endpoint -> Stream.of(LENDER, OPS, AUDITOR)
                .filter(role -> !endpoint.allowed.contains(role)).map(role -> Arguments.of(endpoint, role)));
    }

    static Stream<Arguments> permitted() {
        return Arrays.stream(Endpoint.values())
                .flatMap(endpoint -> endpoint.allowed.stream().map(role -> Arguments.of(endpoint, role)));
    }

    private Reply send(Caller caller, Call call) {
        WebTestClient.RequestBodySpec request = client.method(call.method()).uri(call.path());
        if (caller.authorization() != null) {
            request.header(HttpHeaders.AUTHORIZATION, caller.authorization());
        }
        if (call.mutating()) {
            request.header(IdempotencyKeys.HEADER, call.requestId());
        }
        WebTestClient.RequestHeadersSpec<?> ready = call.body() == null ? request
                : request.contentType(MediaType.APPLICATION_JSON).bodyValue(call.body().getBytes(StandardCharsets.UTF_8));
        EntityExchangeResult<byte[]> result = ready.exchange().expectBody().returnResult();
        byte[] bytes = result.getResponseBody();
        return Reply.of(result.getStatus().value(), result.getResponseHeaders(),
                bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8));
    }

    private List<DomainEventMessage<?>> eventsOfRequest(Call call) {
        return eventStore.readEvents(call.accountId(), 0).asStream()
                .filter(m -> call.requestId() != null
                        && call.requestId().equals(((AccountEvent) m.getPayload()).requestId()))
                .collect(Collectors.toList());
    }

    /** Refused before anything was decided: the store is as it was, and a refused batch never started. */
    private void assertNothingStored(Endpoint endpoint, Call call, long storedBefore) {
        assertThat(ops.storedEvents()).as("events stored by a refused %s", endpoint).isEqualTo(storedBefore);
        assertThat(eventsOfRequest(call)).as("events of the refused request").isEmpty();
        if (endpoint == Endpoint.SUBMIT_MAINTENANCE_BATCH) {
            String batchId = call.body().replaceAll("(?s).*\"batchId\":\"([^\"]+)\".*", "$1");
            ops.exchange(c -> c.get().uri("/api/maintenance-batches/" + batchId))
                    .expectProblem(HttpStatus.NOT_FOUND, Problems.NOT_FOUND);
        }
    }

    @Nested
    class WithoutAKnownToken {

        @ParameterizedTest(name = "{0} by {1}")
        @MethodSource("org.loanledger.command.security.CommandRoleMatrixApiTest#unauthenticated")
        void aCallerWithoutAKnownTokenIsUnauthenticatedAndStoresNothing(Endpoint endpoint, Caller caller) {
            Call call = endpoint.prepare(ops, accountId, newKey());
            long before = ops.storedEvents();

            Reply reply = send(caller, call);

            reply.expectProblem(HttpStatus.UNAUTHORIZED, Problems.UNAUTHENTICATED);
            assertThat(reply.headers().getFirst(HttpHeaders.WWW_AUTHENTICATE)).as("challenge").startsWith("Bearer");
            assertNothingStored(endpoint, call, before);
        }
    }

    @Nested
    class WithARoleThatMayNot {

        @ParameterizedTest(name = "{0} by {1}")
        @MethodSource("org.loanledger.command.security.CommandRoleMatrixApiTest#forbidden")
        void aRoleApiMdDoesNotAllowIsForbiddenAndStoresNothing(Endpoint endpoint, Caller role) {
            Call call = endpoint.prepare(ops, accountId, newKey());
            long before = ops.storedEvents();

            send(role, call).expectProblem(HttpStatus.FORBIDDEN, Problems.FORBIDDEN);

            assertNothingStored(endpoint, call, before);
        }
    }

    @Nested
    class WithARoleThatMay {

        @ParameterizedTest(name = "{0} by {1}")
        @MethodSource("org.loanledger.command.security.CommandRoleMatrixApiTest#permitted")
        void anAllowedRoleIsServedAndRecordedAsTheActorOfWhatItCaused(Endpoint endpoint, Caller role) {
            Call call = endpoint.prepare(ops, accountId, newKey());
            long before = ops.storedEvents();

            Reply reply = send(role, call);

            assertThat(reply.status()).as("status of %s by %s with body %s", endpoint, role, reply.raw())
                    .isEqualTo(call.success().value());
            if (!call.mutating()) {
                assertThat(ops.storedEvents()).as("events stored by a read").isEqualTo(before);
                return;
            }
            await().atMost(BACKGROUND_BOUND).until(() -> !eventsOfRequest(call).isEmpty());
            assertThat(eventsOfRequest(call)).allSatisfy(event -> {
                assertThat(event.getMetaData().get(LoanAccount.ACTOR)).as("actor in the metadata of %s", event)
                        .isEqualTo(role.actor());
                assertThat(((AccountEvent) event.getPayload()).actor()).as("actor of %s", event.getPayload())
                        .isEqualTo(role.actor());
            });
        }
    }

    @Nested
    class Coverage {

        @Test
        void theMatrixCoversEveryEndpointTheCommandSideServes() {
            Set<String> served = mappings.getHandlerMethods().keySet().stream()
                    .flatMap(info -> info.getPatternsCondition().getPatterns().stream()
                            .filter(pattern -> pattern.getPatternString().startsWith("/api/"))
                            .flatMap(pattern -> info.getMethodsCondition().getMethods().stream()
                                    .map(method -> method + " " + pattern.getPatternString())))
                    .collect(Collectors.toSet());

            assertThat(served).isNotEmpty();
            assertThat(Arrays.stream(Endpoint.values()).map(Endpoint::route).collect(Collectors.toSet()))
                    .containsExactlyInAnyOrderElementsOf(served);
        }
    }
}
