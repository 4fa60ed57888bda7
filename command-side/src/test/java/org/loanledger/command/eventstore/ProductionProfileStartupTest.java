package org.loanledger.command.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.loanledger.command.CommandSideApplication;
import org.loanledger.command.web.LedgerDataDirs;
import org.loanledger.support.eventstore.EmbeddedEventStoreFiles;
import org.loanledger.support.security.BearerTokens;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * A production profile whose servers are missing or unreachable must stop the command side at startup and say what
 * to fix, never start on the embedded H2 store, where commands would be acknowledged into a file no other instance
 * or the query side reads.
 */
class ProductionProfileStartupTest {

    private final Path dataDir = LedgerDataDirs.fresh(ProductionProfileStartupTest.class);

    /** A port nothing listens on: it was free a moment ago and is closed again. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private List<String> arguments(String profile, String... more) {
        List<String> arguments = new ArrayList<>(List.of(
                "--spring.profiles.active=" + profile,
                "--server.port=0",
                "--server.shutdown=immediate",
                "--ledger.data-dir=" + dataDir,
                "--ledger.startup.connect-timeout=2s",
                "--ledger.security.tokens[0].name=ops-production",
                "--ledger.security.tokens[0].role=OPS",
                "--ledger.security.tokens[0].sha256=" + BearerTokens.sha256("a-long-random-production-secret")));
        arguments.addAll(List.of(more));
        return arguments;
    }

    private static void start(List<String> arguments) {
        new SpringApplicationBuilder(CommandSideApplication.class).logStartupInfo(false)
                .run(arguments.toArray(String[]::new)).close();
    }

    private boolean embeddedStoreWasCreated() {
        return Files.exists(dataDir.resolve(EmbeddedEventStoreFiles.DATABASE_NAME + ".mv.db"));
    }

    @Nested
    class WithAxonServer {

        @Test
        void anUnreachableServerStopsTheStartNamingTheAddressAndTheSetting() throws IOException {
            int port = closedPort();

            assertThatThrownBy(() -> start(arguments("axonserver", "--axon.axonserver.servers=127.0.0.1:" + port)))
                    .rootCause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Axon Server is unreachable at 127.0.0.1:" + port)
                    .hasMessageContaining("AXONSERVER_SERVERS")
                    .hasMessageContaining("never falls back to the embedded store");
            assertThat(embeddedStoreWasCreated()).isFalse();
        }

        @Test
        void aMissingServerAddressStopsTheStartNamingTheSetting() {
            assertThatThrownBy(() -> start(arguments("axonserver", "--axon.axonserver.servers=")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Missing setting axon.axonserver.servers (environment variable AXONSERVER_SERVERS)");
            assertThat(embeddedStoreWasCreated()).isFalse();
        }

        @Test
        void theProductionProfileIsTheAxonServerProfile() throws IOException {
            int port = closedPort();

            assertThatThrownBy(() -> start(arguments("production", "--axon.axonserver.servers=127.0.0.1:" + port)))
                    .rootCause()
                    .hasMessageContaining("Axon Server is unreachable at 127.0.0.1:" + port);
            assertThat(embeddedStoreWasCreated()).isFalse();
        }
    }

    @Nested
    class WithoutCallers {

        @Test
        void noTokensStopTheStartNamingTheSetting() throws IOException {
            List<String> arguments = new ArrayList<>(List.of("--spring.profiles.active=axonserver", "--server.port=0",
                    "--ledger.data-dir=" + dataDir, "--axon.axonserver.servers=127.0.0.1:" + closedPort()));

            assertThatThrownBy(() -> start(arguments))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Missing setting ledger.security.tokens");
        }

        @Test
        void jwtCallersWithoutTheIssuersKeysStopTheStartNamingTheSettings() throws IOException {
            assertThatThrownBy(() -> start(arguments("axonserver", "--ledger.security.mode=jwt",
                    "--axon.axonserver.servers=127.0.0.1:" + closedPort())))
                    .rootCause()
                    .hasMessageContaining("ledger.security.mode=jwt needs ledger.security.jwt.jwk-set-uri or "
                            + "ledger.security.jwt.public-key-location");
        }
    }

    @Nested
    class WithPostgres {

        @Test
        void aMissingDatabaseUrlStopsTheStartNamingTheSetting() {
            assertThatThrownBy(() -> start(arguments("postgres", "--ledger.postgres.url=")))
                    .rootCause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Missing setting ledger.postgres.url (environment variable LEDGER_POSTGRES_URL)");
            assertThat(embeddedStoreWasCreated()).isFalse();
        }

        @Test
        void anUnreachableDatabaseStopsTheStartNamingTheUrl() throws IOException {
            String url = "jdbc:postgresql://127.0.0.1:" + closedPort() + "/ledger?connectTimeout=2";

            assertThatThrownBy(() -> start(arguments("postgres", "--ledger.postgres.url=" + url)))
                    .hasStackTraceContaining("PostgreSQL at " + url + " (ledger.postgres.url, LEDGER_POSTGRES_URL) cannot be reached");
            assertThat(embeddedStoreWasCreated()).isFalse();
        }
    }

    @Nested
    class AsAProcess {

        @Test
        void exitsWithAFailureAndSaysWhyWhenAxonServerIsUnreachable() throws Exception {
            Path log = Files.createDirectories(dataDir).resolve("process.log");
            int port = closedPort();
            List<String> settings = arguments("axonserver", "--axon.axonserver.servers=127.0.0.1:" + port)
                    .stream().filter(a -> !a.startsWith("--server.port") && !a.startsWith("--ledger.data-dir")).toList();

            try (CommandSideProcess process = CommandSideProcess.start(dataDir, log, settings)) {
                int exit = process.awaitExit(Duration.ofSeconds(120));

                assertThat(exit).isNotZero();
                assertThat(process.logTail()).contains("Axon Server is unreachable at 127.0.0.1:" + port);
            }
            assertThat(embeddedStoreWasCreated()).isFalse();
        }
    }
}
