package org.loanledger.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.loanledger.query.mongo.EmbeddedMongoServer;
import org.loanledger.support.security.BearerTokens;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * A production profile whose servers are missing or unreachable must stop the query side at startup and say what to
 * fix, never start the embedded MongoDB or follow the embedded H2 store: views on one instance's disk would differ
 * from every other instance's, and the service would look up while showing nothing the command side decided.
 */
class ProductionProfileStartupTest {

    private final Path dataDir = Path.of("target", "ledger-test-data", "ProductionProfileStartupTest-" + UUID.randomUUID())
            .toAbsolutePath();

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
        new SpringApplicationBuilder(QuerySideApplication.class).logStartupInfo(false)
                .run(arguments.toArray(String[]::new)).close();
    }

    private boolean embeddedStoresWereCreated() {
        return Files.exists(dataDir.resolve(EmbeddedMongoServer.FILE_NAME)) || Files.exists(dataDir.resolve("events.mv.db"));
    }

    @Nested
    class WithAxonServer {

        @Test
        void aMissingMongoDbStopsTheStartNamingTheSetting() throws IOException {
            try (ServerSocket axonServer = new ServerSocket(0)) {
                assertThatThrownBy(() -> start(arguments("axonserver", "--ledger.mongodb.uri=",
                        "--axon.axonserver.servers=127.0.0.1:" + axonServer.getLocalPort())))
                        .rootCause()
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("Missing setting ledger.mongodb.uri (environment variable LEDGER_MONGODB_URI)");
            }
            assertThat(embeddedStoresWereCreated()).isFalse();
        }

        @Test
        void anUnreachableMongoDbStopsTheStartNamingTheAddress() throws IOException {
            int mongoPort = closedPort();
            try (ServerSocket axonServer = new ServerSocket(0)) {
                assertThatThrownBy(() -> start(arguments("axonserver",
                        "--ledger.mongodb.uri=mongodb://ledger:secret@127.0.0.1:" + mongoPort + "/?connectTimeoutMS=1000",
                        "--axon.axonserver.servers=127.0.0.1:" + axonServer.getLocalPort())))
                        .hasStackTraceContaining("MongoDB is unreachable at mongodb://ledger:***@127.0.0.1:" + mongoPort)
                        .hasStackTraceContaining("LEDGER_MONGODB_URI")
                        .satisfies(e -> assertThat(e).hasStackTraceContaining("never falls back"));
            }
            assertThat(embeddedStoresWereCreated()).isFalse();
        }

        @Test
        void anUnreachableAxonServerStopsTheStartNamingTheAddress() throws IOException {
            int port = closedPort();
            MongoServer mongo = new MongoServer(new MemoryBackend());
            try {
                String uri = mongo.bindAndGetConnectionString();
                assertThatThrownBy(() -> start(arguments("axonserver", "--ledger.mongodb.uri=" + uri,
                        "--axon.axonserver.servers=127.0.0.1:" + port)))
                        .hasStackTraceContaining("Axon Server is unreachable at 127.0.0.1:" + port)
                        .hasStackTraceContaining("AXONSERVER_SERVERS");
            } finally {
                mongo.shutdownNow();
            }
            assertThat(embeddedStoresWereCreated()).isFalse();
        }
    }

    @Nested
    class WithPostgres {

        @Test
        void aMissingDatabaseUrlStopsTheStartNamingTheSetting() {
            MongoServer mongo = new MongoServer(new MemoryBackend());
            try {
                String uri = mongo.bindAndGetConnectionString();
                assertThatThrownBy(() -> start(arguments("postgres", "--ledger.postgres.url=", "--ledger.mongodb.uri=" + uri)))
                        .hasStackTraceContaining("Missing setting ledger.postgres.url (environment variable LEDGER_POSTGRES_URL)");
            } finally {
                mongo.shutdownNow();
            }
            assertThat(embeddedStoresWereCreated()).isFalse();
        }
    }

    @Nested
    class AsAProcess {

        @Test
        void exitsWithAFailureAndSaysWhyWhenMongoDbIsMissing() throws Exception {
            Files.createDirectories(dataDir);
            Path log = dataDir.resolve("process.log");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                    "-XX:TieredStopAtLevel=1", "-Daxoniq.update-checker.disabled=true",
                    "-cp", System.getProperty("java.class.path"), QuerySideApplication.class.getName()));
            try (ServerSocket axonServer = new ServerSocket(0)) {
                command.addAll(arguments("axonserver", "--ledger.mongodb.uri=",
                        "--axon.axonserver.servers=127.0.0.1:" + axonServer.getLocalPort()));
                Process process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).start();
                try {
                    assertThat(process.waitFor(Duration.ofSeconds(120).toSeconds(), TimeUnit.SECONDS))
                            .as("the query side exits on its own").isTrue();
                    assertThat(process.exitValue()).isNotZero();
                    assertThat(Files.readString(log)).contains("Missing setting ledger.mongodb.uri");
                } finally {
                    process.destroyForcibly();
                }
            }
            assertThat(embeddedStoresWereCreated()).isFalse();
        }
    }
}
