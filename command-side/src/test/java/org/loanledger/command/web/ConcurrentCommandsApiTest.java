package org.loanledger.command.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.loanledger.command.web.CommandApi.amount;
import static org.loanledger.command.web.CommandApi.newAccountId;
import static org.loanledger.command.web.CommandApi.newKey;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.loanledger.command.web.CommandApi.Reply;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Many clients at once on one account, over real connections: the limit holds, exactly one open wins, and nothing
 * ends in a server error.
 */
@RunningCommandSide
class ConcurrentCommandsApiTest {

    private static final Path DATA_DIR = LedgerDataDirs.fresh(ConcurrentCommandsApiTest.class);

    private static final int CLIENTS = 40;

    /** Bounds every wait of a race, so a deadlock fails the test instead of hanging the build. */
    private static final Duration RACE_TIMEOUT = Duration.ofSeconds(60);

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
    String accountId;
    ExecutorService clients;
    HttpClient http;

    @BeforeEach
    void clients() {
        api = new CommandApi(webTestClient, dataSource);
        accountId = newAccountId();
        clients = Executors.newFixedThreadPool(CLIENTS);
        http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    @AfterEach
    void stopClients() throws InterruptedException {
        clients.shutdownNow();
        assertThat(clients.awaitTermination(10, TimeUnit.SECONDS)).as("client threads stopped").isTrue();
    }

    private HttpRequest post(String path, String key, String json) {
        return OpsCredentials.apply(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)))
                .timeout(RACE_TIMEOUT)
                .header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
                .header(IdempotencyKeys.HEADER, key)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }

    /**
     * Sends {@code count} requests at once: every client thread is started and waiting before the first request
     * leaves, so the requests overlap on the server instead of arriving one after another.
     */
    private List<Reply> race(int count, IntFunction<HttpRequest> request) throws Exception {
        CountDownLatch ready = new CountDownLatch(count);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Reply>> replies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HttpRequest prepared = request.apply(i);
            replies.add(clients.submit(() -> {
                ready.countDown();
                if (!go.await(RACE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the race never started");
                }
                return send(prepared);
            }));
        }
        assertThat(ready.await(RACE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("all clients ready").isTrue();
        go.countDown();
        List<Reply> answered = new ArrayList<>();
        for (Future<Reply> reply : replies) {
            answered.add(reply.get(RACE_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        }
        return answered;
    }

    private Reply send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        HttpHeaders headers = new HttpHeaders();
        response.headers().map().forEach(headers::addAll);
        return Reply.of(response.statusCode(), headers, response.body());
    }

    private static List<Reply> withStatus(List<Reply> replies, HttpStatus status) {
        return replies.stream().filter(r -> r.status() == status.value()).toList();
    }

    private static void assertNoServerError(List<Reply> replies) {
        assertThat(replies).allSatisfy(reply -> assertThat(reply.status())
                .as("status of a reply with body %s", reply.raw()).isLessThan(500));
    }

    @Nested
    class Borrowing {

        @Test
        void parallelBorrowingNeverExceedsTheLimit() throws Exception {
            api.open(accountId, "1000.00");

            List<Reply> replies = race(CLIENTS, i -> post(CommandApi.path(accountId, "borrowings"), newKey(), """
                    {"amount":"100.00","termDays":30}"""));

            assertNoServerError(replies);
            List<Reply> borrowed = withStatus(replies, HttpStatus.CREATED);
            List<Reply> refused = withStatus(replies, HttpStatus.CONFLICT);
            assertThat(borrowed).hasSize(10);
            assertThat(refused).hasSize(CLIENTS - 10);
            refused.forEach(reply -> reply.expectProblem(HttpStatus.CONFLICT, "INSUFFICIENT_AVAILABLE_LIMIT"));
            List<JsonNode> bodies = borrowed.stream().map(reply -> reply.expect(HttpStatus.CREATED)).toList();
            assertThat(bodies).extracting(body -> body.path("version").asLong())
                    .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 10).mapToObj(Long::valueOf).toList());
            assertThat(bodies).extracting(body -> new BigDecimal(amount(body, "outstanding")))
                    .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 10)
                            .mapToObj(n -> new BigDecimal("100.00").multiply(BigDecimal.valueOf(n))).toList());
            assertThat(bodies).extracting(body -> body.path("drawdownId").asText()).doesNotHaveDuplicates();

            JsonNode after = api.refused(HttpStatus.CONFLICT, "INSUFFICIENT_AVAILABLE_LIMIT",
                    () -> api.post(CommandApi.path(accountId, "borrowings"), newKey(), """
                            {"amount":"0.01","termDays":30}"""));
            assertThat(amount(after, "outstanding")).isEqualTo("1000.00");
            assertThat(amount(after, "available")).isEqualTo("0.00");
            assertThat(api.storedEvents(accountId)).isEqualTo(11);
        }

        @Test
        void parallelRetriesOfOneRequestBorrowOnce() throws Exception {
            api.open(accountId, "1000.00");
            String key = newKey();

            List<Reply> replies = race(CLIENTS, i -> post(CommandApi.path(accountId, "borrowings"), key, """
                    {"amount":"100.00","termDays":30}"""));

            assertNoServerError(replies);
            List<JsonNode> bodies = replies.stream().map(reply -> reply.expect(HttpStatus.CREATED)).toList();
            assertThat(bodies).allSatisfy(body -> assertThat(body).isEqualTo(bodies.get(0)));
            assertThat(amount(bodies.get(0), "outstanding")).isEqualTo("100.00");
            assertThat(api.storedEvents(accountId)).isEqualTo(2);
        }
    }

    @Nested
    class Opening {

        @Test
        void exactlyOneOfManyParallelOpensOfOneAccountWins() throws Exception {
            List<Reply> replies = race(CLIENTS, i -> post("/api/accounts", newKey(), """
                    {"accountId":"%s","customerId":"cust-%d","currency":"CNY","creditLimit":"%d.00"}"""
                    .formatted(accountId, i, 100 + i)));

            assertNoServerError(replies);
            List<Reply> opened = withStatus(replies, HttpStatus.CREATED);
            List<Reply> refused = withStatus(replies, HttpStatus.CONFLICT);
            assertThat(opened).hasSize(1);
            assertThat(refused).hasSize(CLIENTS - 1);
            refused.forEach(reply -> reply.expectProblem(HttpStatus.CONFLICT, "ACCOUNT_EXISTS"));
            JsonNode winner = opened.get(0).expect(HttpStatus.CREATED);
            assertThat(winner.path("version").asLong()).isZero();
            assertThat(api.storedEvents(accountId)).isEqualTo(1);

            JsonNode borrowed = api.borrow(accountId, "1.00");
            assertThat(amount(borrowed, "available"))
                    .isEqualTo(new BigDecimal(amount(winner, "creditLimit")).subtract(BigDecimal.ONE).toPlainString());
        }
    }
}
