package org.loanledger.command.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.loanledger.command.web.CommandApi.amount;
import static org.loanledger.command.web.CommandApi.newAccountId;
import static org.loanledger.command.web.CommandApi.newKey;
import static org.loanledger.command.web.CommandApi.path;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.loanledger.command.web.CommandApi.Reply;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Requests the command API refuses before any account decides anything: malformed or unexpected JSON, bad amounts
 * and ids, a missing or malformed idempotency key, oversized bodies and other media types. Each is refused with its
 * problem and leaves the event store exactly as it was.
 */
@RunningCommandSide
class RequestValidationApiTest {

    private static final Path DATA_DIR = LedgerDataDirs.fresh(RequestValidationApiTest.class);

    private static final String VALIDATION_FAILED = "VALIDATION_FAILED";

    /** Speaks HTTP/1.1, where a body of unknown length goes out chunked; Spring's test client cannot send that. */
    private static final HttpClient CHUNKING_CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

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

    @BeforeEach
    void client() {
        api = new CommandApi(webTestClient, dataSource);
        accountId = newAccountId();
    }

    private JsonNode invalid(ApiCommand command, String body) {
        return api.refused(HttpStatus.BAD_REQUEST, VALIDATION_FAILED,
                () -> command.send(api, accountId, newKey(), body));
    }

    /** The body with one more member before its closing brace. */
    private static String withMember(String body, String member) {
        return body.substring(0, body.lastIndexOf('}')) + "," + member + "}";
    }

    @Nested
    class MalformedBodies {

        @ParameterizedTest
        @EnumSource(ApiCommand.class)
        void aBodyThatIsNotWellFormedJsonIsRefused(ApiCommand command) {
            command.prepare(api, accountId);
            String body = command.body(accountId);

            invalid(command, body.substring(0, body.length() - 1));
        }

        @ParameterizedTest
        @EnumSource(ApiCommand.class)
        void anUnknownFieldIsRefused(ApiCommand command) {
            command.prepare(api, accountId);

            JsonNode problem = invalid(command, withMember(command.body(accountId), "\"surprise\":true"));

            assertThat(problem.path("detail").asText()).contains("surprise");
        }

        @ParameterizedTest
        @EnumSource(ApiCommand.class)
        void anEmptyBodyIsRefused(ApiCommand command) {
            command.prepare(api, accountId);

            invalid(command, "");
        }

        @ParameterizedTest
        @EnumSource(ApiCommand.class)
        void aBodyThatIsNotAnObjectIsRefused(ApiCommand command) {
            command.prepare(api, accountId);

            invalid(command, "[" + command.body(accountId) + "]");
        }

        static Stream<Arguments> bodiesMissingARequiredField() {
            return Stream.of(
                    Arguments.of(ApiCommand.OPEN, "{\"accountId\":\"%ACCOUNT%\",\"currency\":\"CNY\",\"creditLimit\":\"10.00\"}"),
                    Arguments.of(ApiCommand.OPEN, "{\"accountId\":\"%ACCOUNT%\",\"customerId\":\"c\",\"creditLimit\":\"10.00\"}"),
                    Arguments.of(ApiCommand.OPEN, "{\"accountId\":\"%ACCOUNT%\",\"customerId\":\"c\",\"currency\":\"CNY\"}"),
                    Arguments.of(ApiCommand.OPEN, "{\"accountId\":\"%ACCOUNT%\",\"customerId\":null,\"currency\":\"CNY\",\"creditLimit\":\"10.00\"}"),
                    Arguments.of(ApiCommand.BORROW, "{\"termDays\":30}"),
                    Arguments.of(ApiCommand.BORROW, "{\"amount\":\"10.00\"}"),
                    Arguments.of(ApiCommand.BORROW, "{\"amount\":null,\"termDays\":30}"),
                    Arguments.of(ApiCommand.REPAY, "{}"),
                    Arguments.of(ApiCommand.FREEZE, "{\"note\":\"why\"}"),
                    Arguments.of(ApiCommand.FREEZE, "{\"reasonCode\":\"MANUAL_REVIEW\"}"),
                    Arguments.of(ApiCommand.UNFREEZE, "{\"note\":\"why\"}"),
                    Arguments.of(ApiCommand.UNFREEZE, "{\"reasonCode\":\"MANUAL_REVIEW\"}"),
                    Arguments.of(ApiCommand.CHANGE_CREDIT_LIMIT, "{\"reasonCode\":\"MANUAL_REVIEW\",\"note\":\"why\"}"),
                    Arguments.of(ApiCommand.CHANGE_CREDIT_LIMIT, "{\"creditLimit\":\"10.00\",\"note\":\"why\"}"),
                    Arguments.of(ApiCommand.CHANGE_CREDIT_LIMIT, "{\"creditLimit\":\"10.00\",\"reasonCode\":\"MANUAL_REVIEW\"}"),
                    Arguments.of(ApiCommand.CLOSE, "{\"note\":\"why\"}"),
                    Arguments.of(ApiCommand.CLOSE, "{\"reasonCode\":\"CUSTOMER_REQUEST\"}"));
        }

        @ParameterizedTest
        @MethodSource("bodiesMissingARequiredField")
        void aMissingRequiredFieldIsRefused(ApiCommand command, String body) {
            command.prepare(api, accountId);

            invalid(command, body.replace(ApiCommand.ACCOUNT, accountId));
        }

        static Stream<Arguments> unknownReasonCodes() {
            return Stream.of(ApiCommand.FREEZE, ApiCommand.UNFREEZE, ApiCommand.CHANGE_CREDIT_LIMIT, ApiCommand.CLOSE)
                    .flatMap(command -> Stream.of("BECAUSE", "manual_review", "", "0")
                            .map(code -> Arguments.of(command, code)));
        }

        @ParameterizedTest
        @MethodSource("unknownReasonCodes")
        void anUnknownReasonCodeIsRefused(ApiCommand command, String reasonCode) {
            command.prepare(api, accountId);

            invalid(command, command.body(accountId).replaceAll("\"reasonCode\":\"[A-Z_]+\"",
                    "\"reasonCode\":\"" + reasonCode + "\""));
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"30\"", "30.5", "true", "null"})
        void aTermThatIsNotAWholeNumberIsRefused(String termDays) {
            ApiCommand.BORROW.prepare(api, accountId);

            invalid(ApiCommand.BORROW, "{\"amount\":\"10.00\",\"termDays\":" + termDays + "}");
        }

        /** JSON escapes of characters that {@link String#trim()} drops, which Jackson's date parsers would drop. */
        @ParameterizedTest
        @ValueSource(strings = {"%s\\u0000", "\\u0000%s", "%s\\t", " %s", "%s\\n"})
        void anInstantOrADateWithABlankOrControlCharacterAroundItIsRefused(String around) {
            api.open(accountId, "1000.00");

            api.refused(HttpStatus.BAD_REQUEST, VALIDATION_FAILED, () -> api.post(path(accountId, "risk-signals"),
                    newKey(), """
                    {"type":"DEVICE_CHANGE","severity":"MEDIUM","source":"bureau-3","observedAt":"%s"}"""
                    .formatted(around.formatted("2026-12-04T10:27:43.839764934Z"))));
            api.refused(HttpStatus.BAD_REQUEST, VALIDATION_FAILED, () -> api.post(path(accountId, "credit-scores"),
                    newKey(), """
                    {"modelVersion":"m-2","score":700,"factors":[],"dataDate":"%s"}"""
                    .formatted(around.formatted("2026-12-04"))));
        }
    }

    @Nested
    class Amounts {

        /** Raw JSON tokens that are not an amount as API.md defines it. */
        static final List<String> MALFORMED = List.of(
                "100.00", "100", "1e3",
                "\"1e3\"", "\"1E+3\"", "\"+100.00\"", "\"-100.00\"", "\"-0.01\"",
                "\" 100.00\"", "\"100.00 \"", "\"1 000.00\"", "\"1,000.00\"", "\"1_000.00\"",
                "\"100.001\"", "\"0.001\"", "\"100.\"", "\".50\"", "\"0100.00\"", "\"\"", "\"abc\"", "\"NaN\"",
                "\"1000000.01\"", "\"1000001\"", "\"99999999999999999999999.00\"",
                "null", "true", "{}", "[\"100.00\"]");

        static Stream<Arguments> malformedAmounts() {
            return Arrays.stream(ApiCommand.values())
                    .filter(ApiCommand::carriesAmount)
                    .flatMap(command -> MALFORMED.stream().map(token -> Arguments.of(command, token)));
        }

        @ParameterizedTest
        @MethodSource("malformedAmounts")
        void anAmountThatIsNotAPositiveTwoDecimalStringUnderTheMaximumIsRefused(ApiCommand command, String token) {
            command.prepare(api, accountId);

            invalid(command, command.bodyWithAmount(accountId, token));
        }

        @ParameterizedTest
        @EnumSource(value = ApiCommand.class, names = {"OPEN", "BORROW", "REPAY"})
        void aZeroAmountIsRefused(ApiCommand command) {
            command.prepare(api, accountId);

            invalid(command, command.bodyWithAmount(accountId, "\"0\""));
            invalid(command, command.bodyWithAmount(accountId, "\"0.00\""));
        }

        @Test
        void theMaximumAmountIsAcceptedEverywhere() {
            JsonNode opened = api.open(accountId, "1000000");
            JsonNode borrowed = api.borrow(accountId, "1000000.00");
            JsonNode repaid = api.repay(accountId, "1000000.0");
            JsonNode limit = api.put(path(accountId, "credit-limit"), newKey(), """
                    {"creditLimit":"1000000.00","reasonCode":"MANUAL_REVIEW","note":"unchanged after review"}""")
                    .expect(HttpStatus.OK);

            assertThat(amount(opened, "creditLimit")).isEqualTo("1000000.00");
            assertThat(amount(borrowed, "amount")).isEqualTo("1000000.00");
            assertThat(amount(repaid, "amount")).isEqualTo("1000000.00");
            assertThat(amount(limit, "creditLimit")).isEqualTo("1000000.00");
        }

        @Test
        void theSmallestAmountIsAcceptedEverywhere() {
            JsonNode opened = api.open(accountId, "0.01");
            JsonNode borrowed = api.borrow(accountId, "0.01");
            JsonNode repaid = api.repay(accountId, "0.01");
            JsonNode limit = api.put(path(accountId, "credit-limit"), newKey(), """
                    {"creditLimit":"0.02","reasonCode":"MANUAL_REVIEW","note":"raised after review"}""")
                    .expect(HttpStatus.OK);

            assertThat(amount(opened, "creditLimit")).isEqualTo("0.01");
            assertThat(amount(borrowed, "amount")).isEqualTo("0.01");
            assertThat(amount(repaid, "amount")).isEqualTo("0.01");
            assertThat(amount(limit, "creditLimit")).isEqualTo("0.02");
        }
    }

    @Nested
    class Ids {

        static Stream<Arguments> badPathIds() {
            return Arrays.stream(ApiCommand.values())
                    .filter(ApiCommand::needsAccount)
                    .flatMap(command -> Stream.of("bad$id", "x".repeat(65), "caf\u00e9", "a+b")
                            .map(id -> Arguments.of(command, id)));
        }

        @ParameterizedTest
        @MethodSource("badPathIds")
        void anAccountIdInThePathThatIsNotAnIdIsRefused(ApiCommand command, String badId) {
            JsonNode problem = api.refused(HttpStatus.BAD_REQUEST, VALIDATION_FAILED,
                    () -> command.send(api, badId, newKey(), command.body(badId)));

            assertThat(problem.path("detail").asText()).contains("accountId");
        }

        @ParameterizedTest
        @ValueSource(strings = {"bad id", "", "x/y", "caf\u00e9", "a\\u0000b"})
        void anAccountIdInTheBodyThatIsNotAnIdIsRefused(String badId) {
            invalid(ApiCommand.OPEN, ApiCommand.OPEN.body(badId));
        }

        @Test
        void anAccountIdOfSixtyFiveCharactersIsRefused() {
            invalid(ApiCommand.OPEN, ApiCommand.OPEN.body("x".repeat(65)));
        }

        @Test
        void anAccountIdOfSixtyFourCharactersIsAccepted() {
            String longest = "x".repeat(56) + accountId.substring(accountId.length() - 8);

            JsonNode view = api.open(longest, "10.00");

            assertThat(view.path("accountId").asText()).isEqualTo(longest);
        }

        @ParameterizedTest
        @ValueSource(strings = {"bad id", "", "x/y"})
        void aCustomerIdThatIsNotAnIdIsRefused(String badId) {
            invalid(ApiCommand.OPEN, """
                    {"accountId":"%s","customerId":"%s","currency":"CNY","creditLimit":"10.00"}"""
                    .formatted(accountId, badId));
        }

        @ParameterizedTest
        @ValueSource(strings = {"cny", "CN", "CNYY", "1234", ""})
        void aCurrencyThatIsNotAnIsoCodeIsRefused(String currency) {
            invalid(ApiCommand.OPEN, """
                    {"accountId":"%s","customerId":"cust-1","currency":"%s","creditLimit":"10.00"}"""
                    .formatted(accountId, currency));
        }
    }

    @Nested
    class IdempotencyKeyHeader {

        @ParameterizedTest
        @EnumSource(ApiCommand.class)
        void aRequestWithoutAKeyIsRefused(ApiCommand command) {
            command.prepare(api, accountId);

            JsonNode problem = api.refused(HttpStatus.BAD_REQUEST, VALIDATION_FAILED,
                    () -> command.send(api, accountId, null));

            assertThat(problem.path("detail").asText()).contains(IdempotencyKeys.HEADER);
        }

        @ParameterizedTest
        @EnumSource(ApiCommand.class)
        void aKeyLongerThanSixtyFourCharactersIsRefused(ApiCommand command) {
            command.prepare(api, accountId);

            api.refused(HttpStatus.BAD_REQUEST, VALIDATION_FAILED,
                    () -> command.send(api, accountId, "k".repeat(65)));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "has space", "tab\there", "caf\u00e9"})
        void aKeyThatIsNotVisibleAsciiIsRefused(String key) {
            ApiCommand.BORROW.prepare(api, accountId);

            api.refused(HttpStatus.BAD_REQUEST, VALIDATION_FAILED,
                    () -> ApiCommand.BORROW.send(api, accountId, key));
        }

        @Test
        void aKeyOfSixtyFourCharactersIsAccepted() {
            ApiCommand.BORROW.prepare(api, accountId);
            String key = ("k" + newKey() + "x".repeat(64)).substring(0, 64);

            ApiCommand.BORROW.send(api, accountId, key).expect(HttpStatus.CREATED);
            ApiCommand.BORROW.send(api, accountId, key).expect(HttpStatus.CREATED);

            assertThat(api.storedEvents(accountId)).isEqualTo(2);
        }
    }

    @Nested
    class BodySize {

        private static final int LIMIT = 16 * 1024;

        /** The command's accepted body, padded with insignificant whitespace to exactly {@code bytes} bytes. */
        private static String padded(String body, int bytes) {
            int padding = bytes - body.getBytes(StandardCharsets.UTF_8).length;
            return "{" + " ".repeat(padding) + body.substring(1);
        }

        @ParameterizedTest
        @EnumSource(ApiCommand.class)
        void aBodyOverSixteenKibibytesIsRefused(ApiCommand command) {
            command.prepare(api, accountId);
            String body = padded(command.body(accountId), LIMIT + 1);

            api.refused(HttpStatus.PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE",
                    () -> command.send(api, accountId, newKey(), body));
        }

        @ParameterizedTest
        @EnumSource(ApiCommand.class)
        void aChunkedBodyOverSixteenKibibytesIsRefused(ApiCommand command) {
            command.prepare(api, accountId);
            String body = padded(command.body(accountId), LIMIT + 1);

            api.refused(HttpStatus.PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE",
                    () -> chunked(command.method(), command.path(accountId), body));
        }

        @Test
        void aBodyOfExactlySixteenKibibytesIsAccepted() {
            ApiCommand.BORROW.prepare(api, accountId);

            ApiCommand.BORROW.send(api, accountId, newKey(), padded(ApiCommand.BORROW.body(accountId), LIMIT))
                    .expect(HttpStatus.CREATED);
        }

        @Test
        void aChunkedBodyOfExactlySixteenKibibytesIsAccepted() {
            ApiCommand.BORROW.prepare(api, accountId);

            chunked(HttpMethod.POST, ApiCommand.BORROW.path(accountId), padded(ApiCommand.BORROW.body(accountId), LIMIT))
                    .expect(HttpStatus.CREATED);
        }

        /** Sends the body without a Content-Length, with chunked transfer encoding. */
        private Reply chunked(HttpMethod method, String path, String body) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            HttpRequest request = OpsCredentials.apply(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)))
                    .timeout(Duration.ofSeconds(30))
                    .header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
                    .header(IdempotencyKeys.HEADER, newKey())
                    .method(method.name(), HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
                    .build();
            try {
                HttpResponse<String> response = CHUNKING_CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
                HttpHeaders headers = new HttpHeaders();
                response.headers().map().forEach(headers::addAll);
                return Reply.of(response.statusCode(), headers, response.body());
            } catch (IOException e) {
                throw new AssertionError("the chunked request failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    @Nested
    class Routing {

        @ParameterizedTest
        @EnumSource(ApiCommand.class)
        void aMethodTheEndpointDoesNotServeIsRefused(ApiCommand command) {
            command.prepare(api, accountId);
            HttpMethod other = command.method() == HttpMethod.PUT ? HttpMethod.POST : HttpMethod.PUT;

            api.refused(HttpStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED",
                    () -> api.send(other, command.path(accountId), newKey(), MediaType.APPLICATION_JSON,
                            command.body(accountId)));
        }

        @Test
        void aPathTheApiDoesNotHaveIsNotFound() {
            api.refused(HttpStatus.NOT_FOUND, "NOT_FOUND", () -> api.post(path(accountId, "withdrawals"), newKey(), """
                    {"amount":"10.00"}"""));
        }
    }

    @Nested
    class MediaTypes {

        @ParameterizedTest
        @EnumSource(ApiCommand.class)
        void aBodyThatIsNotJsonIsRefused(ApiCommand command) {
            command.prepare(api, accountId);

            for (MediaType type : List.of(MediaType.TEXT_PLAIN, MediaType.APPLICATION_XML,
                    MediaType.APPLICATION_FORM_URLENCODED)) {
                api.refused(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE",
                        () -> api.send(command.method(), command.path(accountId), newKey(), type, command.body(accountId)));
            }
        }

        @ParameterizedTest
        @EnumSource(ApiCommand.class)
        void aBodyWithoutAContentTypeIsRefused(ApiCommand command) {
            command.prepare(api, accountId);

            api.refused(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE",
                    () -> api.send(command.method(), command.path(accountId), newKey(), null, command.body(accountId)));
        }

        @Test
        void jsonWithACharsetIsAccepted() {
            ApiCommand.BORROW.prepare(api, accountId);

            api.send(HttpMethod.POST, ApiCommand.BORROW.path(accountId), newKey(),
                    MediaType.parseMediaType("application/json;charset=UTF-8"), ApiCommand.BORROW.body(accountId))
                    .expect(HttpStatus.CREATED);
        }
    }
}
