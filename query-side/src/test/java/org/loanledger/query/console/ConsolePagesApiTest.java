package org.loanledger.query.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.loanledger.query.support.QuerySideTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The console's pages as a browser fetches them: without a token, under a content policy that lets them load only
 * their own files and talk only to this service and the configured command side, and with nothing fetched from
 * anywhere else.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "ledger.console.command-url=https://commands.example:9443/ignored/path")
class ConsolePagesApiTest {

    private static final Path PAGES = Path.of("src/main/resources/console");

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        QuerySideTest.freshDataDir(registry);
    }

    @Autowired
    WebTestClient webTestClient;

    WebTestClient client;

    @BeforeEach
    void client() {
        client = webTestClient.mutate().responseTimeout(Duration.ofSeconds(20)).build();
    }

    private static List<Path> pages() throws IOException {
        try (Stream<Path> files = Files.list(PAGES)) {
            return files.sorted().toList();
        }
    }

    @Nested
    class Serving {

        @Test
        void theEntryRedirectsToThePageItself() {
            client.get().uri("/console").exchange()
                    .expectStatus().isEqualTo(HttpStatus.PERMANENT_REDIRECT)
                    .expectHeader().valueEquals(HttpHeaders.LOCATION, "/console/");
        }

        @Test
        void everyFileIsServedWithoutAToken() throws IOException {
            assertThat(pages()).hasSizeGreaterThan(5);
            for (Path page : pages()) {
                byte[] served = client.get().uri("/console/" + page.getFileName()).exchange()
                        .expectStatus().isOk()
                        .expectBody().returnResult().getResponseBody();
                assertThat(served).as("%s as served", page).isEqualTo(Files.readAllBytes(page));
            }
        }

        @Test
        void thePageTellsWhereTheCommandSideIs() {
            client.get().uri("/console/config.json").exchange()
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.commandUrl").isEqualTo("https://commands.example:9443");
        }

        @Test
        void aFileOutsideTheConsoleIsNotServed() {
            client.get().uri("/console/../application.yml").exchange()
                    .expectStatus().value(status -> assertThat(status).isIn(400, 401, 404));
            client.get().uri("/console/%2e%2e/application.yml").exchange()
                    .expectStatus().value(status -> assertThat(status).isIn(400, 401, 404));
        }
    }

    @Nested
    class ContentPolicy {

        @Test
        void thePagesMayTalkOnlyToThisServiceAndTheCommandSide() {
            client.get().uri("/console/").exchange()
                    .expectStatus().isOk()
                    .expectHeader().value("Content-Security-Policy", policy -> assertThat(policy)
                            .contains("default-src 'none'", "script-src 'self'", "style-src 'self'",
                                    "connect-src 'self' https://commands.example:9443", "frame-ancestors 'none'")
                            .doesNotContain("unsafe-inline", "unsafe-eval"));
        }

        @Test
        void theApiIsNotUnderThePagesPolicy() {
            client.get().uri("/api/portfolio").header(HttpHeaders.AUTHORIZATION, "Bearer ops-dev-token").exchange()
                    .expectStatus().isOk()
                    .expectHeader().doesNotExist("Content-Security-Policy");
        }
    }

    @Nested
    class NothingFromElsewhere {

        private static final Pattern ADDRESS = Pattern.compile("(?i)(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}");

        @Test
        void noFileNamesAnAddressOutsideTheLedger() throws IOException {
            for (Path page : pages()) {
                String text = Files.readString(page, StandardCharsets.UTF_8);
                Matcher found = ADDRESS.matcher(text);
                while (found.find()) {
                    // The SVG namespace is a name, never fetched.
                    assertThat(found.group()).as("address in %s", page).isEqualTo("http://www.w3.org");
                }
            }
        }

        @Test
        void noScriptWritesHtml() throws IOException {
            for (Path page : pages()) {
                assertThat(Files.readString(page, StandardCharsets.UTF_8)).as("%s", page)
                        .doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(");
            }
        }
    }
}
