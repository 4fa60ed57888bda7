package org.loanledger.command.eventstore;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.loanledger.command.CommandSideApplication;
import org.loanledger.command.web.CommandApi.Reply;
import org.loanledger.command.web.IdempotencyKeys;
import org.loanledger.command.web.OpsCredentials;
import org.loanledger.support.testing.ServiceOutput;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/**
 * The command side running in a JVM of its own, on the classes and libraries of the test run, so a test can kill it
 * the hard way and start it again on the same data directory.
 */
public final class CommandSideProcess implements AutoCloseable {

    /** A cold JVM on a shared build machine can take a while to start Spring and Axon. */
    static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(180);

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final ServiceOutput output;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private CommandSideProcess(Process process, ServiceOutput output) {
        this.process = process;
        this.output = output;
    }

    /**
     * Starts the application over {@code dataDir} on a port of the operating system's choosing, writing its output to
     * {@code log}, under the permissive risk policy: many borrowings in seconds would rightly trip the default policy's
     * velocity rule.
     */
    public static CommandSideProcess start(Path dataDir, Path log) throws IOException {
        return start(dataDir, log, List.of("--ledger.risk.active-policy=permissive"));
    }

    /** Starts the application as {@link #start(Path, Path)} does, with {@code settings} ({@code --name=value}). */
    public static CommandSideProcess start(Path dataDir, Path log, List<String> settings) throws IOException {
        ServiceOutput output = ServiceOutput.appendedTo(log);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(
                java.toString(),
                "-Xmx384m",
                "-XX:TieredStopAtLevel=1",
                "-Daxoniq.update-checker.disabled=true",
                "-cp", applicationClassPath(),
                CommandSideApplication.class.getName(),
                "--server.port=0",
                "--ledger.data-dir=" + dataDir.toAbsolutePath()));
        command.addAll(settings);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        return new CommandSideProcess(builder.start(), output);
    }

    /**
     * The test run's class path without its test classes: the process runs the application as shipped, and no
     * configuration written for tests is picked up by its component scan.
     */
    private static String applicationClassPath() {
        String separator = File.pathSeparator;
        return Arrays.stream(System.getProperty("java.class.path").split(separator))
                .filter(entry -> !Path.of(entry).endsWith("test-classes"))
                .collect(Collectors.joining(separator));
    }

    /** Waits, bounded, until the application reports itself healthy; fails at once if the process dies. */
    public void awaitHealthy() {
        try {
            await("command side healthy")
                    .atMost(STARTUP_TIMEOUT)
                    .pollInterval(Duration.ofMillis(250))
                    .failFast("the command side process exited", () -> !process.isAlive())
                    .until(this::healthy);
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw new AssertionError(e.getMessage() + "\n--- process output ---\n" + logTail(), e);
        }
    }

    private boolean healthy() {
        try {
            if (output.boundPort() == 0) {
                return false;
            }
            HttpRequest request = OpsCredentials.apply(HttpRequest.newBuilder(uri("/actuator/health")))
                    .timeout(Duration.ofSeconds(2))
                    .GET()
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public Reply send(HttpMethod method, String path, String idempotencyKey, String json) {
        HttpRequest request = OpsCredentials.apply(HttpRequest.newBuilder(uri(path)))
                .timeout(REQUEST_TIMEOUT)
                .header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
                .header(IdempotencyKeys.HEADER, idempotencyKey)
                .method(method.name(), HttpRequest.BodyPublishers.ofString(json))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            HttpHeaders headers = new HttpHeaders();
            response.headers().map().forEach(headers::addAll);
            return Reply.of(response.statusCode(), headers, response.body());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed\n--- process output ---\n" + logTail(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** SIGKILL: no shutdown hook, no flush, no graceful anything. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("the command side process did not die within " + EXIT_TIMEOUT);
        }
    }

    /** Waits, bounded, for the process to end on its own; returns its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the command side did not exit within " + timeout + "\n--- process output ---\n"
                    + logTail());
        }
        return process.exitValue();
    }

    public boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    public String logTail() {
        return output.tail(60);
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + output.boundPort() + path);
    }
}
