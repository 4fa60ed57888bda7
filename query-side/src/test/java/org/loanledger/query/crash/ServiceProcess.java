package org.loanledger.query.crash;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.loanledger.support.testing.ServiceOutput;

/** One service of the ledger in a JVM of its own, so that it can be killed with SIGKILL and started again. */
final class ServiceProcess {

    private final String name;
    private final List<String> command;
    private final Path log;
    /** The current start's output, where its port is read ({@link ServiceOutput}). */
    private volatile ServiceOutput output;
    private Process process;

    private ServiceProcess(String name, List<String> command, Path log) {
        this.name = name;
        this.command = command;
        this.log = log;
    }

    /** The command side as shipped: its built jar. */
    static ServiceProcess commandSide(Path jar, Path dataDir, Path log) throws IOException {
        return new ServiceProcess("command-side", List.of(java(), "-Xmx512m", "-jar", jar.toString(),
                "--server.port=0", "--ledger.data-dir=" + dataDir, "--ledger.risk.active-policy=permissive",
                "--server.shutdown=immediate"), log);
    }

    /** The query side on this run's classes and libraries, without the test classes. */
    static ServiceProcess querySide(Path dataDir, Path log) throws IOException {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).endsWith("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
        return new ServiceProcess("query-side", List.of(java(), "-Xmx512m", "-cp", classPath,
                "org.loanledger.query.QuerySideApplication", "--server.port=0", "--ledger.data-dir=" + dataDir,
                "--server.shutdown=immediate"), log);
    }

    void start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command));
        builder.environment().put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        output = ServiceOutput.appendedTo(log);
        process = builder.start();
    }

    /** Waits until the service answers its health check; returns how long that took. */
    Duration awaitServing(HttpClient http, Duration bound) {
        long started = System.nanoTime();
        await().atMost(bound).pollInterval(Duration.ofMillis(100)).ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(name + " exited while starting; the end of " + log + ":\n"
                                + output.tail(40));
                    }
                    if (output.boundPort() == 0) {
                        return false;
                    }
                    HttpRequest health = HttpRequest.newBuilder(URI.create(base() + "/actuator/health"))
                            .timeout(Duration.ofSeconds(2)).build();
                    return http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                });
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** SIGKILL: no shutdown hook, no flush, exactly what a crash does. */
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }

    String base() {
        return "http://127.0.0.1:" + output.boundPort();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
