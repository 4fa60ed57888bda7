package org.loanledger.command.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.loanledger.command.web.CommandApi.newAccountId;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A request Netty cannot read as HTTP is answered with a problem, not a bare status: a control character in a header,
 * a malformed header line or request line (400), headers over the server's limit (431), a request line over it
 * (414). Such a command records nothing, and the service goes on answering.
 */
@RunningCommandSide
class MalformedRequestsApiTest {

    private static final Path DATA_DIR = LedgerDataDirs.fresh(MalformedRequestsApiTest.class);

    private static final String AUTHORIZED = "Host: localhost\r\nAuthorization: " + ParallelClients.LENDER + "\r\n";

    @DynamicPropertySource
    static void ledger(DynamicPropertyRegistry registry) {
        registry.add("ledger.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    @Test
    void whatNettyCannotReadIsAProblem() throws IOException {
        assertProblem(send("GET /api/accounts/x HTTP/1.1\r\n" + AUTHORIZED + "X-Note: bell\u0007\r\n\r\n"),
                400, "could not be read as HTTP");
        assertProblem(send("GET /api/accounts/x HTTP/1.1\r\n" + AUTHORIZED + "X-Note : spaced\r\n\r\n"),
                400, "could not be read as HTTP");
        assertProblem(send("GET /api/accounts/x HTTP/1.1 and more\r\n" + AUTHORIZED + "\r\n"),
                400, "could not be read as HTTP");
        assertProblem(send("GET /api/accounts/x HTTP/1.1\r\n" + AUTHORIZED + "X-Big: " + "a".repeat(20_000)
                + "\r\n\r\n"), 431, "headers are larger");
        assertProblem(send("GET /api/accounts/" + "x".repeat(10_000) + " HTTP/1.1\r\n" + AUTHORIZED + "\r\n"),
                414, "request line is longer");
    }

    @Test
    void aCommandNettyCannotReadRecordsNothing() throws IOException {
        String account = newAccountId();
        String body = CommandApi.openBody(account, "1000.00");
        String key = "malformed-" + UUID.randomUUID();
        String head = "POST /api/accounts HTTP/1.1\r\n" + AUTHORIZED + "Content-Type: application/json\r\n"
                + IdempotencyKeys.HEADER + ": " + key + "\r\n" + "Content-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n";

        // Refused on its head: the body is not sent, so no unread bytes can reset the answer.
        assertProblem(send(head + "X-Note: bell\u0007\r\n\r\n"), 400, "could not be read as HTTP");

        String opened = send(head + "Connection: close\r\n\r\n" + body);
        assertThat(opened).startsWith("HTTP/1.1 201").contains(account);
    }

    private static void assertProblem(String answer, int status, String detail) {
        assertThat(answer).startsWith("HTTP/1.1 " + status + " ")
                .containsIgnoringCase("content-type: application/problem+json")
                .contains("\"status\":" + status)
                .contains("\"code\":\"VALIDATION_FAILED\"")
                .contains(detail);
    }

    /** Sends {@code request} exactly as written and reads the answer until the service closes the connection. */
    private String send(String request) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
