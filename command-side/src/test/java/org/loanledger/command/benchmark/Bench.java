package org.loanledger.command.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Phaser;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.loanledger.shared.integrity.HashChain;
import org.loanledger.support.eventstore.DurablePosition;
import org.loanledger.support.eventstore.H2StoreCompactor;

/**
 * The benchmark suite: every measure of the performance issue in one run on the embedded default, printed as a table
 * (measure, value, target, pass) and appended as one JSON line to a results file. Run it with {@code ./ledger bench
 * [--quick]}; README.md says what each measure means and BENCHMARKS.md records runs.
 *
 * <p>Phases, each on a quiet machine apart from the one thing measured:
 * <ol>
 *   <li>command side alone on an empty store: open the accounts, warm up, then closed-loop throughput of
 *       {@code GET /actuator/health} and of borrow/repay commands, 64 connections each;</li>
 *   <li>query side started and caught up: open-loop commands at a fixed rate, latency from each request's due time,
 *       and projection lag (time from a command's answer until the account view shows its version);</li>
 *   <li>services stopped; accounts of 10,000 events written into the store; query side alone: explanation and
 *       state-at latency, then every projection rebuilt in turn;</li>
 *   <li>services stopped; the store filled to 1,000,000 events; a command side on it and another on a store of the
 *       accounts only, both started and warmed up together: the same closed loop in windows alternated between
 *       them, whose ratio is the large store's measure;</li>
 *   <li>the query side alone, following a store this harness serves and writes as the command side would: every
 *       projection rebuilt at 100,000 and at 1,000,000 events, and the lag under a steady 1,000 events a second,
 *       without and with read-your-writes probes;</li>
 *   <li>in-process: aggregate load time by history length, with and without a snapshot.</li>
 * </ol>
 * Resident memory of each service is its largest VmRSS over the run.
 */
public final class Bench {

    static final String LENDER = "Bearer lender-dev-token";
    static final String OPS = "Bearer ops-dev-token";
    static final String AUDITOR = "Bearer auditor-dev-token";
    private static final int CONNECTIONS = 64;
    /** The share of a window's time below which a service's compilers count as settled (see {@link #steadyWarmUp}). */
    static final double COMPILING_SETTLED = 0.10;
    private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The label of a window's lag of every event ({@link EventLag}), for one percentile; phases 2 and 6 share it. */
    private static final String EVENT_LAG =
            "projection lag %s, slowest projection (every event, stored -> view written; upper bound of its bucket)";

    /** How big a run is; {@code --quick} shrinks everything for a smoke test of the harness itself. */
    record Scale(String name, int accounts, Duration warmup, Duration healthWindow, Duration commandWindow,
                 double fixedRate, Duration fixedWindow, int historyEvents, int warmCalls, long storeEvents,
                 int[] loadSizes, Duration rebuildBound, long[] querySideStores, Duration largeRebuildBound,
                 Duration steadyWarmup, Duration steadyWarmupBound) {

        static Scale full() {
            return new Scale("full", 10_000, Duration.ofSeconds(15), Duration.ofSeconds(20), Duration.ofSeconds(30),
                    1000, Duration.ofSeconds(30), 10_000, 300, 1_000_000, new int[] {100, 10_000, 100_000}, Duration.ofSeconds(90),
                    new long[] {100_000, 1_000_000}, Duration.ofSeconds(150), Duration.ofSeconds(60),
                    Duration.ofSeconds(240));
        }

        static Scale quick() {
            return new Scale("quick", 1_000, Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(6),
                    1000, Duration.ofSeconds(6), 2_000, 50, 60_000, new int[] {100, 1_000, 5_000}, Duration.ofSeconds(30),
                    new long[] {20_000, 60_000}, Duration.ofSeconds(30), Duration.ofSeconds(6), Duration.ofSeconds(6));
        }
    }

    /** One row of the table. {@code pass} is null where the issue sets no target. */
    record Measure(String id, String label, double value, String unit, String target, Boolean pass) {
    }

    /** Progress lines, prefixed with the seconds since the run began. */
    static final class Log {
        private final long start = System.nanoTime();

        void line(String format, Object... args) {
            System.out.printf("[%6.1f s] %s%n", (System.nanoTime() - start) / 1e9, String.format(format, args));
        }
    }

    private final Scale scale;
    private final Path work;
    private final Path data;
    private final ServiceProcess command;
    private final ServiceProcess query;
    private final List<String> jvmFlags;
    /** The query side's JVM flags: the services' own flags differ (see the ledger script). */
    private final List<String> queryJvmFlags;
    /** The {@code java} executable the services run on (by default the harness's own). */
    private final Path serviceJava;
    private final Log log = new Log();
    private final List<Measure> measures = new ArrayList<>();
    private final HttpClient blocking = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /**
     * How long the command side had been up when the empty store's command window began: the store of a million
     * events is measured no sooner after its own start, so that the ratio compares stores, not how much of the
     * service the JIT compilers had compiled yet.
     */
    private Duration emptyStoreUptime = Duration.ZERO;
    private final String runTag = Long.toString(System.currentTimeMillis(), 36);
    /** The borrowings and repayments every phase sends to the run's store. */
    private final Workload commands;
    private final Path commandJar;
    private final Path queryJar;
    /** Phase 6's query side, over a store this harness writes; null until it starts. */
    private volatile ServiceProcess queryAlone;
    /** Phase 4's second command side, over a store of the accounts only; null until it starts. */
    private volatile ServiceProcess smallStore;
    private final Set<Phase> phases;
    /**
     * Whether phase 6 stops after its smaller store ({@code --query-small-store}): its rebuilds and steady windows at
     * 100,000 events, without filling the store to 1,000,000. Half the phase's time, for runs that tune the lag.
     */
    private final boolean querySmallStoreOnly;

    /**
     * The phases of a run, in the order they run. A full run has them all; {@code --phases} picks some, to measure
     * one thing while tuning it (such runs are kept apart from the record of full runs). The fixed-rate and
     * 1,000,000-event phases reuse the accounts and the throughput of the closed loop, so they bring it along.
     */
    enum Phase {
        COMMANDS, FIXED, REPLAY, MILLION, QUERY, LOAD;

        static Set<Phase> parse(String list) {
            Set<Phase> phases = EnumSet.noneOf(Phase.class);
            for (String name : list.split(",")) {
                phases.add(Phase.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            }
            if (phases.contains(FIXED) || phases.contains(MILLION)) {
                phases.add(COMMANDS);
            }
            return phases;
        }
    }

    Bench(Scale scale, Path work, Path java, Path commandJar, Path queryJar, List<String> jvmFlags,
          List<String> queryJvmFlags, Set<Phase> phases, boolean querySmallStoreOnly) throws IOException {
        this.scale = scale;
        this.phases = phases;
        this.querySmallStoreOnly = querySmallStoreOnly;
        this.commands = new Workload("c");
        this.commandJar = commandJar;
        this.queryJar = queryJar;
        this.work = work;
        this.data = Files.createDirectories(work.resolve("data"));
        this.jvmFlags = jvmFlags;
        this.queryJvmFlags = queryJvmFlags;
        this.serviceJava = java;
        this.command = new ServiceProcess("command-side", java, commandJar, data, work.resolve("command-side.log"),
                jvmFlags, List.of("--ledger.risk.active-policy=permissive"));
        this.query = new ServiceProcess("query-side", java, queryJar, data, work.resolve("query-side.log"),
                queryJvmFlags, List.of());
    }

    public static void main(String[] args) throws Exception {
        // The harness's own libraries (Hikari, Axon) would otherwise log at INFO between the progress lines.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        System.setProperty("disable-axoniq-console-message", "true");
        Map<String, String> options = options(args);
        Path results = Path.of(options.getOrDefault("results", "bench-results.jsonl")).toAbsolutePath();
        if (options.containsKey("summary")) {
            System.out.println(Summary.of(results));
            return;
        }
        Scale scale = options.containsKey("quick") ? Scale.quick() : Scale.full();
        Path work = options.containsKey("work-dir") ? Files.createDirectories(Path.of(options.get("work-dir")))
                : Files.createTempDirectory("ledger-bench");
        List<String> flags = flags(options.getOrDefault("jvm-flags", "-Xmx384m"));
        List<String> queryFlags = options.containsKey("query-jvm-flags") ? flags(options.get("query-jvm-flags"))
                : flags;
        Set<Phase> phases = options.containsKey("phases") ? Phase.parse(options.get("phases"))
                : EnumSet.allOf(Phase.class);
        Path java = Path.of(options.getOrDefault("service-java",
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        Bench bench = new Bench(scale, work, java, Path.of(required(options, "command-jar")),
                Path.of(required(options, "query-jar")), flags, queryFlags, phases,
                options.containsKey("query-small-store"));
        ObjectNode run;
        try {
            run = bench.run();
        } finally {
            if (!options.containsKey("work-dir")) {
                try {
                    keepOnlyLogs(work);
                } catch (IOException e) {
                    System.err.println("ledger bench: the stores in " + work + " could not all be deleted: " + e);
                }
            }
        }
        Files.writeString(results, JSON.writeValueAsString(run) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.out.println();
        System.out.println(table(run));
        System.out.println("appended to " + results + "; service logs in " + work);
        boolean allPass = true;
        for (JsonNode measure : run.get("measures")) {
            allPass &= !measure.path("pass").isBoolean() || measure.get("pass").asBoolean();
        }
        System.out.println(allPass ? "every target met" : "some targets missed (see the table)");
    }

    ObjectNode run() throws Exception {
        ObjectNode run = JSON.createObjectNode();
        run.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        run.put("scale", scale.name());
        if (phases.size() < Phase.values().length) {
            run.put("phases", phases.toString());
        }
        if (querySmallStoreOnly) {
            run.put("queryStores", "small only");
        }
        run.put("commit", System.getProperty("ledger.bench.commit", "unknown"));
        ObjectNode machine = machine();
        machine.put("serviceJava", javaVersion(serviceJava));
        run.set("machine", machine);
        run.put("jvmFlags", String.join(" ", jvmFlags));
        if (!queryJvmFlags.equals(jvmFlags)) {
            run.put("queryJvmFlags", String.join(" ", queryJvmFlags));
        }
        run.put("loadAverageBefore", loadAverage());
        long started = System.nanoTime();
        log.line("%s run, work directory %s, JVM flags %s, query side's %s", scale.name(), work, jvmFlags,
                queryJvmFlags);
        ScheduledExecutorService rss = Executors.newSingleThreadScheduledExecutor();
        rss.scheduleAtFixedRate(() -> {
            command.sampleRss();
            query.sampleRss();
            ServiceProcess small = smallStore;
            if (small != null) {
                small.sampleRss();
            }
            ServiceProcess alone = queryAlone;
            if (alone != null) {
                alone.sampleRss();
            }
        }, 0, 200, TimeUnit.MILLISECONDS);
        try (HttpLoad load = new HttpLoad()) {
            double emptyThroughput = phases.contains(Phase.COMMANDS) ? closedLoopOnEmptyStore(load) : Double.NaN;
            if (phases.contains(Phase.FIXED)) {
                fixedRate(load, scale.fixedRate(), true);
                // The same at half the capacity just measured: latency and lag when the command side is not overloaded.
                fixedRate(load, Math.max(50, Math.floor(emptyThroughput / 2 / 50) * 50), false);
            }
            command.stop();
            query.stop();
            if (phases.contains(Phase.REPLAY)) {
                historiesAndRebuild();
            }
            if (phases.contains(Phase.MILLION)) {
                storeOfMillion(load, emptyThroughput);
            }
            if (phases.contains(Phase.QUERY)) {
                querySideAlone(load);
            }
        } finally {
            rss.shutdownNow();
            command.stop();
            query.stop();
            ServiceProcess alone = queryAlone;
            if (alone != null) {
                alone.stop();
            }
        }
        if (command.peakRssKb() > 0) {
            add("rss-command", "command side resident memory, peak", command.peakRssKb() / 1024.0, "MB", "<= 512 MB",
                    command.peakRssKb() <= 512 * 1024);
        }
        if (query.peakRssKb() > 0) {
            add("rss-query", "query side resident memory, peak", query.peakRssKb() / 1024.0, "MB", "<= 512 MB",
                    query.peakRssKb() <= 512 * 1024);
        }
        ServiceProcess small = smallStore;
        if (small != null && small.peakRssKb() > 0) {
            add("rss-command-accounts-only", "command side over the accounts only (phase 4), peak",
                    small.peakRssKb() / 1024.0, "MB", "<= 512 MB", small.peakRssKb() <= 512 * 1024);
        }
        ServiceProcess alone = queryAlone;
        if (alone != null && alone.peakRssKb() > 0) {
            add("rss-query-alone", "query side following this harness's writes (phase 6), peak",
                    alone.peakRssKb() / 1024.0, "MB", "<= 512 MB", alone.peakRssKb() <= 512 * 1024);
        }
        // Where each peak came from: every start of a service is a process of its own.
        addPeaksByStart("command", "command side", command);
        addPeaksByStart("query", "query side", query);
        if (phases.contains(Phase.LOAD)) {
            aggregateLoad();
        }
        run.put("loadAverageAfter", loadAverage());
        run.put("seconds", Math.round((System.nanoTime() - started) / 1e9));
        ArrayNode rows = run.putArray("measures");
        for (Measure m : measures) {
            ObjectNode row = rows.addObject();
            row.put("id", m.id());
            row.put("label", m.label());
            if (Double.isNaN(m.value())) {
                row.putNull("value");
            } else {
                row.put("value", Math.round(m.value() * 100) / 100.0);
            }
            row.put("unit", m.unit());
            row.put("target", m.target());
            if (m.pass() != null) {
                row.put("pass", m.pass());
            }
        }
        return run;
    }

    /** Phase 1: the command side alone, so health and commands see the same machine. */
    private double closedLoopOnEmptyStore(HttpLoad load) throws Exception {
        log.line("command side started in %.1f s", command.start("closed loops and fixed rates").toMillis() / 1000.0);
        reactor.netty.http.client.HttpClient client = load.client(command.base(), CONNECTIONS);
        openAccounts(load, client);
        HttpLoad.Result warm = warmUp(load, client, commands);
        log.line("warm-up: %,.0f commands/s %s", warm.perSecond(), warm.failures());
        load.closedLoop(client, () -> HttpLoad.Call.get("/actuator/health", null), CONNECTIONS, Duration.ofSeconds(3));
        double cpuBeforeHealth = command.cpuSeconds();
        HttpLoad.Result health = load.closedLoop(client, () -> HttpLoad.Call.get("/actuator/health", null), CONNECTIONS,
                scale.healthWindow());
        double cpuPerHealth = (command.cpuSeconds() - cpuBeforeHealth) * 1000 / health.ok();
        requireNoFailures("health", health);
        double cpuBeforeCommands = command.cpuSeconds();
        emptyStoreUptime = command.uptime();
        HttpLoad.Result commands = load.closedLoop(client, this.commands::next, CONNECTIONS, scale.commandWindow());
        double cpuPerCommand = (command.cpuSeconds() - cpuBeforeCommands) * 1000 / commands.ok();
        log.line("health %,.0f/s; commands %,.0f/s (p50 %.1f ms, p99 %.1f ms), failures %s", health.perSecond(),
                commands.perSecond(), commands.percentileMillis(0.5), commands.percentileMillis(0.99), commands.failures());
        double ratio = commands.perSecond() / health.perSecond();
        add("throughput-commands", "commands/s, closed loop, 64 connections, " + String.format("%,d", scale.accounts())
                + " accounts", commands.perSecond(), "/s", ">= 3,000/s", commands.perSecond() >= 3000);
        add("throughput-health", "GET /actuator/health/s, same service, 64 connections", health.perSecond(), "/s", "", null);
        add("throughput-ratio", "commands / health", ratio, "ratio", ">= 0.15", ratio >= 0.15);
        add("cpu-per-command", "command side CPU per command, closed loop", cpuPerCommand, "ms", "", null);
        add("cpu-per-health", "command side CPU per health check, closed loop", cpuPerHealth, "ms", "", null);
        add("cpu-ratio", "CPU per health check / CPU per command", cpuPerHealth / cpuPerCommand, "ratio", "", null);
        add("throughput-failures", "commands answered with an error, closed loop", commands.failed(), "count", "0",
                commands.failed() == 0);
        return commands.perSecond();
    }

    /** The scale's accounts, opened on the service {@code client} sends to. */
    private void openAccounts(HttpLoad load, reactor.netty.http.client.HttpClient client) throws InterruptedException {
        AtomicLong opened = new AtomicLong();
        HttpLoad.Result open = load.closedLoop(client, () -> {
            long i = opened.getAndIncrement();
            return i < scale.accounts() ? new HttpLoad.Call("/api/accounts", "{\"accountId\":\"" + account(i)
                    + "\",\"customerId\":\"cust-" + i + "\",\"currency\":\"CNY\",\"creditLimit\":\"1000000.00\"}",
                    LENDER, "open-" + runTag + "-" + i, null) : null;
        }, CONNECTIONS, Duration.ofMinutes(10));
        requireNoFailures("opening accounts", open);
        log.line("opened %,d accounts at %,.0f/s", open.ok(), open.perSecond());
    }

    /**
     * One command on every account (after a restart each is loaded from the store on its first command, which is
     * not what the steady state measures), then the scale's warm-up time of commands.
     */
    private HttpLoad.Result warmUp(HttpLoad load, reactor.netty.http.client.HttpClient client, Workload workload)
            throws InterruptedException {
        AtomicLong issued = new AtomicLong();
        load.closedLoop(client, () -> issued.getAndIncrement() < scale.accounts() ? workload.next() : null, CONNECTIONS,
                Duration.ofMinutes(10));
        return load.closedLoop(client, workload::next, CONNECTIONS, scale.warmup());
    }

    /**
     * Phase 2: both services; open-loop commands at a fixed rate, with the lag of the account view probed. The
     * issue's rate carries the targets and is measured after the same load for the scale's warm-up time, unrecorded:
     * a query side that has just caught up has served no reads and followed no steady stream since its start. A
     * second pass at half the measured capacity follows, reported without targets.
     */
    private void fixedRate(HttpLoad load, double commandsPerSecond, boolean theIssuesRate) throws Exception {
        if (!query.isRunning()) {
            log.line("query side started in %.1f s", query.start("fixed rates").toMillis() / 1000.0);
        }
        awaitCaughtUp(query, Duration.ofMinutes(10));
        log.line("query side caught up");
        if (theIssuesRate) {
            steadyWarmUp(load, commandsPerSecond);
        }
        fixedWindow(load, commandsPerSecond, scale.fixedWindow(), theIssuesRate ? "fixed" : "half");
    }

    /**
     * The unrecorded warm-up before the issue's window: the scale's warm-up time at the rate, then more windows of the
     * same length as the measured one while the query side's compilers are still busy (more than
     * {@link #COMPILING_SETTLED} of a window's time), up to the scale's bound. A query side started two minutes before
     * is still compiling its code (38% of its CPU one minute into this load; BENCHMARKS.md, exploratory runs at
     * 9640523), which is its start-up, not the steady state the issue's target speaks of; how long it took is
     * recorded, and the measured window's own compilation beside it.
     */
    private void steadyWarmUp(HttpLoad load, double commandsPerSecond) throws Exception {
        Duration spent = scale.steadyWarmup();
        double compiling = fixedWindow(load, commandsPerSecond, spent, null).compileShare(spent);
        while (compiling > COMPILING_SETTLED && spent.compareTo(scale.steadyWarmupBound()) < 0) {
            compiling = fixedWindow(load, commandsPerSecond, scale.fixedWindow(), null).compileShare(scale.fixedWindow());
            spent = spent.plus(scale.fixedWindow());
        }
        log.line("warm-up at %.0f/s: %d s, the query side compiling for %.0f%% of the last window's time",
                commandsPerSecond, spent.toSeconds(), compiling * 100);
        add("fixed-warmup-s", "warm-up at the issue's rate before its window (until the query side's compilers settle)",
                spent.toSeconds(), "s", "", null);
    }

    /**
     * One open-loop window of commands at {@code commandsPerSecond}, every fourth answer followed to the account
     * view, recorded under {@code window} ({@code fixed}: the issue's rate, with its targets; {@code half}: without);
     * a warm-up (null) records none. Returns the query side's collections and compilation in the window.
     */
    private JvmWork fixedWindow(HttpLoad load, double commandsPerSecond, Duration length, String window)
            throws Exception {
        reactor.netty.http.client.HttpClient commands = load.client(command.base(), 512);
        reactor.netty.http.client.HttpClient views = load.client(query.base(), 512);
        HttpLoad.Recorder lag = new HttpLoad.Recorder();
        Phaser probes = new Phaser(1);
        AtomicLong acknowledged = new AtomicLong();
        HttpLoad.Result fixed;
        CpuShares cpu = new CpuShares(command, query);
        JvmWork commandBefore = JvmWork.of(command, this::get);
        JvmWork queryBefore = JvmWork.of(query, this::get);
        LagCounts countsBefore = lagCounts(query);
        AdminLag adminLag = new AdminLag(query);
        HarnessPauses.Window harnessPauses;
        try (adminLag; HarnessPauses pauses = new HarnessPauses()) {
            fixed = load.openLoop(commands, this.commands::next, commandsPerSecond, length, (call, response) -> {
                // Every fourth answer is followed to the view: enough samples, without the probes loading the query side.
                if (acknowledged.incrementAndGet() % 4 != 0) {
                    return;
                }
                Matcher version = VERSION.matcher(response.body());
                if (version.find()) {
                    String accountId = call.path().split("/")[3];
                    probes.register();
                    probeView(views, "/api/accounts/" + accountId + "?minVersion=" + version.group(1), System.nanoTime(),
                            lag, probes);
                }
            });
            cpu.windowEnded();
            probes.awaitAdvanceInterruptibly(probes.arrive(), 120, TimeUnit.SECONDS);
            harnessPauses = pauses.window();
        }
        JvmWork commandWork = JvmWork.of(command, this::get).since(commandBefore);
        JvmWork queryWork = JvmWork.of(query, this::get).since(queryBefore);
        HttpLoad.Result lags = lag.result(1);
        log.line("fixed %.0f/s%s: p50 %.1f ms, p99 %.1f ms, max %.1f ms, failures %s; view lag p50 %.1f ms, p99 %.1f ms "
                        + "(%d probes)", commandsPerSecond, window == null ? ", warm-up" : "",
                fixed.percentileMillis(0.5), fixed.percentileMillis(0.99), fixed.percentileMillis(1.0),
                fixed.failures(), lags.percentileMillis(0.5), lags.percentileMillis(0.99), lags.ok());
        log.line("cores in use during the window: command side %.2f, query side %.2f, generator %.2f, of %d",
                cpu.command(), cpu.query(), cpu.harness(), cpu.cores());
        log.line("collections and compilation during the window: command side %s; query side %s; generator %s",
                commandWork, queryWork, harnessPauses);
        log.line("admin-reported lag max by projection (s): %s", adminLag.maxByProjection());
        awaitCaughtUp(query, Duration.ofMinutes(10));
        EventLag events = EventLag.since(lagCounts(query), countsBefore);
        log.line("lag of every event by projection (ms, bucket bounds): %s", events.byProjection());
        if (window == null) {
            return queryWork;
        }
        boolean theIssuesRate = window.equals("fixed");
        String rate = String.format("%,.0f", commandsPerSecond);
        double adminP99 = adminLag.percentileMillis(0.99);
        if (theIssuesRate) {
            add("fixed-p50", "latency p50 at " + rate + " commands/s (from due time)", fixed.percentileMillis(0.5), "ms", "", null);
            add("fixed-p99", "latency p99 at " + rate + " commands/s (from due time)", fixed.percentileMillis(0.99), "ms",
                    "<= 20 ms", fixed.percentileMillis(0.99) <= 20);
            add("fixed-failures", "commands answered with an error at " + rate + "/s", fixed.failed(), "count", "0",
                    fixed.failed() == 0);
            add("lag-view-p99", "projection lag p99, account view (answer -> minVersion seen)", lags.percentileMillis(0.99),
                    "ms", "<= 100 ms", lags.percentileMillis(0.99) <= 100);
            add("lag-admin-p99", "projection lag p99, slowest projection (admin API, 250 ms samples)", adminP99, "ms",
                    "<= 100 ms", adminP99 <= 100);
            if (events.measured()) {
                add("lag-events-p50", String.format(EVENT_LAG, "p50"), events.p50(), "ms", "", null);
                add("lag-events-p99", String.format(EVENT_LAG, "p99"), events.p99(), "ms", "<= 100 ms",
                        events.p99() <= 100);
            }
        } else {
            String at = " at " + rate + " commands/s (half the closed-loop capacity)";
            add("half-p50", "latency p50" + at, fixed.percentileMillis(0.5), "ms", "", null);
            add("half-p99", "latency p99" + at, fixed.percentileMillis(0.99), "ms", "", null);
            add("half-failures", "commands answered with an error" + at, fixed.failed(), "count", "", null);
            add("half-lag-view-p99", "projection lag p99, account view," + at, lags.percentileMillis(0.99), "ms", "", null);
            add("half-lag-admin-p99", "projection lag p99, slowest projection (admin API)," + at, adminP99, "ms", "", null);
            if (events.measured()) {
                add("half-lag-events-p99", "projection lag p99, slowest projection (every event, upper bound of its "
                        + "bucket)," + at, events.p99(), "ms", "", null);
            }
        }
        String during = theIssuesRate ? " during the " + rate + " commands/s window" : " during the half-capacity window";
        add(window + "-cores-command", "command side CPU cores in use" + during, cpu.command(), "cores", "", null);
        add(window + "-cores-query", "query side CPU cores in use" + during, cpu.query(), "cores", "", null);
        add(window + "-cores-generator", "load generator (this harness) CPU cores in use" + during, cpu.harness(), "cores",
                "", null);
        add(window + "-cores-demand", "all three, in cores of the machine's " + cpu.cores() + during, cpu.total(),
                "cores", "", null);
        addJvmWork(window, during, "command", commandWork);
        addJvmWork(window, during, "query", queryWork);
        add(window + "-gc-ms-generator", "load generator (this harness) time in collector pauses" + during
                + " and its probes' last answers", harnessPauses.totalMillis(), "ms", "", null);
        add(window + "-gc-longest-ms-generator", "load generator (this harness) longest collector pause" + during
                + " and its probes' last answers", harnessPauses.longestMillis(), "ms", "", null);
        return queryWork;
    }

    private void addJvmWork(String window, String during, String side, JvmWork work) {
        String service = side + " side";
        add(window + "-full-gc-" + side, service + " full collections" + during, work.fullCollections(), "count", "",
                null);
        add(window + "-full-gc-ms-" + side, service + " time in full collections" + during, work.fullMillis(), "ms", "",
                null);
        add(window + "-young-gc-ms-" + side, service + " time in young collections" + during, work.youngMillis(), "ms",
                "", null);
        add(window + "-compile-ms-" + side, service + " JIT compilation time" + during, work.compileMillis(), "ms", "",
                null);
    }

    /**
     * A service's collections and JIT compilation so far, from its Micrometer meters ({@code jvm.gc.pause} by
     * action, {@code jvm.compilation.time}); {@link #since} makes it a window's. What phase 2's lag depends on besides
     * the cores: one full collection of a few hundred ms on either side holds back about as many events as the p99
     * allows in a window, and a service started a minute or two before is still compiling (BENCHMARKS.md,
     * exploratory runs at 9640523).
     */
    record JvmWork(long youngCollections, double youngMillis, long fullCollections, double fullMillis,
                   double compileMillis) {

        /** How the harness reads one of a service's actuator endpoints. */
        interface Reader {
            String get(ServiceProcess service, String path, String token) throws IOException, InterruptedException;
        }

        static JvmWork of(ServiceProcess service, Reader reader) throws IOException, InterruptedException {
            JsonNode young = meter(service, reader, "jvm.gc.pause?tag=action:end%20of%20minor%20GC");
            JsonNode full = meter(service, reader, "jvm.gc.pause?tag=action:end%20of%20major%20GC");
            JsonNode compile = meter(service, reader, "jvm.compilation.time");
            return new JvmWork((long) statistic(young, "COUNT"), statistic(young, "TOTAL_TIME") * 1000,
                    (long) statistic(full, "COUNT"), statistic(full, "TOTAL_TIME") * 1000, statistic(compile, "COUNT"));
        }

        /** The meter's measurements, or null when the service has none yet (no full collection since its start). */
        private static JsonNode meter(ServiceProcess service, Reader reader, String name)
                throws IOException, InterruptedException {
            try {
                return JSON.readTree(reader.get(service, "/actuator/metrics/" + name, OPS));
            } catch (IllegalStateException notFound) {
                if (notFound.getMessage().contains(" answered 404")) {
                    return null;
                }
                throw notFound;
            }
        }

        static double statistic(JsonNode meter, String statistic) {
            if (meter == null) {
                return 0;
            }
            for (JsonNode measurement : meter.path("measurements")) {
                if (measurement.path("statistic").asText().equals(statistic)) {
                    return measurement.path("value").asDouble();
                }
            }
            return 0;
        }

        /** The share of a window of {@code length} the compilers took (their threads' time summed). */
        double compileShare(Duration length) {
            return compileMillis / length.toMillis();
        }

        JvmWork since(JvmWork before) {
            return new JvmWork(youngCollections - before.youngCollections, youngMillis - before.youngMillis,
                    fullCollections - before.fullCollections, fullMillis - before.fullMillis,
                    compileMillis - before.compileMillis);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d young (%.0f ms), %d full (%.0f ms), compiling %.0f ms",
                    youngCollections, youngMillis, fullCollections, fullMillis, compileMillis);
        }
    }

    /**
     * Phase 3: long histories written into the store, then both services as {@code ./ledger run} starts them, the
     * command side first (so it serves the file and the query side reads it through H2's TCP server, as deployed)
     * and idle: replay latency and rebuilds.
     */
    private void historiesAndRebuild() throws Exception {
        int size = scale.historyEvents();
        long events;
        long seedStart = System.nanoTime();
        try (StoreSeeder seeder = new StoreSeeder(data)) {
            seeder.account("replay-warmup", 100, true);
            seeder.account("replay-explanation", size, true);
            seeder.account("replay-state", size, true);
            events = seeder.events();
        }
        log.line("wrote 2 accounts of %,d events in %.1f s; the store holds %,d events", size,
                (System.nanoTime() - seedStart) / 1e9, events);
        log.line("command side started in %.1f s", command.start("replay and rebuilds").toMillis() / 1000.0);
        log.line("query side started in %.1f s", query.start("replay and rebuilds").toMillis() / 1000.0);
        awaitCaughtUp(query, Duration.ofMinutes(10));
        Random random = new Random(7);
        for (int i = 0; i < 100; i++) {
            get(query, "/api/accounts/replay-warmup/explanation", AUDITOR);
            get(query, "/api/accounts/replay-warmup/state?at=" + StoreSeeder.START.plusSeconds(random.nextInt(100)), AUDITOR);
        }
        String events10k = String.format("%,d", size);
        replayLatency("explanation", "explanation at " + events10k + " events",
                () -> "/api/accounts/replay-explanation/explanation", 20.0);
        replayLatency("state-at", "state-at at " + events10k + " events",
                () -> "/api/accounts/replay-state/state?at=" + StoreSeeder.START.plusSeconds(random.nextInt(size)), null);

        rebuildEach(query, events, scale.rebuildBound(), "rebuild-", "", true);
        // The same again on the same process, without the target: the query side had started seconds before the
        // first pass, whose first rebuild of each view ran on cold compilers (BENCHMARKS.md, runs 58 to 60).
        rebuildEach(query, events, scale.rebuildBound(), "rebuild-again-", "again, on the same query side: ", false);
        query.stop();
        command.stop();
    }

    /** Phase 4: the same closed loop on a store of a million events, alternated with a store of the accounts only. */
    private void storeOfMillion(HttpLoad load, double emptyThroughput) throws Exception {
        long seedStart = System.nanoTime();
        long events;
        long missing;
        try (StoreSeeder seeder = new StoreSeeder(data)) {
            missing = scale.storeEvents() - seeder.events();
        }
        // Two writers, one per core: serializing, hashing and inserting are all CPU-bound here.
        long accounts = (missing + 99) / 100;
        ExecutorService writers = Executors.newFixedThreadPool(2);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            int writer = w;
            long total = missing;
            done.add(writers.submit(() -> {
                try (StoreSeeder seeder = new StoreSeeder(data)) {
                    for (long a = writer; a < accounts; a += 2) {
                        seeder.account("filler-" + a, (int) Math.min(100, total - a * 100), false);
                    }
                }
            }));
        }
        for (Future<?> writer : done) {
            writer.get();
        }
        writers.shutdown();
        try (StoreSeeder seeder = new StoreSeeder(data)) {
            events = seeder.events();
        }
        double seconds = (System.nanoTime() - seedStart) / 1e9;
        double fileMb = Files.size(data.resolve("events.mv.db")) / (1024.0 * 1024.0);
        log.line("filled the store to %,d events in %.1f s (%,.0f events/s), file %,.0f MB", events, seconds,
                events / seconds, fileMb);
        add("store-file-large", "event store file with " + String.format("%,d", events) + " events, as seeded", fileMb,
                "MB", "", null);
        // The million-event store against a store holding only the accounts, each on a command side of its own,
        // started together and measured in alternated windows (small, large, large, small, small, large): on this
        // machine the same code's throughput moves by a fifth from one minute to the next, which the ratio of two
        // windows minutes apart took for a difference between the stores.
        ServiceProcess small = new ServiceProcess("command-side (accounts only)", serviceJava, commandJar,
                Files.createDirectories(work.resolve("data-accounts-only")), work.resolve("command-side-accounts-only.log"),
                jvmFlags, List.of("--ledger.risk.active-policy=permissive"));
        smallStore = small;
        try {
            log.line("command side started in %.1f s", command.start("1,000,000 events stored").toMillis() / 1000.0);
            log.line("command side over a store of the accounts only started in %.1f s",
                    small.start("accounts only, alternated with 1,000,000 events").toMillis() / 1000.0);
            Side large = new Side(String.format("%,d events", events), command, load.client(command.base(), CONNECTIONS),
                    commands);
            Side accountsOnly = new Side("accounts only", small, load.client(small.base(), CONNECTIONS), new Workload("s"));
            openAccounts(load, accountsOnly.client);
            HttpLoad.Result warmSmall = warmUp(load, accountsOnly.client, accountsOnly.workload);
            HttpLoad.Result warmLarge = warmUp(load, large.client, large.workload);
            log.line("warm-up: accounts only %,.0f commands/s %s; %,d events %,.0f commands/s %s",
                    warmSmall.perSecond(), warmSmall.failures(), events, warmLarge.perSecond(), warmLarge.failures());
            // Phase 1's service had also served 20 s of health checks and 15 s more of commands when it was measured;
            // with only the warm-up above, both services' CPU per command still fell by half over the measured
            // windows (run 40). Three more warm-up windows each, alternated as the measured ones will be:
            for (int round = 1; round <= 3; round++) {
                for (Side side : List.of(accountsOnly, large)) {
                    HttpLoad.Result more = side.closedLoop(load, scale.warmup());
                    log.line("warm-up %d, %s: %,.0f commands/s %s", round, side.label, more.perSecond(), more.failures());
                }
            }
            warmToPhaseOnesUptime(load, large);
            warmToPhaseOnesUptime(load, accountsOnly);
            Duration window = scale.commandWindow().dividedBy(3);
            for (Side side : List.of(accountsOnly, large, large, accountsOnly, accountsOnly, large)) {
                side.measure(load, window);
            }
            double ratio = large.perSecond() / accountsOnly.perSecond();
            double againstPhaseOne = large.perSecond() / emptyThroughput;
            log.line("with %,d events stored: %,.0f commands/s, %.2f of the accounts-only store in the same windows"
                            + " (%,.0f/s), %.2f of phase 1's empty store; failures %d and %d", events, large.perSecond(),
                    ratio, accountsOnly.perSecond(), againstPhaseOne, large.failed, accountsOnly.failed);
            add("cpu-per-command-large-store", "command side CPU per command with " + String.format("%,d", scale.storeEvents())
                    + " events stored", large.cpuPerCommandMillis(), "ms", "", null);
            add("cpu-per-command-accounts-only", "command side CPU per command, accounts only, same windows",
                    accountsOnly.cpuPerCommandMillis(), "ms", "", null);
            add("throughput-large-store", "commands/s with " + String.format("%,d", events) + " events stored",
                    large.perSecond(), "/s", "", null);
            add("throughput-accounts-only", "commands/s with the accounts only, windows alternated with it",
                    accountsOnly.perSecond(), "/s", "", null);
            add("throughput-large-store-ratio-alternated", "commands/s at " + String.format("%,d", events)
                    + " events / accounts only, alternated windows", ratio, "ratio", ">= 0.8", ratio >= 0.8);
            add("throughput-large-store-ratio", "commands/s at " + String.format("%,d", events)
                    + " events / phase 1's empty store, minutes apart", againstPhaseOne, "ratio", "", null);
            add("throughput-large-store-failures", "commands answered with an error, both stores, alternated windows",
                    large.failed + accountsOnly.failed, "count", "0", large.failed + accountsOnly.failed == 0);
        } finally {
            command.stop();
            small.stop();
        }
    }

    /**
     * Commands until the service is as long up as the empty store's was when phase 1 measured it: 50 to 70 s after
     * its start the command side still spent a quarter of its CPU in the JIT compilers, 85 to 115 s after it a
     * fortieth (BENCHMARKS.md).
     */
    private void warmToPhaseOnesUptime(HttpLoad load, Side side) throws InterruptedException {
        Duration behind = emptyStoreUptime.minus(side.service.uptime());
        if (!behind.isNegative()) {
            HttpLoad.Result more = side.closedLoop(load, behind);
            log.line("%s: warm-up continued %.1f s, to the empty store's uptime of %.1f s: %,.0f commands/s %s",
                    side.label, behind.toMillis() / 1000.0, emptyStoreUptime.toMillis() / 1000.0, more.perSecond(),
                    more.failures());
        }
    }

    /**
     * One store of phase 4, with the command side serving it, the client and workload sent to it, and its measured
     * windows summed: commands answered, time and the service's CPU.
     */
    private final class Side {
        private final String label;
        private final ServiceProcess service;
        private final reactor.netty.http.client.HttpClient client;
        private final Workload workload;
        private long ok;
        private long failed;
        private double seconds;
        private double cpuSeconds;

        Side(String label, ServiceProcess service, reactor.netty.http.client.HttpClient client, Workload workload) {
            this.label = label;
            this.service = service;
            this.client = client;
            this.workload = workload;
        }

        HttpLoad.Result closedLoop(HttpLoad load, Duration duration) throws InterruptedException {
            return load.closedLoop(client, workload::next, CONNECTIONS, duration);
        }

        /** One measured window, added to the side's totals. */
        void measure(HttpLoad load, Duration window) throws InterruptedException {
            double cpuBefore = service.cpuSeconds();
            HttpLoad.Result result = closedLoop(load, window);
            double cpu = service.cpuSeconds() - cpuBefore;
            ok += result.ok();
            failed += result.failed();
            seconds += result.seconds();
            cpuSeconds += cpu;
            log.line("%s: %,.0f commands/s (%.2f ms CPU per command) %s", label, result.perSecond(),
                    cpu * 1000 / result.ok(), result.failures());
        }

        double perSecond() {
            return ok / seconds;
        }

        double cpuPerCommandMillis() {
            return cpuSeconds * 1000 / ok;
        }
    }

    /**
     * Phase 6: the query side alone, as deployed in every way but one: the process that serves the event store file
     * and writes into it is this harness, not the command side. It opens the file as the command side does (first, so
     * it serves it through H2's {@code AUTO_SERVER}; every commit written before it returns), publishes the durable
     * position and compacts the file as the command side does, and stores what the command side would store for each
     * command: one event per commit. So the query side follows the stream and rebuilds as it does beside a command
     * side, without the cores 1,000 commands a second take over HTTP on a machine of two (phase 2). Measured: every
     * projection's rebuild at each store size of the scale (100,000 and 1,000,000 events), and the lag under a steady
     * 1,000 events a second (the account view's version probed as in phase 2, and the admin API's lag).
     */
    private void querySideAlone(HttpLoad load) throws Exception {
        Path dir = Files.createDirectories(work.resolve("query-alone"));
        ServiceProcess views = new ServiceProcess("query-side", serviceJava, queryJar, dir,
                work.resolve("query-side-alone.log"), queryJvmFlags, List.of());
        queryAlone = views;
        long[] sizes = scale.querySideStores();
        int accounts = scale.accounts();
        int perAccount = (int) (sizes[0] / accounts);
        String[] chainHeads = new String[accounts];
        long seedStart = System.nanoTime();
        long events;
        try (StoreSeeder seeder = new StoreSeeder(dir)) {
            for (int i = 0; i < accounts; i++) {
                chainHeads[i] = seeder.append(steadyAccount(i), 0, perAccount, HashChain.GENESIS, false);
            }
            events = seeder.events();
        }
        log.line("phase 6: wrote %,d accounts of %d events in %.1f s", accounts, perAccount,
                (System.nanoTime() - seedStart) / 1e9);
        try (ServedStore store = new ServedStore(dir)) {
            startAndCatchUp(views, "following this harness's writes", events);
            rebuildEach(views, events, scale.rebuildBound(), "alone-rebuild-" + events + "-", "query side alone, ", true);
            int[] nextSequence = new int[accounts];
            Arrays.fill(nextSequence, perAccount);
            // The same writes and probes first, unrecorded: the query side has not followed a stream since its start
            // (its rebuilds are batches of hundreds of events), nor has this process written one.
            steadyWrites(load, store.writer, views, chainHeads, nextSequence, scale.steadyWarmup(), 4, null);
            // The projections' own lag, with nothing but the admin API asking; then with every fourth commit followed
            // to the account view, as phase 2 follows every fourth command.
            steadyWrites(load, store.writer, views, chainHeads, nextSequence, scale.fixedWindow(), 0, "alone");
            steadyWrites(load, store.writer, views, chainHeads, nextSequence, scale.fixedWindow(), 4, "alone-probed");
            views.stop();
        }
        if (querySmallStoreOnly) {
            log.line("phase 6: stopping after the %,d-event store (--query-small-store)", events);
            return;
        }
        seedStart = System.nanoTime();
        try (StoreSeeder seeder = new StoreSeeder(dir)) {
            long missing = sizes[1] - seeder.events();
            for (int i = 0; missing > 0; i++) {
                int length = (int) Math.min(100, missing);
                seeder.account("fill-" + i, length, false);
                missing -= length;
            }
            events = seeder.events();
        }
        log.line("phase 6: filled the store to %,d events in %.1f s", events, (System.nanoTime() - seedStart) / 1e9);
        try (ServedStore store = new ServedStore(dir)) {
            startAndCatchUp(views, "following this harness's writes, " + String.format("%,d", events) + " events", events);
            rebuildEach(views, events, scale.largeRebuildBound(), "alone-rebuild-" + events + "-", "query side alone, ",
                    true);
            views.stop();
        }
    }

    /** The event store file served as the command side serves it, with its durable position and its compaction. */
    private static final class ServedStore implements AutoCloseable {

        private final StoreSeeder writer;
        private final DurablePosition durable;
        private final H2StoreCompactor compactor;

        ServedStore(Path dir) {
            writer = StoreSeeder.asTheCommandSideOpensIt(dir);
            writer.events(); // opens the file first, so this process serves it
            durable = new DurablePosition(writer.dataSource(), dir, 5);
            compactor = new H2StoreCompactor(writer.dataSource(), 250, 50);
            durable.refresh();
            durable.start();
            compactor.start();
        }

        @Override
        public void close() {
            compactor.stop();
            durable.stop();
            writer.close();
        }
    }

    private static String ordinal(int n) {
        return n + (n % 100 / 10 == 1 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        });
    }

    private static String steadyAccount(int i) {
        return "steady-" + i;
    }

    /**
     * Starts the query side and waits until every projection has caught up; its first build of all five views
     * together, on a fresh view store, is reported without a target.
     */
    private void startAndCatchUp(ServiceProcess views, String purpose, long events) throws Exception {
        long start = System.nanoTime();
        log.line("query side started in %.1f s", views.start(purpose).toMillis() / 1000.0);
        awaitCaughtUp(views, Duration.ofMinutes(20));
        double seconds = (System.nanoTime() - start) / 1e9;
        log.line("query side caught up with %,d events in %.1f s (start included)", events, seconds);
    }

    /**
     * Rebuilds every projection of {@code service} in turn ({@link #rebuild}) and records each one's rate, with the
     * target when {@code withTarget}, and its processing rate alone, under ids and labels that begin with the given
     * prefixes.
     */
    private void rebuildEach(ServiceProcess service, long events, Duration bound, String idPrefix, String labelPrefix,
                             boolean withTarget) throws Exception {
        String size = String.format("%,d", events);
        JsonNode list = JSON.readTree(get(service, "/api/admin/projections", OPS));
        for (JsonNode projection : list.get("projections")) {
            String name = projection.get("name").asText();
            Rebuild rebuild = rebuild(service, name, events, bound);
            log.line("%srebuild %s: %,d of %,d events in %.1f s = %,.0f events/s (processing alone %,.0f/s)%s",
                    labelPrefix, name, rebuild.projected(), events, rebuild.seconds(), rebuild.rate(),
                    rebuild.processingRate(), rebuild.finished() ? "" : " (still rebuilding when timing stopped)");
            add(idPrefix + name, labelPrefix + "rebuild " + name + " (" + size + " events"
                            + (rebuild.finished() ? "" : ", first " + String.format("%,d", rebuild.projected()) + " timed")
                            + ")", rebuild.rate(), "events/s", withTarget ? ">= 20,000/s" : "",
                    withTarget ? rebuild.rate() >= 20_000 : null);
            add(idPrefix + name + "-processing", labelPrefix + "rebuild " + name
                    + ", processing alone (after the reset and claim)", rebuild.processingRate(), "events/s", "", null);
            // A rebuild timed past its bound goes on in the background, and would slow the next one down.
            awaitCaughtUp(service, Duration.ofMinutes(10));
        }
    }

    /**
     * One event a commit at the scale's fixed rate, open loop (event k is due k ms after the start, whatever the
     * commits before it took), onto the accounts in turn: a repayment of the drawdown the account's last event
     * borrowed, then a borrowing. The commits run on four threads, so that one slow commit does not hold back the
     * next, as the command side's commands commit side by side; each is stamped when its commit starts, so a write
     * that waited for a thread shows as late against its due time, not as the views' lag. Every {@code probeEvery}th
     * commit (none when 0) is followed to the account view as phase 2 follows commands, timed from the commit's
     * return; the admin API's lag is sampled every 250 ms. The window's measures are recorded under
     * {@code measure}; a warm-up (null) records none.
     */
    private void steadyWrites(HttpLoad load, StoreSeeder writer, ServiceProcess views, String[] chainHeads,
                              int[] nextSequence, Duration window, int probeEvery, String measure) throws Exception {
        double rate = scale.fixedRate();
        long total = Math.round(rate * window.toMillis() / 1000.0);
        reactor.netty.http.client.HttpClient client = load.client(views.base(), 512);
        HttpLoad.Recorder lag = new HttpLoad.Recorder();
        Phaser probes = new Phaser(1);
        ExecutorService commits = Executors.newFixedThreadPool(4);
        AtomicLong latestCommit = new AtomicLong();
        AtomicLong failedCommits = new AtomicLong();
        CpuShares cpu = new CpuShares(command, views);
        LagCounts countsBefore = lagCounts(views);
        AdminLag adminLag = new AdminLag(views);
        long start = System.nanoTime();
        double seconds;
        HarnessPauses.Window harnessPauses;
        try (adminLag; HarnessPauses pauses = new HarnessPauses()) {
            for (long k = 0; k < total; k++) {
                long due = start + Math.round(k * 1e9 / rate);
                long early = due - System.nanoTime();
                if (early > 0) {
                    LockSupport.parkNanos(early);
                }
                int i = (int) (k % chainHeads.length);
                int sequence = nextSequence[i]++;
                StoreSeeder.Stored event = StoreSeeder.event(steadyAccount(i), sequence, chainHeads[i], false);
                chainHeads[i] = event.link();
                boolean probe = probeEvery > 0 && k % probeEvery == probeEvery - 1;
                commits.execute(() -> {
                    try {
                        writer.commitAlone(event.message());
                    } catch (RuntimeException e) {
                        failedCommits.incrementAndGet();
                        return;
                    }
                    long committed = System.nanoTime();
                    latestCommit.accumulateAndGet(committed - due, Math::max);
                    if (probe) {
                        probes.register();
                        probeView(client, "/api/accounts/" + event.message().getAggregateIdentifier() + "?minVersion="
                                + event.message().getSequenceNumber(), committed, lag, probes);
                    }
                });
            }
            commits.shutdown();
            commits.awaitTermination(2, TimeUnit.MINUTES);
            seconds = (System.nanoTime() - start) / 1e9;
            cpu.windowEnded();
            probes.awaitAdvanceInterruptibly(probes.arrive(), 120, TimeUnit.SECONDS);
            harnessPauses = pauses.window();
        } finally {
            commits.shutdownNow();
        }
        if (failedCommits.get() > 0) {
            throw new IllegalStateException(failedCommits.get() + " of the steady writes failed; see the log");
        }
        HttpLoad.Result lags = lag.result(1);
        double adminP50 = adminLag.percentileMillis(0.5);
        double adminP99 = adminLag.percentileMillis(0.99);
        log.line("phase 6 steady writes, %s: %,d events in %.1f s (%,.0f/s, latest commit %.1f ms after its due time); "
                        + "view lag p50 %.1f ms, p99 %.1f ms (%d probes, %d failed); admin lag p50 %.0f ms, p99 %.0f ms; "
                        + "cores: query side %.2f, this harness %.2f; this harness's collector: %s",
                measure == null ? "warm-up" : measure, total, seconds, total / seconds, latestCommit.get() / 1e6,
                lags.percentileMillis(0.5), lags.percentileMillis(0.99), lags.ok(), lags.failed(), adminP50, adminP99,
                cpu.query(), cpu.harness(), harnessPauses);
        log.line("phase 6 admin-reported lag max by projection (s): %s", adminLag.maxByProjection());
        if (measure != null) {
            String at = windowLabel(rate, probeEvery);
            String label = "query side alone, ";
            add(measure + "-rate", label + "events written a second, one a commit" + at, total / seconds, "events/s",
                    "", null);
            add(measure + "-late", label + "latest commit after its due time" + at, latestCommit.get() / 1e6, "ms", "",
                    null);
            add(measure + "-lag-admin-p50", label + "projection lag p50, slowest projection (admin API)" + at, adminP50,
                    "ms", "", null);
            add(measure + "-lag-admin-p99", label + "projection lag p99, slowest projection (admin API)" + at, adminP99,
                    "ms", "<= 100 ms", adminP99 <= 100);
            if (probeEvery > 0) {
                add(measure + "-lag-view-p50", label + "projection lag p50, account view (commit -> minVersion seen)"
                        + at, lags.percentileMillis(0.5), "ms", "", null);
                add(measure + "-lag-view-p99", label + "projection lag p99, account view (commit -> minVersion seen)"
                                + at, lags.percentileMillis(0.99), "ms", "<= 100 ms",
                        lags.failed() == 0 && lags.percentileMillis(0.99) <= 100);
                add(measure + "-lag-view-failures", label + "account view reads that failed" + at, lags.failed(),
                        "count", "0", lags.failed() == 0);
            }
            add(measure + "-cores-query", label + "its CPU cores in use" + at, cpu.query(), "cores", "", null);
            add(measure + "-cores-harness", label + "this harness's CPU cores in use (writer, file server, reads)" + at,
                    cpu.harness(), "cores", "", null);
            add(measure + "-gc-ms-harness", label + "this harness's time in collector pauses (writer, file server)" + at,
                    harnessPauses.totalMillis(), "ms", "", null);
            add(measure + "-gc-longest-ms-harness", label + "this harness's longest collector pause" + at,
                    harnessPauses.longestMillis(), "ms", "", null);
        }
        awaitCaughtUp(views, Duration.ofMinutes(10));
        eventLag(lagCounts(views), countsBefore, total, measure, rate, probeEvery);
    }

    /** How a phase 6 window's measures name it: its rate and what it reads back. */
    private static String windowLabel(double rate, int probeEvery) {
        return String.format(" at %,.0f events/s", rate)
                + (probeEvery > 0 ? ", every " + ordinal(probeEvery) + " read back" : ", nothing read back");
    }

    private LagCounts lagCounts(ServiceProcess views) throws IOException, InterruptedException {
        return LagCounts.of(JSON.readTree(get(views, "/api/admin/projections", OPS)));
    }

    /**
     * The lag of every event of a phase 6 window, as each projection counted it from the event's stored timestamp
     * to its view's write (its {@code lagHistogram}); the slowest projection's percentiles are recorded, each the
     * upper bound of the bucket it falls in.
     */
    private void eventLag(LagCounts after, LagCounts before, long written, String measure, double rate,
                          int probeEvery) {
        EventLag events = EventLag.since(after, before);
        log.line("phase 6 steady writes, %s: lag of every event by projection (of %,d written; ms, bucket bounds): %s",
                measure == null ? "warm-up" : measure, written, events.byProjection());
        if (measure == null || !events.measured()) {
            return;
        }
        String label = "query side alone, " + EVENT_LAG + windowLabel(rate, probeEvery);
        add(measure + "-lag-events-p50", String.format(label, "p50"), events.p50(), "ms", "", null);
        add(measure + "-lag-events-p99", String.format(label, "p99"), events.p99(), "ms", "<= 100 ms",
                events.p99() <= 100);
    }

    /**
     * Every event's lag between two readings of the admin API's counts: each projection's events and percentiles, and
     * the slowest projection's p50 and p99, each the upper bound of its bucket (the last bound when beyond every one).
     */
    private record EventLag(Map<String, String> byProjection, double p50, double p99) {

        static EventLag since(LagCounts after, LagCounts before) {
            Map<String, String> byProjection = new LinkedHashMap<>();
            double slowestP50 = 0;
            double slowestP99 = 0;
            for (String projection : after.countsByProjection().keySet()) {
                Double p50 = after.percentileSince(before, projection, 0.5);
                Double p99 = after.percentileSince(before, projection, 0.99);
                if (p50 == null) {
                    continue;
                }
                byProjection.put(projection, String.format("%,d events, p50 <= %s, p99 <= %s",
                        after.eventsSince(before, projection), millis(p50), millis(p99)));
                slowestP50 = Math.max(slowestP50, p50);
                slowestP99 = Math.max(slowestP99, p99);
            }
            double beyond = after.upperBoundsMillis().get(after.upperBoundsMillis().size() - 1);
            return new EventLag(byProjection, Math.min(slowestP50, beyond), Math.min(slowestP99, beyond));
        }

        boolean measured() {
            return !byProjection.isEmpty();
        }
    }

    private static String millis(double bound) {
        return Double.isInfinite(bound) ? "(above every bound)" : String.format("%.0f", bound);
    }

    /** Phase 5: in-process, on a store of its own. */
    private void aggregateLoad() throws Exception {
        List<AggregateLoad.Load> loads = AggregateLoad.measure(Files.createDirectories(work.resolve("aggregate-load")),
                scale.loadSizes(), log);
        double smallest = loads.get(0).withSnapshotMillis();
        for (AggregateLoad.Load l : loads) {
            String events = String.format("%,d", l.events());
            add("load-" + l.events() + "-no-snapshot", "aggregate load, " + events + " events, no snapshot",
                    l.withoutSnapshotMillis(), "ms", "", null);
        }
        for (AggregateLoad.Load l : loads) {
            String events = String.format("%,d", l.events());
            boolean largest = l == loads.get(loads.size() - 1);
            add("load-" + l.events() + "-snapshot", "aggregate load, " + events + " events, snapshot "
                            + AggregateLoad.EVENTS_AFTER_SNAPSHOT + " behind", l.withSnapshotMillis(), "ms",
                    largest ? "<= 2 x load(" + loads.get(0).events() + ")" : "",
                    largest ? l.withSnapshotMillis() <= 2 * smallest : null);
        }
    }

    private void replayLatency(String id, String label, Supplier<String> path, Double targetP50) throws Exception {
        long start = System.nanoTime();
        get(query, path.get(), AUDITOR);
        double first = (System.nanoTime() - start) / 1e6;
        List<Double> warm = new ArrayList<>();
        for (int i = 0; i < scale.warmCalls(); i++) {
            long t = System.nanoTime();
            get(query, path.get(), AUDITOR);
            warm.add((System.nanoTime() - t) / 1e6);
        }
        double p50 = percentile(warm, 0.5);
        double p99 = percentile(warm, 0.99);
        log.line("%s: first call %.1f ms, warm p50 %.1f ms, p99 %.1f ms", label, first, p50, p99);
        add(id + "-first", label + ", first call (cold)", first, "ms", "", null);
        add(id + "-p50", label + ", warm p50", p50, "ms", targetP50 == null ? "" : "<= " + targetP50.intValue() + " ms",
                targetP50 == null ? null : p50 <= targetP50);
        add(id + "-p99", label + ", warm p99", p99, "ms", "", null);
    }

    private void addPeaksByStart(String key, String service, ServiceProcess process) {
        process.peakRssKbByStart().forEach((purpose, peakKb) -> {
            if (peakKb > 0) {
                add("rss-" + key + "-" + purpose.replaceAll("[^a-z0-9]+", "-"), service + " resident memory, peak, "
                        + purpose, peakKb / 1024.0, "MB", "", null);
            }
        });
    }

    /** How far a rebuild got: all {@code projected} events when {@code finished}, else those done when timing stopped. */
    record Rebuild(long projected, double seconds, boolean finished, double processingRate) {

        double rate() {
            return projected / seconds;
        }
    }

    /**
     * Starts a rebuild and times it until the projection is back at the head it had when it began. A rebuild slower
     * than the scale's bound is timed over the events it projected by then (the position it reports), so a slow
     * projection cannot stretch the run past its time budget; it finishes in the background.
     */
    private Rebuild rebuild(ServiceProcess service, String name, long events, Duration bound) throws Exception {
        long head = status(service, name).get("head").asLong();
        long start = System.nanoTime();
        HttpResponse<String> started = blocking.send(HttpRequest.newBuilder(URI.create(service.base()
                        + "/api/admin/projections/" + name + "/rebuild")).header("Authorization", OPS)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() != 202) {
            throw new IllegalStateException("rebuild of " + name + " answered " + started.statusCode() + ": " + started.body());
        }
        long deadline = start + bound.toNanos();
        long firstPosition = -1;
        long firstSeen = 0;
        while (true) {
            JsonNode status = status(service, name);
            long now = System.nanoTime();
            long position = status.hasNonNull("position") ? status.get("position").asLong() : 0;
            boolean replaying = status.get("replaying").asBoolean();
            if (firstPosition < 0 && position > 0 && position < head) {
                // The first sight of the replay moving: from here on the rate is the processing alone, without
                // the stop, token reset and segment claim that come before it.
                firstPosition = position;
                firstSeen = now;
            }
            double processing = firstPosition < 0 || now == firstSeen ? Double.NaN
                    : (Math.min(position, head) - firstPosition) * (events / (double) head) / ((now - firstSeen) / 1e9);
            if (!replaying && position >= head) {
                return new Rebuild(events, (now - start) / 1e9, true, processing);
            }
            if (now > deadline) {
                // Positions are global indexes: the share of the head reached is the share of the events projected.
                return new Rebuild(Math.round(events * Math.max(0, position) / (double) head), (now - start) / 1e9,
                        false, processing);
            }
            TimeUnit.MILLISECONDS.sleep(50); // polling another process's progress
        }
    }

    private JsonNode status(ServiceProcess service, String name) throws Exception {
        for (JsonNode projection : JSON.readTree(get(service, "/api/admin/projections", OPS)).get("projections")) {
            if (projection.get("name").asText().equals(name)) {
                return projection;
            }
        }
        throw new IllegalStateException("no projection " + name);
    }

    private void awaitCaughtUp(ServiceProcess service, Duration bound) throws Exception {
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            boolean caughtUp = true;
            for (JsonNode projection : JSON.readTree(get(service, "/api/admin/projections", OPS)).get("projections")) {
                caughtUp &= projection.hasNonNull("position")
                        && projection.get("position").asLong() >= projection.get("head").asLong()
                        && !projection.get("replaying").asBoolean();
            }
            if (caughtUp) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("projections not caught up within " + bound);
            }
            TimeUnit.MILLISECONDS.sleep(200); // polling another process's progress
        }
    }

    /**
     * The admin API's lag of one query side, sampled every 250 ms from creation until closed: the largest
     * {@code lagSeconds} of each sample (the slowest projection), and each projection's largest.
     */
    private final class AdminLag implements AutoCloseable {

        private final ServiceProcess service;
        private final List<Double> slowest = new ArrayList<>();
        private final Map<String, Double> maxByProjection = new LinkedHashMap<>();
        private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();

        AdminLag(ServiceProcess service) {
            this.service = service;
            sampler.scheduleWithFixedDelay(this::sample, 250, 250, TimeUnit.MILLISECONDS);
        }

        private void sample() {
            try {
                double worst = 0;
                for (JsonNode projection : JSON.readTree(get(service, "/api/admin/projections", OPS)).get("projections")) {
                    double lag = projection.path("lagSeconds").asDouble(0);
                    worst = Math.max(worst, lag);
                    maxByProjection.merge(projection.get("name").asText(), lag, Math::max);
                }
                slowest.add(worst);
            } catch (Exception e) {
                log.line("admin lag sample failed: %s", e);
            }
        }

        /** Read once closed. */
        double percentileMillis(double p) {
            return percentile(slowest, p) * 1000;
        }

        Map<String, Double> maxByProjection() {
            return maxByProjection;
        }

        @Override
        public void close() throws InterruptedException {
            sampler.shutdown();
            sampler.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** Asks the view for the version a command answered; a 409 STALE_VIEW after its 2 s wait is asked again. */
    private void probeView(reactor.netty.http.client.HttpClient views, String path, long acknowledgedAt,
                           HttpLoad.Recorder lag, Phaser probes) {
        HttpLoad.send(views, HttpLoad.Call.get(path, LENDER)).subscribe(response -> {
            long now = System.nanoTime();
            if (response.status() == 200) {
                lag.ok(now - acknowledgedAt);
                probes.arriveAndDeregister();
            } else if (response.status() == 409 && now - acknowledgedAt < Duration.ofSeconds(60).toNanos()) {
                probeView(views, path, acknowledgedAt, lag, probes);
            } else {
                lag.failed("HTTP " + response.status());
                probes.arriveAndDeregister();
            }
        }, error -> {
            lag.failed(error.getClass().getSimpleName());
            probes.arriveAndDeregister();
        });
    }

    /**
     * Borrow and repay in turn over the accounts of one store: request k goes to account k mod N, a borrowing of
     * 10.00 when the account owes nothing and the repayment of it when it does, so every command is valid even after
     * one was refused (e.g. 503 under overload), and no two requests in flight touch the same account while fewer
     * than N are in flight.
     */
    private final class Workload {

        private final String keyPrefix;
        private final AtomicLong counter = new AtomicLong();
        private final AtomicIntegerArray owing = new AtomicIntegerArray(scale.accounts());

        Workload(String keyPrefix) {
            this.keyPrefix = keyPrefix;
        }

        HttpLoad.Call next() {
            long k = counter.getAndIncrement();
            int accountIndex = (int) (k % scale.accounts());
            boolean borrow = owing.get(accountIndex) == 0;
            String path = "/api/accounts/" + account(accountIndex) + (borrow ? "/borrowings" : "/repayments");
            String body = borrow ? "{\"amount\":\"10.00\",\"termDays\":30}" : "{\"amount\":\"10.00\"}";
            return new HttpLoad.Call(path, body, LENDER, keyPrefix + "-" + runTag + "-" + k,
                    () -> owing.set(accountIndex, borrow ? 1 : 0));
        }
    }

    private static String account(long i) {
        return "bench-" + i;
    }

    private String get(ServiceProcess service, String path, String token) throws IOException, InterruptedException {
        HttpResponse<String> response = blocking.send(HttpRequest.newBuilder(URI.create(service.base() + path))
                .header("Authorization", token).timeout(Duration.ofMinutes(2)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /**
     * CPU used by the two services and by this harness over a window, in cores (CPU seconds per second): under a
     * fixed rate, whether the machine had the cores the rate asks for, and which process took them.
     */
    private static final class CpuShares {

        private final ServiceProcess command;
        private final ServiceProcess query;
        private final long start = System.nanoTime();
        private final double[] cpuAtStart;
        private double[] cores;

        CpuShares(ServiceProcess command, ServiceProcess query) {
            this.command = command;
            this.query = query;
            this.cpuAtStart = cpuSeconds();
        }

        void windowEnded() {
            double seconds = (System.nanoTime() - start) / 1e9;
            double[] cpuAtEnd = cpuSeconds();
            cores = new double[cpuAtEnd.length];
            for (int i = 0; i < cores.length; i++) {
                cores[i] = (cpuAtEnd[i] - cpuAtStart[i]) / seconds;
            }
        }

        double command() {
            return cores[0];
        }

        double query() {
            return cores[1];
        }

        double harness() {
            return cores[2];
        }

        double total() {
            return command() + query() + harness();
        }

        int cores() {
            return Runtime.getRuntime().availableProcessors();
        }

        /** CPU seconds so far of the command side, the query side and this harness, in that order. */
        private double[] cpuSeconds() {
            return new double[] {command.cpuSeconds(), query.cpuSeconds(),
                    ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN)};
        }
    }

    private void add(String id, String label, double value, String unit, String target, Boolean pass) {
        measures.add(new Measure(id, label, value, unit, target, pass));
    }

    private static void requireNoFailures(String what, HttpLoad.Result result) {
        if (result.failed() > 0) {
            throw new IllegalStateException(what + ": " + result.failed() + " failures " + result.failures());
        }
    }

    private static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)));
    }

    /** The markdown table of one run. */
    static String table(JsonNode run) {
        StringBuilder out = new StringBuilder();
        JsonNode machine = run.get("machine");
        out.append(String.format("ledger bench, %s scale, %s, commit %s, %s, %d cpus, %s MB, load average %s -> %s, %d s%n%n",
                run.get("scale").asText(), run.get("date").asText(), run.get("commit").asText(),
                machine.get("cpu").asText(), machine.get("cpus").asInt(), machine.get("memoryMb").asText(),
                run.get("loadAverageBefore").asText(), run.get("loadAverageAfter").asText(), run.get("seconds").asLong()));
        out.append("| measure | value | target | pass |\n|---|---|---|---|\n");
        for (JsonNode m : run.get("measures")) {
            out.append(String.format("| %s | %s | %s | %s |%n", m.get("label").asText(),
                    m.get("value").isNull() ? "n/a" : format(m.get("value").asDouble(), m.get("unit").asText()),
                    m.get("target").asText(),
                    m.path("pass").isBoolean() ? (m.get("pass").asBoolean() ? "pass" : "FAIL") : ""));
        }
        return out.toString();
    }

    static String format(double value, String unit) {
        return switch (unit) {
            case "ms" -> String.format("%,.1f ms", value);
            case "ratio" -> String.format("%.2f", value);
            case "cores" -> String.format("%.2f cores", value);
            case "MB" -> String.format("%,.0f MB", value);
            case "count" -> String.format("%,.0f", value);
            default -> String.format("%,.0f %s", value, unit);
        };
    }

    private static ObjectNode machine() throws IOException {
        ObjectNode machine = JSON.createObjectNode();
        machine.put("cpus", Runtime.getRuntime().availableProcessors());
        String cpu = "unknown";
        long memoryKb = 0;
        if (Files.exists(Path.of("/proc/cpuinfo"))) {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
            memoryKb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(0L);
        }
        machine.put("cpu", cpu);
        machine.put("memoryMb", memoryKb / 1024);
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("harnessJvmFlags", String.join(" ", harnessJvmFlags()));
        return machine;
    }

    /**
     * This harness's own JVM flags ({@code -X} and {@code -XX} only, not its properties): its collector decides the
     * pauses that count against the generator's latencies (the generator's pauses in phase 2).
     */
    static List<String> harnessJvmFlags() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream().filter(flag -> flag.startsWith("-X"))
                .toList();
    }

    /**
     * What {@code java -version} says of the runtime the services run on, e.g. "OpenJDK Runtime Environment
     * Temurin-25.0.3+9 (build 25.0.3+9-LTS)": the harness's own JVM ({@code machine.java}) need not be theirs.
     */
    private static String javaVersion(Path java) throws IOException, InterruptedException {
        Process version = new ProcessBuilder(java.toString(), "-version").redirectErrorStream(true).start();
        List<String> lines = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .toList();
        if (version.waitFor() != 0) {
            throw new IllegalStateException(java + " -version failed: " + lines);
        }
        return lines.stream().filter(line -> line.contains("Runtime Environment")).findFirst()
                .orElse(String.join(" ", lines)).trim();
    }

    private static String loadAverage() throws IOException {
        Path loadavg = Path.of("/proc/loadavg");
        if (!Files.exists(loadavg)) {
            return "unknown";
        }
        String[] fields = Files.readString(loadavg).trim().split("\\s+");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }

    /**
     * Deletes everything a run left in its work directory but the logs. A full run's stores take 4 to 5 GB, and each
     * run without {@code --work-dir} makes a new temporary directory that nothing else would ever delete; a directory
     * given with {@code --work-dir} is left whole, for whoever asked for it.
     */
    static void keepOnlyLogs(Path work) throws IOException {
        List<Path> deepestFirst;
        try (Stream<Path> paths = Files.walk(work)) {
            deepestFirst = paths.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path path : deepestFirst) {
            if (!Files.isDirectory(path)) {
                if (!path.getFileName().toString().endsWith(".log")) {
                    Files.delete(path);
                }
            } else if (!path.equals(work)) {
                try (Stream<Path> left = Files.list(path)) {
                    if (left.findAny().isEmpty()) {
                        Files.delete(path);
                    }
                }
            }
        }
    }

    /** {@code --name value} pairs, and the flags that take no value ({@link #FLAGS}). */
    static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String name = args[i].substring(2);
            if (FLAGS.contains(name)) {
                options.put(name, "true");
            } else if (i + 1 < args.length) {
                options.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
        }
        return options;
    }

    private static final Set<String> FLAGS = Set.of("quick", "summary", "query-small-store");

    private static List<String> flags(String option) {
        return Arrays.stream(option.trim().split("\\s+")).filter(flag -> !flag.isBlank()).toList();
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}
