package org.loanledger.command.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.loanledger.command.web.CommandApi.newAccountId;
import static org.loanledger.command.web.CommandApi.newKey;
import static org.loanledger.command.web.CommandApi.path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.loanledger.command.web.HostileRequests.Endpoint;
import org.loanledger.command.web.HostileRequests.Hostile;
import org.loanledger.command.web.HostileRequests.Kind;
import org.loanledger.command.web.HostileRequests.Targets;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A generated barrage of hostile requests against every command endpoint, over real connections: wrong types,
 * missing and extra fields, huge numbers, unicode and control characters, bad ids, wrong content types, oversized
 * bodies, wrong roles, malformed JSON, bad idempotency keys, wrong methods and out-of-range values. Each request is
 * one the API accepts with at least one defect added, aimed at accounts where the request without its defect
 * succeeds. Every one must be refused with a 4xx problem and none may store anything.
 *
 * <p>The seed is new on every run and printed with any failure; {@code -Dledger.hostile.seed=N} repeats a run.
 */
@RunningCommandSide
class HostileInputApiTest {

    private static final Path DATA_DIR = LedgerDataDirs.fresh(HostileInputApiTest.class);

    /** At least the issue's thousand; {@code -Dledger.hostile.requests=N} sends more for a deeper search. */
    private static final int REQUESTS = Math.max(1_000, Integer.getInteger("ledger.hostile.requests", 1_300));

    /** Every kind of defect and every endpoint must be exercised at least this often in one run. */
    private static final int AT_LEAST_EACH = 30;

    private static final long SEED = Long.getLong("ledger.hostile.seed", System.nanoTime());

    private static final Duration BOUND = Duration.ofSeconds(30);

    private static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void ledger(DynamicPropertyRegistry registry) {
        registry.add("ledger.data-dir", DATA_DIR::toString);
    }

    @Autowired
    WebTestClient webTestClient;

    @Autowired
    DataSource dataSource;

    @LocalServerPort
    int port;

    CommandApi api;
    HttpClient http;

    @BeforeEach
    void clients() {
        api = new CommandApi(webTestClient, dataSource);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /**
     * Accounts on which each endpoint's defect-free request succeeds: one with room to borrow and something to
     * repay, one with nothing outstanding to close, a frozen one to appeal and unfreeze, one with an open appeal to
     * decide, and a maintenance batch that has run.
     */
    private Targets prepareTargets() {
        String active = newAccountId();
        api.open(active, "900000.00");
        api.borrow(active, "400000.00");
        String empty = newAccountId();
        api.open(empty, "1000.00");
        String frozen = newAccountId();
        api.open(frozen, "1000.00");
        api.freeze(frozen);
        String appealed = newAccountId();
        api.open(appealed, "1000.00");
        api.freeze(appealed);
        String appealId = api.post(path(appealed, "appeals"), newKey(), """
                {"statement":"the freeze is a mistake"}""").expect(HttpStatus.CREATED).path("appealId").asText();
        String spare = newAccountId();
        api.open(spare, "1000.00");
        String batchId = "mb-" + UUID.randomUUID();
        api.post("/api/maintenance-batches", newKey(), """
                {"batchId":"%s","accountIds":["%s"],"action":"FREEZE","note":"migration rehearsal"}"""
                .formatted(batchId, spare)).expect(HttpStatus.ACCEPTED);
        await().atMost(BOUND).until(() -> api.exchange(c -> c.get().uri("/api/maintenance-batches/" + batchId))
                .expect(HttpStatus.OK).path("finished").asBoolean());
        return new Targets(active, empty, frozen, appealed, appealId, batchId);
    }

    record Answer(int status, String contentType, String body) {
    }

    private Answer send(Hostile request) throws InterruptedException {
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + request.path())).timeout(BOUND);
            if (request.contentType() != null) {
                builder.header("Content-Type", request.contentType());
            }
            if (request.authorization() != null) {
                builder.header("Authorization", request.authorization());
            }
            if (request.idempotencyKey() != null) {
                builder.header(IdempotencyKeys.HEADER, request.idempotencyKey());
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the generator made a request no client can send: " + request.describe(), e);
        }
        byte[] body = request.body();
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : request.chunked() ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
        try {
            HttpResponse<byte[]> response = http.send(builder.method(request.method(), publisher).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                    new String(response.body(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Answer(-1, null, "no answer: " + e);
        }
    }

    /** What is wrong with the answer to a hostile request, or null when it is a proper refusal. */
    private static String wrongWith(Answer answer) {
        if (answer.status() < 400 || answer.status() > 499) {
            return "status " + answer.status();
        }
        if (answer.contentType() == null
                || !MediaType.parseMediaType(answer.contentType()).isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)) {
            return "content type " + answer.contentType();
        }
        try {
            JsonNode problem = JSON.readTree(answer.body());
            if (problem == null || !problem.path("code").isTextual() || problem.path("code").asText().isBlank()) {
                return "no code";
            }
            if (problem.path("status").asInt() != answer.status()) {
                return "status " + problem.path("status") + " in the body";
            }
            return null;
        } catch (IOException e) {
            return "body is not JSON";
        }
    }

    private static String seedNote() {
        return "hostile requests of seed " + SEED + " (repeat with -Dledger.hostile.seed=" + SEED + ")";
    }

    @Test
    void everyHostileRequestIsRefusedWithAProblemAndStoresNothing() throws InterruptedException {
        Targets targets = prepareTargets();
        HostileRequests generator = new HostileRequests(SEED, targets);
        Map<Kind, Integer> kinds = new EnumMap<>(Kind.class);
        Map<Endpoint, Integer> endpoints = new EnumMap<>(Endpoint.class);
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        List<String> violations = new ArrayList<>();
        long storedBefore = api.storedEvents();
        long stored = storedBefore;

        for (int i = 0; i < REQUESTS; i++) {
            Hostile request = generator.next();
            kinds.merge(request.kind(), 1, Integer::sum);
            endpoints.merge(request.endpoint(), 1, Integer::sum);
            Answer answer = send(request);
            statuses.merge(answer.status(), 1, Integer::sum);
            String wrong = wrongWith(answer);
            if (wrong != null) {
                violations.add("#" + i + " " + wrong + ": " + request.describe() + " -> " + abbreviate(answer.body()));
            }
            long now = api.storedEvents();
            if (now != stored) {
                violations.add("#" + i + " stored " + (now - stored) + " events: " + request.describe());
                stored = now;
            }
        }
        System.out.printf("%s: %d requests, answers by status %s, by kind %s%n", seedNote(), REQUESTS, statuses, kinds);

        assertThat(violations).as(seedNote()).isEmpty();
        assertThat(api.storedEvents()).as(seedNote()).isEqualTo(storedBefore);
        assertThat(kinds.keySet()).as("kinds of defect sent").containsExactlyInAnyOrder(Kind.values());
        assertThat(kinds.values()).as("requests per kind of defect %s", kinds).allSatisfy(n -> assertThat(n)
                .isGreaterThanOrEqualTo(AT_LEAST_EACH));
        assertThat(endpoints.keySet()).as("endpoints attacked").containsExactlyInAnyOrder(Endpoint.values());
        assertThat(endpoints.values()).as("requests per endpoint %s", endpoints).allSatisfy(n -> assertThat(n)
                .isGreaterThanOrEqualTo(AT_LEAST_EACH));
    }

    /**
     * The control of the barrage: on accounts prepared the same way, each endpoint's request without a defect is
     * accepted, so the refusals above are the defects' doing and not the targets'.
     */
    @Test
    void theRequestsWithoutTheirDefectsAreAccepted() throws InterruptedException {
        Targets targets = prepareTargets();
        HostileRequests generator = new HostileRequests(SEED, targets);
        // In an order where no accepted request spoils the target of a later one: the freeze and the maintenance
        // batch go after everything the active account must still accept, the close after nothing else.
        List<Endpoint> order = List.of(Endpoint.OPEN, Endpoint.BORROW, Endpoint.REPAY, Endpoint.RECORD_CREDIT_SCORE,
                Endpoint.RECORD_RISK_SIGNAL, Endpoint.CHANGE_CREDIT_LIMIT, Endpoint.FREEZE,
                Endpoint.SUBMIT_MAINTENANCE_BATCH, Endpoint.MAINTENANCE_BATCH_PROGRESS, Endpoint.FILE_APPEAL,
                Endpoint.DECIDE_APPEAL, Endpoint.UNFREEZE, Endpoint.CLOSE);
        assertThat(order).containsExactlyInAnyOrder(Endpoint.values());

        for (Endpoint endpoint : order) {
            Hostile request = generator.valid(endpoint);
            Answer answer = send(request);

            assertThat(answer.status()).as("%s: %s -> %s", seedNote(), request.describe(), answer.body())
                    .isBetween(200, 299);
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 400 ? text.substring(0, 400) + "..." : text;
    }
}
