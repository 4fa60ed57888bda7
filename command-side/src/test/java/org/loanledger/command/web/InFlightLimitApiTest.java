package org.loanledger.command.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.loanledger.command.web.CommandApi.newAccountId;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.loanledger.command.web.CommandApi.Reply;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * With {@code ledger.command.max-in-flight=2}, two commands whose bodies are still arriving hold the bound; every
 * further command meanwhile is answered at once with 503 {@code OVERLOADED} and a {@code Retry-After}, and records
 * nothing, while the two held commands complete normally once their bodies arrive.
 */
@RunningCommandSide
class InFlightLimitApiTest {

    private static final Path DATA_DIR = LedgerDataDirs.fresh(InFlightLimitApiTest.class);

    private static final int BOUND = 2;

    private static final int TURNED_AWAY = 30;

    @DynamicPropertySource
    static void ledger(DynamicPropertyRegistry registry) {
        registry.add("ledger.data-dir", DATA_DIR::toString);
        registry.add("ledger.command.max-in-flight", () -> String.valueOf(BOUND));
    }

    @Autowired
    WebTestClient webTestClient;

    @Autowired
    DataSource dataSource;

    @Autowired
    MeterRegistry meters;

    @LocalServerPort
    int port;

    CommandApi api;
    ParallelClients clients;

    @BeforeEach
    void clients() {
        api = new CommandApi(webTestClient, dataSource);
        clients = new ParallelClients(port);
    }

    @AfterEach
    void stopClients() throws InterruptedException {
        clients.close();
    }

    private double inFlight() {
        return meters.get("ledger.commands.in.flight").gauge().value();
    }

    /**
     * A command sent over a socket of its own whose headers and first body byte go out at once and whose remaining
     * bytes wait for {@link #finish}: a slow client, which holds its place in the bound all the while. (The JDK
     * client is no use here: it may hold back a request's headers while its body is not ready.)
     */
    private final class SlowCommand implements AutoCloseable {

        private final Socket socket;
        private final byte[] body;

        SlowCommand(String path, String json) throws IOException {
            body = json.getBytes(StandardCharsets.UTF_8);
            socket = new Socket("localhost", port);
            socket.setSoTimeout((int) ParallelClients.BOUND.toMillis());
            String head = "POST " + path + " HTTP/1.1\r\n"
                    + "Host: localhost:" + port + "\r\n"
                    + "Authorization: " + ParallelClients.LENDER + "\r\n"
                    + "Content-Type: application/json\r\n"
                    + IdempotencyKeys.HEADER + ": slow-" + UUID.randomUUID() + "\r\n"
                    + "Content-Length: " + body.length + "\r\n"
                    + "Connection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, 1);
            out.flush();
        }

        /** Sends the rest of the body and returns the status line of the answer. */
        String finish() throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write(body, 1, body.length - 1);
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return answer.lines().findFirst().orElse("");
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void commandsPastTheBoundAreAnsweredOverloadedWithRetryAfterAndStoreNothing() throws Exception {
        String accountId = newAccountId();
        api.open(accountId, "1000.00");
        long before = api.storedEvents();
        String borrowing = "{\"amount\":\"10.00\",\"termDays\":30}";
        String path = CommandApi.path(accountId, "borrowings");

        try (SlowCommand first = new SlowCommand(path, borrowing); SlowCommand second = new SlowCommand(path, borrowing)) {
            await().atMost(ParallelClients.BOUND).until(() -> inFlight() == BOUND);
            List<HttpRequest> burst = new ArrayList<>();
            for (int i = 0; i < TURNED_AWAY; i++) {
                burst.add(clients.request("POST", path, ParallelClients.LENDER, "burst-" + UUID.randomUUID(), borrowing));
            }
            List<Reply> turnedAway = ParallelClients.answers(clients.release(burst));
            long storedWhileHeld = api.storedEvents();

            assertThat(turnedAway).allSatisfy(reply -> {
                reply.expectProblem(HttpStatus.SERVICE_UNAVAILABLE, "OVERLOADED");
                assertThat(reply.headers().getFirst(HttpHeaders.RETRY_AFTER)).as("Retry-After of %s", reply.raw())
                        .isNotNull().matches("[1-9][0-9]*");
            });
            assertThat(storedWhileHeld).as("events stored while only overloaded answers went out").isEqualTo(before);
            assertThat(first.finish()).startsWith("HTTP/1.1 201");
            assertThat(second.finish()).startsWith("HTTP/1.1 201");
        }

        assertThat(api.storedEvents()).as("events of the two held borrowings only").isEqualTo(before + BOUND);
        assertThat(api.storedEvents(accountId)).isEqualTo(1 + BOUND);
        await().atMost(ParallelClients.BOUND).until(() -> inFlight() == 0);
        // the bound is free again: the next command is decided
        api.borrow(accountId, "1.00");
    }
}
