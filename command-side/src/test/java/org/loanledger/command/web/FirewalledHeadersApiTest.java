package org.loanledger.command.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.loanledger.command.web.CommandApi.newAccountId;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^content-length:\\s*(\\d+)\\s*$");

    @LocalServerPort
    int port;

    @Test
    void aControlCharacterInAHeaderReadIsRefusedAndRecordsNothing() throws IOException {
        String account = newAccountId();
        String body = CommandApi.openBody(account, "1000.00");
        String key = "fw-" + UUID.randomUUID();

        // Netty refuses the control characters below U+0020 itself; a C1 control (U+0085, one byte in ISO-8859-1, the
        // charset of HTTP/1.1 header bytes) reaches the firewall.
        String refused = open(body, key + "\u0085", "");
        assertThat(refused).startsWith("HTTP/1.1 400").contains("VALIDATION_FAILED")
                .contains("holds characters this service refuses");

        String withTab = open(body, key, "X-Note: a\tb\r\n");
        assertThat(withTab).startsWith("HTTP/1.1 201").contains(account);
    }

    /**
     * One POST /api/accounts exactly as written, with {@code extraHeader} among its headers, on a connection kept
     * open: the head and the whole answer. A refusal may come before the service has read the body, and a
     * connection closed on an unread body would be reset under the answer.
     */
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
                    + "Content-Length: " + bytes.length + "\r\n\r\n";
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.write(head.getBytes(StandardCharsets.ISO_8859_1));
            request.write(bytes);
            OutputStream out = socket.getOutputStream();
            out.write(request.toByteArray());
            out.flush();
            return readAnswer(socket.getInputStream());
        }
    }

    /** The status line, headers and body of one answer, read up to its {@code Content-Length}. */
    private static String readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the connection closed within the answer's head: " + head);
            }
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        Matcher length = CONTENT_LENGTH.matcher(headers);
        int contentLength = length.find() ? Integer.parseInt(length.group(1)) : 0;
        return headers + new String(in.readNBytes(contentLength), StandardCharsets.UTF_8);
    }
}
