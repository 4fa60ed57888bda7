package org.loanledger.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import javax.sql.DataSource;
import org.axonframework.messaging.timeout.HandlerTimeoutHandlerEnhancerDefinition;
import org.axonframework.messaging.timeout.UnitOfWorkTimeoutInterceptor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** What the command side serves besides commands: its OpenAPI document, its health and its observations. */
@RunningCommandSide
class ServiceEndpointsApiTest {

    private static final Path DATA_DIR = LedgerDataDirs.fresh(ServiceEndpointsApiTest.class);

    /** Every command path of API.md that exists, with the method it is served on. */
    private static final Map<String, String> COMMAND_PATHS = Map.of(
            "/api/accounts", "post",
            "/api/accounts/{accountId}/borrowings", "post",
            "/api/accounts/{accountId}/repayments", "post",
            "/api/accounts/{accountId}/freeze", "post",
            "/api/accounts/{accountId}/unfreeze", "post",
            "/api/accounts/{accountId}/credit-limit", "put",
            "/api/accounts/{accountId}/close", "post");

    @DynamicPropertySource
    static void ledger(DynamicPropertyRegistry registry) {
        registry.add("ledger.data-dir", DATA_DIR::toString);
    }

    @Autowired
    WebTestClient webTestClient;

    @Autowired
    DataSource dataSource;

    CommandApi api;

    @BeforeEach
    void client() {
        api = new CommandApi(webTestClient, dataSource);
    }

    private CommandApi.Reply get(String path) {
        return api.exchange(client -> client.get().uri(path));
    }

    @Nested
    class OpenApiDocument {

        @Test
        void theDocumentDescribesEveryCommandEndpoint() {
            JsonNode document = get("/v3/api-docs").expect(HttpStatus.OK);

            assertThat(document.path("openapi").asText()).startsWith("3.");
            JsonNode paths = document.path("paths");
            COMMAND_PATHS.forEach((path, method) -> {
                JsonNode operation = paths.path(path).path(method);
                assertThat(operation.isObject()).as("%s %s in the OpenAPI document", method, path).isTrue();
                assertThat(operation.path("requestBody").isObject()).as("request body of %s", path).isTrue();
            });
        }

        @Test
        void theDocumentNamesTheIdempotencyKeyHeader() {
            JsonNode borrow = get("/v3/api-docs").expect(HttpStatus.OK)
                    .path("paths").path("/api/accounts/{accountId}/borrowings").path("post");

            assertThat(borrow.path("parameters").findValuesAsText("name")).contains(IdempotencyKeys.HEADER);
        }

        @Test
        void theDocumentDescribesAmountsAsStrings() {
            JsonNode schemas = get("/v3/api-docs").expect(HttpStatus.OK).path("components").path("schemas");

            assertThat(schemas.path("Borrow").path("properties").path("amount").path("type").asText())
                    .isEqualTo("string");
            assertThat(schemas.path("Borrowed").path("properties").path("outstanding").path("type").asText())
                    .isEqualTo("string");
        }
    }

    @Nested
    class Health {

        @ParameterizedTest
        @ValueSource(strings = {"/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness"})
        void theServiceReportsItselfUp(String path) {
            JsonNode health = get(path).expectJsonVariant(HttpStatus.OK);

            assertThat(health.path("status").asText()).isEqualTo("UP");
        }
    }

    @Nested
    class Observations {

        @Autowired
        io.micrometer.observation.ObservationRegistry observations;

        @Test
        void requestsAreObservedButSecurityFiltersAreNot() {
            assertThat(io.micrometer.observation.Observation.start("http.server.requests", observations).isNoop())
                    .isFalse();
            assertThat(io.micrometer.observation.Observation.start("spring.security.filterchains", observations).isNoop())
                    .isTrue();
        }

        @Autowired
        org.springframework.security.web.server.WebFilterChainProxy securityFilters;

        @Test
        void theSecurityFiltersAreNotWrappedToBeObserved() {
            assertThat(org.springframework.test.util.ReflectionTestUtils.getField(securityFilters, "filterChainDecorator"))
                    .isNotInstanceOf(org.springframework.security.web.server.ObservationWebFilterChainDecorator.class);
        }
    }

    @Nested
    class HandlerTimeouts {

        @Autowired
        ApplicationContext context;

        @Test
        void commandsRunWithoutAxonsHandlerTimeouts() {
            // They walk the thread's stack for every handler and interrupt a thread that may be writing the store.
            assertThat(context.getBeanNamesForType(HandlerTimeoutHandlerEnhancerDefinition.class)).isEmpty();
            assertThat(context.getBeanNamesForType(UnitOfWorkTimeoutInterceptor.class)).isEmpty();
        }
    }
}
