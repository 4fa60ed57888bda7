package org.loanledger.command.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.loanledger.command.web.CommandApi.newAccountId;

import java.io.IOException;
import java.io.InputStream;
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
 * A command whose idempotency key carries a (C1) control character is refused by Spring Security's firewall, as this
 * service configures it, with a 400 problem before it is decided, and records nothing: the same command with a clean
 * key then opens the account. A tab inside a header value is allowed, as Spring Security's default allows it.
 */
@RunningCommandSide
class FirewalledHeadersApiTest {

    private static final Path DATA_DIR = LedgerDataDirs.fresh(FirewalledHeadersApiTest.class);

    @DynamicPropertySource
    static void ledger(DynamicPropertyRegistry registry) {
        registry.add("ledger.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    @Test
    void aControlCharacterInAHeaderReadIsRefusedAndRecordsNothing() throws IOException {
        String account = newAccountId();
        String body = "{\"accountId\":\"" + account + "\",\"customerId\":\"cust-fw\",\"currency\":\"CNY\","
                + "\"creditLimit\":\"1000.00\"}";
        String key = "fw-" + UUID.randomUUID();

        // Netty refuses the control characters below U+0020 itself; a C1 control (U+0085, one byte in ISO-8859-1, the
        // charset of HTTP/1.1 header bytes) reaches the firewall.
        String refused = open(body, key + "\u0085", "");
        assertThat(refused).startsWith("HTTP/1.1 400").contains("VALIDATION_FAILED")
                .contains("holds characters this service refuses");

        String withTab = open(body, key, "X-Note: a\tb\r\n");
        assertThat(withTab).startsWith("HTTP/1.1 201").contains(account);
    }

    /** One POST /api/accounts exactly as written, with {@code extraHeader} among its headers; the whole answer. */
    private String open(String body, String key, String extraHeader) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            String head = "POST /api/accounts HTTP/1.1\r\n"
                    + "Host: localhost:" + port + "\r\n"
                    + "Authorization: " + ParallelClients.LENDER + "\r\n"
                    + "Content-Type: application/json\r\n"
                    + IdempotencyKeys.HEADER + ": " + key + "\r\n"
                    + extraHeader
                    + "Content-Length: " + bytes.length + "\r\n"
                    + "Connection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes);
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
