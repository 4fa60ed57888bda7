package org.loanledger.command.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.loanledger.support.testing.ServiceOutput;

/**
 * One service started from its built jar, as an operator would run it, on a port of the operating system's choosing
 * over a data directory. It remembers the largest resident set it was seen with ({@code VmHWM} of
 * {@code /proc/<pid>/status}) across restarts.
 */
final class ServiceProcess {

    private static final Duration STARTUP_BOUND = Duration.ofSeconds(240);

    final String name;
    private final Path java;
    private final Path jar;
    private final Path dataDir;
    private final Path log;
    private final List<String> jvmFlags;
    private final List<String> arguments;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    /** The current start's output, where its port is read; {@code null} before the first start. */
    private volatile ServiceOutput output;
    /** The peak resident set of each start of the service, in KB, by what the run was doing when it started. */
    private final Map<String, Long> peakRssKbByStart = new LinkedHashMap<>();
    private String startedFor;
    /** When the service last answered its first health check ({@link System#nanoTime()}). */
    private long readyAt;

    ServiceProcess(String name, Path java, Path jar, Path dataDir, Path log, List<String> jvmFlags,
            List<String> arguments) {
        this.name = name;
        this.java = java;
        this.jar = jar;
        this.dataDir = dataDir;
        this.log = log;
        this.jvmFlags = jvmFlags;
        this.arguments = arguments;
    }

    /**
     * Starts the service on a new port of the operating system's choosing ({@link ServiceOutput}), for
     * {@code purpose} (what its peak resident set is reported under), and returns once its health check answers 200.
     */
    Duration start(String purpose) throws IOException, InterruptedException {
        synchronized (peakRssKbByStart) {
            startedFor = purpose;
            peakRssKbByStart.putIfAbsent(purpose, 0L);
        }
        output = ServiceOutput.appendedTo(log);
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmFlags);
        command.add("-jar");
        command.add(jar.toString());
        command.add("--server.port=0");
        command.add("--ledger.data-dir=" + dataDir);
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        long started = System.nanoTime();
        process = builder.start();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited while starting; see " + log);
            }
            if (System.nanoTime() - started > STARTUP_BOUND.toNanos()) {
                stop();
                throw new IllegalStateException(name + " did not answer its health check within " + STARTUP_BOUND + "; see " + log);
            }
            if (output.boundPort() != 0) {
                HttpRequest health = HttpRequest.newBuilder(URI.create(base() + "/actuator/health"))
                        .timeout(Duration.ofSeconds(2)).build();
                try {
                    if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        readyAt = System.nanoTime();
                        return Duration.ofNanos(readyAt - started);
                    }
                } catch (IOException notYetListening) {
                    // still starting
                }
            }
            TimeUnit.MILLISECONDS.sleep(200); // polling a process that is starting, not synchronising threads
        }
    }

    /** How long the service has been up since its last start answered its health check. */
    Duration uptime() {
        return Duration.ofNanos(System.nanoTime() - readyAt);
    }

    boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** SIGTERM and a wait for the graceful shutdown, so the H2 file is closed cleanly before anything else opens it. */
    void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        sampleRss();
        process.destroy();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        process = null;
    }

    /** The peak resident set of each start, in KB, by the purpose it was started for, in the order of the starts. */
    Map<String, Long> peakRssKbByStart() {
        synchronized (peakRssKbByStart) {
            return new LinkedHashMap<>(peakRssKbByStart);
        }
    }

    /** The resident set now, in KB (0 when not running); also folds the process's own peak into {@link #peakRssKb()}. */
    long sampleRss() {
        if (process == null || !process.isAlive()) {
            return 0;
        }
        try {
            long rss = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = kilobytes(line);
                } else if (line.startsWith("VmHWM:")) {
                    long peak = kilobytes(line);
                    synchronized (peakRssKbByStart) {
                        peakRssKbByStart.merge(startedFor, peak, Math::max);
                    }
                }
            }
            return rss;
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    /**
     * CPU time the process has used so far, user and system, in seconds ({@code utime + stime} of
     * {@code /proc/<pid>/stat}, in clock ticks of 1/100 s); NaN when unknown. On a machine shared with other work,
     * CPU per request is steadier than requests per second.
     */
    double cpuSeconds() {
        if (process == null || !process.isAlive()) {
            return Double.NaN;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            // Fields after the command name, which is in parentheses and may contain spaces.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (IOException | RuntimeException unknown) {
            return Double.NaN;
        }
    }

    long peakRssKb() {
        synchronized (peakRssKbByStart) {
            return peakRssKbByStart.values().stream().mapToLong(Long::longValue).max().orElse(0);
        }
    }

    String base() {
        return "http://127.0.0.1:" + output.boundPort();
    }

    boolean running() {
        return process != null && process.isAlive();
    }

    private static long kilobytes(String statusLine) {
        return Long.parseLong(statusLine.replaceAll("[^0-9]", ""));
    }

}
