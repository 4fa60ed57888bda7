package org.loanledger.command.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The command API as a test sees it: requests with the ops credentials and an idempotency key, answers parsed as
 * JSON, and a count of what the event store holds so a test can prove a refused request stored nothing.
 */
public final class CommandApi {

    /** The shape the API promises for every amount it writes: plain digits and exactly two decimals. */
    public static final Pattern AMOUNT = Pattern.compile("^(0|[1-9][0-9]*)\\.[0-9]{2}$");

    /** Generous because the build machine is shared; a healthy command answers in milliseconds. */
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);

    /** A batch of a thousand accounts takes seconds; the bound only keeps a stuck batch from hanging the build. */
    private static final Duration BATCH_TIMEOUT = Duration.ofSeconds(90);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebTestClient client;
    private final JdbcTemplate jdbc;

    public CommandApi(WebTestClient client, DataSource eventStore) {
        this.client = OpsCredentials.apply(client.mutate().responseTimeout(RESPONSE_TIMEOUT).build());
        this.jdbc = new JdbcTemplate(eventStore);
    }

    public static String newKey() {
        return "key-" + UUID.randomUUID();
    }

    public static String newAccountId() {
        return "acc-" + UUID.randomUUID();
    }

    public Reply post(String path, String idempotencyKey, String json) {
        return send(HttpMethod.POST, path, idempotencyKey, MediaType.APPLICATION_JSON, json);
    }

    public Reply put(String path, String idempotencyKey, String json) {
        return send(HttpMethod.PUT, path, idempotencyKey, MediaType.APPLICATION_JSON, json);
    }

    /** A request exactly as given: a null key or content type is left out, the body is sent byte for byte. */
    public Reply send(HttpMethod method, String path, String idempotencyKey, MediaType contentType, String body) {
        return exchange(c -> {
            WebTestClient.RequestBodySpec request = c.method(method).uri(path);
            if (idempotencyKey != null) {
                request.header(IdempotencyKeys.HEADER, idempotencyKey);
            }
            if (contentType != null) {
                request.contentType(contentType);
            }
            return body == null ? request : request.bodyValue(body.getBytes(StandardCharsets.UTF_8));
        });
    }

    public Reply exchange(Function<WebTestClient, WebTestClient.RequestHeadersSpec<?>> request) {
        EntityExchangeResult<byte[]> result = request.apply(client).exchange().expectBody().returnResult();
        byte[] bytes = result.getResponseBody();
        String raw = bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
        return Reply.of(result.getStatus().value(), result.getResponseHeaders(), raw);
    }

    /** Opens an account in CNY and returns its view. */
    public JsonNode open(String accountId, String creditLimit) {
        return post("/api/accounts", newKey(), openBody(accountId, creditLimit)).expect(HttpStatus.CREATED);
    }

    /** The body of a request that opens {@code accountId} in CNY. */
    public static String openBody(String accountId, String creditLimit) {
        return """
                {"accountId":"%s","customerId":"cust-1","currency":"CNY","creditLimit":"%s"}"""
                .formatted(accountId, creditLimit);
    }

    public JsonNode borrow(String accountId, String amount) {
        return post(path(accountId, "borrowings"), newKey(), """
                {"amount":"%s","termDays":30}""".formatted(amount)).expect(HttpStatus.CREATED);
    }

    public JsonNode repay(String accountId, String amount) {
        return post(path(accountId, "repayments"), newKey(), """
                {"amount":"%s"}""".formatted(amount)).expect(HttpStatus.OK);
    }

    public JsonNode freeze(String accountId) {
        return post(path(accountId, "freeze"), newKey(), """
                {"reasonCode":"MANUAL_REVIEW","note":"held for review"}""").expect(HttpStatus.OK);
    }

    public JsonNode close(String accountId) {
        return post(path(accountId, "close"), newKey(), """
                {"reasonCode":"CUSTOMER_REQUEST","note":"customer asked to close the line"}""").expect(HttpStatus.OK);
    }

    /** The same request as {@link #post} but from another caller: {@code bearerToken} replaces the ops token. */
    public Reply postAs(String bearerToken, String path, String idempotencyKey, String json) {
        return exchange(c -> c.post().uri(path)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + bearerToken)
                .header(IdempotencyKeys.HEADER, idempotencyKey)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json.getBytes(StandardCharsets.UTF_8)));
    }

    /** Submits a maintenance batch, which must be accepted, and returns the acceptance. */
    public JsonNode submitBatch(String batchId, String action, List<String> accountIds, String note) {
        String ids = accountIds.stream().map(id -> '"' + id + '"').collect(Collectors.joining(","));
        return post("/api/maintenance-batches", newKey(), """
                {"batchId":"%s","accountIds":[%s],"action":"%s","note":"%s"}"""
                .formatted(batchId, ids, action, note)).expect(HttpStatus.ACCEPTED);
    }

    /** Waits, bounded, until the batch has been applied to every account, and returns its final progress. */
    public JsonNode awaitBatch(String batchId) {
        String path = "/api/maintenance-batches/" + batchId;
        return await("maintenance batch " + batchId + " finished")
                .atMost(BATCH_TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> exchange(c -> c.get().uri(path)).expect(HttpStatus.OK),
                        progress -> progress.path("finished").asBoolean());
    }

    public static String path(String accountId, String action) {
        return "/api/accounts/" + accountId + "/" + action;
    }

    /** Every event the store holds, across all accounts. */
    public long storedEvents() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM DomainEventEntry", Long.class);
    }

    public long storedEvents(String accountId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM DomainEventEntry WHERE aggregateIdentifier = ?", Long.class,
                accountId);
    }

    /** Sends a request that must be refused with the given problem, and proves the store did not change. */
    public JsonNode refused(HttpStatus status, String code, Supplier<Reply> request) {
        long before = storedEvents();
        JsonNode problem = request.get().expectProblem(status, code);
        assertThat(storedEvents()).as("events stored by a refused request").isEqualTo(before);
        return problem;
    }

    /** The named field as an amount: a JSON string in the API's two-decimal form. */
    public static String amount(JsonNode body, String field) {
        JsonNode value = body.get(field);
        assertThat(value).as("field %s of %s", field, body).isNotNull();
        assertThat(value.isTextual()).as("%s is a JSON string in %s", field, body).isTrue();
        assertThat(value.asText()).as(field).matches(AMOUNT);
        return value.asText();
    }

    private static JsonNode parse(String raw) {
        if (raw.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(raw);
        } catch (IOException e) {
            throw new UncheckedIOException("response body is not JSON: " + raw, e);
        }
    }

    /** One answer of the API. */
    public record Reply(int status, HttpHeaders headers, String raw, JsonNode body) {

        /** An answer from any client, parsed as JSON when it has a body. */
        public static Reply of(int status, HttpHeaders headers, String raw) {
            return new Reply(status, headers, raw, parse(raw));
        }

        /** Checks the status and that the body is plain JSON, and returns the body. */
        public JsonNode expect(HttpStatus expected) {
            assertThat(status).as("status of a reply with body %s", raw).isEqualTo(expected.value());
            assertThat(headers.getContentType()).as("content type").isNotNull();
            assertThat(headers.getContentType().isCompatibleWith(MediaType.APPLICATION_JSON))
                    .as("content type %s", headers.getContentType()).isTrue();
            assertThat(body).as("body").isNotNull();
            return body;
        }

        /** Checks the status and that the body is some JSON media type ({@code +json}), and returns the body. */
        public JsonNode expectJsonVariant(HttpStatus expected) {
            assertThat(status).as("status of a reply with body %s", raw).isEqualTo(expected.value());
            assertThat(headers.getContentType()).as("content type").isNotNull();
            assertThat(headers.getContentType().getSubtypeSuffix()).as("content type %s", headers.getContentType())
                    .isEqualTo("json");
            assertThat(body).as("body").isNotNull();
            return body;
        }

        /** Checks an RFC 9457 problem with its stable code and returns it. */
        public JsonNode expectProblem(HttpStatus expected, String code) {
            assertThat(status).as("status of a reply with body %s", raw).isEqualTo(expected.value());
            assertThat(headers.getContentType()).as("content type").isNotNull();
            assertThat(headers.getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .as("content type %s", headers.getContentType()).isTrue();
            assertThat(body).as("problem body").isNotNull();
            assertThat(URI.create(body.path("type").asText()).isAbsolute()).as("type is an absolute URI in %s", raw)
                    .isTrue();
            assertThat(body.path("type").asText()).as("type names the code")
                    .endsWith(code.toLowerCase(Locale.ROOT).replace('_', '-'));
            assertThat(body.path("title").asText()).as("title").isEqualTo(expected.getReasonPhrase());
            assertThat(body.path("status").isInt()).as("status is a number in %s", raw).isTrue();
            assertThat(body.path("status").asInt()).as("status").isEqualTo(expected.value());
            assertThat(body.path("detail").asText()).as("detail").isNotBlank();
            assertThat(body.path("code").asText()).as("code in %s", raw).isEqualTo(code);
            return body;
        }
    }
}
