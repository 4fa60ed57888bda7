package org.loanledger.support.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a service started as a process of its own says in its output, read from where this start began writing; for
 * the tests and tools of every module that start one (published as this module's test jar).
 *
 * <p>The process is started with {@code --server.port=0} and its port read from here. A port chosen by the starting
 * JVM and handed over would be free only until that JVM closed it: anything binding an ephemeral port meanwhile (the
 * other service's H2 {@code AUTO_SERVER} taking the event store's file over, another process) could take it, and the
 * service would exit at startup.
 */
public final class ServiceOutput {

    private static final Pattern BOUND = Pattern.compile("Netty started on port (\\d+)");

    private final Path log;
    private final long start;
    private volatile int port;

    private ServiceOutput(Path log, long start) {
        this.log = log;
        this.start = start;
    }

    /**
     * Output a start is about to append to {@code log} (started with {@code ProcessBuilder.Redirect.appendTo}): what
     * the file holds now is an earlier start's.
     */
    public static ServiceOutput appendedTo(Path log) throws IOException {
        return new ServiceOutput(log, Files.exists(log) ? Files.size(log) : 0);
    }

    /**
     * The port this start's web server reported once bound, or 0 before that (or while its output cannot be read).
     * Read from the output until it is found, then remembered: callers ask for it on every request.
     */
    public int boundPort() {
        if (port == 0) {
            try {
                byte[] output = Files.readAllBytes(log);
                int from = (int) Math.min(start, output.length);
                Matcher bound = BOUND.matcher(new String(output, from, output.length - from, StandardCharsets.UTF_8));
                if (bound.find()) {
                    port = Integer.parseInt(bound.group(1));
                }
            } catch (IOException notReadableYet) {
                // not bound as far as anyone can tell
            }
        }
        return port;
    }

    /** The last {@code lines} lines of the whole file, for a failure to show; never throws. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }
}
