package org.loanledger.query.support;

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
import org.awaitility.Awaitility;
import org.loanledger.support.testing.ServiceOutput;

/**
 * The real command side, started from its built jar as a child process on a given data directory, driven over HTTP as
 * a front-end would. It binds a port of the operating system's choosing, read from its output ({@link ServiceOutput}).
 */
public final class CommandSideProcess implements AutoCloseable {

    public static final Path JAR = Path.of("../command-side/target/command-side-0.1.0-SNAPSHOT.jar");

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final ServiceOutput output;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public CommandSideProcess(Path dataDir, Path log) throws IOException {
        this(dataDir, log, List.of());
    }

    /** @param extraArguments further Spring Boot arguments, e.g. {@code --ledger.risk.active-policy=2026-12-strict} */
    public CommandSideProcess(Path dataDir, Path log, List<String> extraArguments) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("build the command side first (mvn -pl command-side package): no " + JAR.toAbsolutePath());
        }
        output = ServiceOutput.appendedTo(log);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar", JAR.toString(),
                "--server.port=0", "--ledger.data-dir=" + dataDir.toAbsolutePath()));
        command.addAll(extraArguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        process = builder.start();
        try {
            Awaitility.await().atMost(STARTUP_TIMEOUT).pollInterval(Duration.ofMillis(250)).until(this::healthy);
        } catch (RuntimeException e) {
            close();
            throw new IllegalStateException(e.getMessage() + "\n--- process output ---\n" + output.tail(60), e);
        }
    }

    private boolean healthy() {
        if (!process.isAlive()) {
            throw new IllegalStateException("the command side exited with " + process.exitValue());
        }
        if (output.boundPort() == 0) {
            return false;
        }
        try {
            return send("GET", "/actuator/health", null).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** Sends a request as ops with a fresh idempotency key; returns the response whatever its status. */
    public HttpResponse<String> send(String method, String path, String json) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + output.boundPort() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer ops-dev-token")
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
            throw new IOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(Duration.ofSeconds(20).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

}
