package org.loanledger.postgres;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.loanledger.support.testing.ServiceOutput;

/**
 * A service started from the jar the reactor built, as an operator starts it: {@code java -jar} with Spring Boot
 * arguments, on a port of the operating system's choosing, driven over HTTP with one bearer token.
 * The port is read from its output ({@link ServiceOutput}).
 */
final class ServiceJar implements AutoCloseable {

    static final Path COMMAND_SIDE = Path.of("../command-side/target/command-side-0.1.0-SNAPSHOT.jar");
    static final Path QUERY_SIDE = Path.of("../query-side/target/query-side-0.1.0-SNAPSHOT.jar");

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(180);

    private final Process process;
    private final Path log;
    private final ServiceOutput output;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private ServiceJar(Process process, Path log, ServiceOutput output, String token) {
        this.process = process;
        this.log = log;
        this.output = output;
        this.token = token;
    }

    static ServiceJar start(Path jar, Path log, String token, List<String> arguments) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("no " + jar.toAbsolutePath() + ": the reactor builds the service jars before "
                    + "this module (./ledger test, or mvn -Ppostgres verify)");
        }
        ServiceOutput output = ServiceOutput.appendedTo(log);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "--server.port=0"));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        return new ServiceJar(builder.start(), log, output, token);
    }

    void awaitHealthy() {
        try {
            await(log.getFileName() + " healthy")
                    .atMost(STARTUP_TIMEOUT)
                    .pollInterval(Duration.ofMillis(250))
                    .failFast("the process exited", () -> !process.isAlive())
                    .until(() -> {
                        try {
                            if (output.boundPort() == 0) {
                                return false;
                            }
                            HttpResponse<String> health = send("GET", "/actuator/health", null);
                            return health.statusCode() == 200 && health.body().contains("\"UP\"");
                        } catch (IOException e) {
                            return false;
                        }
                    });
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw new AssertionError(e.getMessage() + "\n--- process output ---\n" + logTail(), e);
        }
    }

    /** Sends a request with the bearer token, and a fresh idempotency key when it has a body. */
    HttpResponse<String> send(String method, String path, String json) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + output.boundPort() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (json != null) {
            request.header("Content-Type", "application/json")
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private String logTail() {
        return output.tail(60);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
