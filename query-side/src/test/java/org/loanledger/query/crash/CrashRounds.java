package org.loanledger.query.crash;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.awaitility.core.ConditionTimeoutException;
import org.loanledger.support.eventstore.EmbeddedEventStoreFiles;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The crash-safety rounds: both services under a load of borrowings and repayments, with now and then a freeze, a
 * lift, a new credit limit, an appeal, ops' decision on it, or an account opened and closed, are killed with SIGKILL
 * at a random moment, started again, and checked: every acknowledged command's events exist once, in one run (and a
 * retry of it returns the first answer while its account still remembers its key), no command was half-applied (an
 * upheld appeal never leaves its restriction in force), every projection catches up with no dead letter, every view
 * (account-limits, restricted-accounts, portfolio, account-history) equals the fold of the stored events field by
 * field, the appeals queue holds every stored appeal as it stands, and serving resumes within the bound.
 *
 * <pre>
 * java -cp &lt;query-side test classpath&gt; org.loanledger.query.crash.CrashRounds ROUNDS [SEED [BUSY]]
 * </pre>
 * (see the README for the Maven command). {@code BUSY} threads of this process spin for the whole run, taking that
 * many cores from the services: a busy machine deschedules threads mid-operation, which is what windows between two
 * steps of a write need to be seen (a CPU-bound neighbour, not a different load). A short run of it is part of the
 * test suite ({@code CrashRoundsTest}).
 */
public final class CrashRounds {

    static final String OPS = "Bearer ops-dev-token";
    /** How long the projections may take to handle the events of a round once the service serves. */
    static final Duration CATCH_UP = Duration.ofSeconds(60);

    /** How many idempotency keys an account remembers: the command side's {@code LoanAccount.REMEMBERED_REQUESTS}. */
    static final int REMEMBERED_REQUESTS = 1000;

    /** The issue's bound on restart to serving. */
    static final Duration SERVING_BOUND = Duration.ofSeconds(30);
    private static final int ACCOUNTS = 8;
    private static final int CLIENTS = 8;

    private final Path workDir;
    private final Path commandJar;
    private final Random random;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicLong keys = new AtomicLong();
    /** Acknowledged requests: key -> (path, body, version answered). */
    private final Map<String, Acked> acknowledged = new ConcurrentHashMap<>();
    /** Appeals this load filed and has not decided yet, by account path. */
    private final Map<String, Set<String>> openAppeals = new ConcurrentHashMap<>();

    record Acked(String path, String body, long version) {
    }

    /** What one round saw. */
    record Round(int round, int acknowledgedSoFar, long commandSideServingMillis, long querySideServingMillis,
                 int eventsChecked, long restrictionsInForce, long closedAccounts, int appealsFiled, long appealsOpen,
                 List<String> violations) {
    }

    CrashRounds(Path workDir, Path commandJar, long seed) {
        this.workDir = workDir;
        this.commandJar = commandJar;
        this.random = new Random(seed);
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : System.nanoTime();
        int busy = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        Path work = Files.createTempDirectory("ledger-crash-rounds");
        Path jar = Path.of(System.getProperty("ledger.command-jar", "../command-side/target/command-side-0.1.0-SNAPSHOT.jar"));
        System.out.println("crash rounds: " + rounds + ", seed " + seed + ", " + busy + " busy threads, data in "
                + work);
        for (int thread = 0; thread < busy; thread++) {
            Thread spinning = new Thread(CrashRounds::spin, "busy-" + thread);
            spinning.setDaemon(true);
            spinning.start();
        }
        List<Round> results = new CrashRounds(work, jar, seed).run(rounds);
        results.forEach(r -> System.out.printf("round %2d: %5d acknowledged so far, command side serving after %5d ms,"
                        + " query side after %5d ms, %6d events checked, %d restrictions in force, %d accounts closed,"
                        + " %d appeals filed (%d open), violations: %s%n",
                r.round(), r.acknowledgedSoFar(),
                r.commandSideServingMillis(), r.querySideServingMillis(), r.eventsChecked(), r.restrictionsInForce(),
                r.closedAccounts(), r.appealsFiled(), r.appealsOpen(), r.violations()));
        boolean clean = results.stream().allMatch(r -> r.violations().isEmpty());
        System.out.println(clean ? "crash rounds: no violation" : "crash rounds: VIOLATIONS");
        System.exit(clean ? 0 : 1);
    }

    /** Takes a core until the process exits (the interrupt flag is volatile, so the loop is not optimized away). */
    private static void spin() {
        while (!Thread.currentThread().isInterrupted()) {
            Thread.onSpinWait();
        }
    }

    List<Round> run(int rounds) throws Exception {
        Path dataDir = Files.createDirectories(workDir.resolve("data"));
        ServiceProcess command = ServiceProcess.commandSide(commandJar, dataDir, workDir.resolve("command-side.log"));
        ServiceProcess query = ServiceProcess.querySide(dataDir, workDir.resolve("query-side.log"));
        List<Round> results = new ArrayList<>();
        try {
            command.start();
            command.awaitServing(http, Duration.ofSeconds(180));
            query.start();
            query.awaitServing(http, Duration.ofSeconds(180));
            for (int a = 0; a < ACCOUNTS; a++) {
                send(command, "/api/accounts", "{\"accountId\":\"crash-" + a + "\",\"customerId\":\"c-" + a
                        + "\",\"currency\":\"CNY\",\"creditLimit\":\"100000.00\"}", "open-" + a);
            }
            for (int round = 1; round <= rounds; round++) {
                load(command, Duration.ofMillis(1500 + random.nextInt(2500)));
                command.kill();
                query.kill();
                command.start();
                Duration commandServing = command.awaitServing(http, SERVING_BOUND);
                query.start();
                Duration queryServing = query.awaitServing(http, SERVING_BOUND);
                List<String> violations = new ArrayList<>();
                Checked checked = verify(command, query, dataDir, violations);
                results.add(new Round(round, acknowledged.size(), commandServing.toMillis(), queryServing.toMillis(),
                        checked.events(), checked.restrictionsInForce(), checked.closedAccounts(), checked.appealsFiled(),
                        checked.appealsOpen(), violations));
            }
        } finally {
            command.kill();
            query.kill();
        }
        return results;
    }

    /**
     * Borrowings and repayments from several clients, with now and then (in 60 commands) 2 freezes, 2 lifts, a new
     * credit limit, 3 appeals, 2 decisions on an appeal and an account opened and closed, until the time is up; the
     * kill comes right after.
     */
    private void load(ServiceProcess command, Duration duration) throws InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            long clientSeed = random.nextLong();
            clients.submit(() -> {
                Random r = new Random(clientSeed);
                while (running.get()) {
                    String account = "/api/accounts/crash-" + r.nextInt(ACCOUNTS);
                    String amount = (1 + r.nextInt(20)) + "." + (10 + r.nextInt(90));
                    int pick = r.nextInt(60);
                    if (pick >= 5 && pick <= 7) {
                        fileAppeal(command, account);
                        continue;
                    }
                    if (pick == 8 || pick == 9) {
                        decideAppeal(command, account, r.nextBoolean() ? "UPHOLD" : "REJECT");
                        continue;
                    }
                    if (pick == 10) {
                        openAndClose(command);
                        continue;
                    }
                    String path;
                    String body;
                    if (pick < 2) {
                        path = account + "/freeze";
                        body = "{\"reasonCode\":\"MANUAL_REVIEW\",\"note\":\"crash rounds\"}";
                    } else if (pick < 4) {
                        path = account + "/unfreeze";
                        body = "{\"reasonCode\":\"MANUAL_REVIEW\",\"note\":\"crash rounds\"}";
                    } else if (pick == 4) {
                        path = account + "/credit-limit";
                        body = "{\"creditLimit\":\"" + (80_000 + r.nextInt(40_001)) + ".00\",\"reasonCode\":\""
                                + (r.nextBoolean() ? "MODEL_RESCORE" : "MANUAL_REVIEW") + "\",\"note\":\"crash rounds\"}";
                    } else if (pick < 40) {
                        path = account + "/borrowings";
                        body = "{\"amount\":\"" + amount + "\",\"termDays\":30}";
                    } else {
                        path = account + "/repayments";
                        body = "{\"amount\":\"" + amount + "\"}";
                    }
                    try {
                        send(command, path, body, "k-" + keys.incrementAndGet());
                    } catch (Exception refusedOrCut) {
                        // A refusal (nothing to repay, a frozen account, nothing to lift) or a request cut by the
                        // kill: not acknowledged.
                    }
                }
            });
        }
        Thread.sleep(duration.toMillis());
        running.set(false);
        clients.shutdownNow();
        clients.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** An appeal against the restriction in force; refused with 409 when the account has none or one is open. */
    private void fileAppeal(ServiceProcess command, String account) {
        try {
            JsonNode filed = send(command, account + "/appeals", "{\"statement\":\"crash rounds\"}", "k-" + keys.incrementAndGet());
            openAppeals.computeIfAbsent(account, a -> ConcurrentHashMap.newKeySet()).add(filed.path("appealId").asText());
        } catch (Exception refusedOrCut) {
            // Nothing to appeal, an appeal already open, or cut by the kill.
        }
    }

    /** Ops' decision on an appeal this load filed; an upheld one lifts its restriction in the same request. */
    private void decideAppeal(ServiceProcess command, String account, String decision) {
        Set<String> open = openAppeals.getOrDefault(account, Set.of());
        String appealId = open.stream().findAny().orElse(null);
        if (appealId == null || !open.remove(appealId)) {
            return;
        }
        try {
            send(command, account + "/appeals/" + appealId + "/decision",
                    "{\"decision\":\"" + decision + "\",\"note\":\"crash rounds\"}", "k-" + keys.incrementAndGet());
        } catch (Exception refusedOrCut) {
            // Cut by the kill: the appeal may be decided or still open; the views must show whichever the store holds.
        }
    }

    /** A new account opened and closed at once, so the views have closed accounts to show. */
    private void openAndClose(ServiceProcess command) {
        String account = "crash-closed-" + keys.incrementAndGet();
        try {
            send(command, "/api/accounts", "{\"accountId\":\"" + account + "\",\"customerId\":\"c-" + account
                    + "\",\"currency\":\"CNY\",\"creditLimit\":\"5000.00\"}", "k-" + keys.incrementAndGet());
            send(command, "/api/accounts/" + account + "/close",
                    "{\"reasonCode\":\"CUSTOMER_REQUEST\",\"note\":\"crash rounds\"}", "k-" + keys.incrementAndGet());
        } catch (Exception refusedOrCut) {
            // Cut by the kill: the account may be open or closed; the views must show whichever the store holds.
        }
    }

    /** A limit is set with PUT (API.md); every other command is a POST. */
    private static String method(String path) {
        return path.endsWith("/credit-limit") ? "PUT" : "POST";
    }

    /** Sends one command with its idempotency key, as a first try or as a retry. */
    private HttpResponse<String> request(ServiceProcess command, String path, String body, String key)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(command.base() + path))
                .header("Authorization", OPS).header("Content-Type", "application/json").header("Idempotency-Key", key)
                .timeout(Duration.ofSeconds(10)).method(method(path), HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode send(ServiceProcess command, String path, String body, String key) throws IOException, InterruptedException {
        HttpResponse<String> response = request(command, path, body, key);
        if (response.statusCode() / 100 != 2) {
            throw new IOException("refused: " + response.statusCode());
        }
        JsonNode answer = json.readTree(response.body());
        acknowledged.put(key, new Acked(path, body, answer.get("version").asLong()));
        return answer;
    }

    private Checked verify(ServiceProcess command, ServiceProcess query, Path dataDir, List<String> violations) throws Exception {
        // Every request, acknowledged or not, is stored whole and once: one event per key, sequences without gaps.
        DataSource dataSource = EmbeddedEventStoreFiles.dataSource(dataDir.toString(), 1);
        int checked;
        Map<String, List<Stored>> storedByAccount = new TreeMap<>();
        AppealsInTheStore appeals = new AppealsInTheStore();
        try {
            List<Map<String, Object>> rows = new JdbcTemplate(dataSource).queryForList(
                    "SELECT aggregateIdentifier, sequenceNumber, payloadType, payload FROM DomainEventEntry ORDER BY aggregateIdentifier, sequenceNumber");
            checked = rows.size();
            // A request stores one event, or a few in a row on one account (an upheld appeal's decision and the
            // lift): each key must make exactly one run of consecutive events.
            Map<String, Integer> perKey = new HashMap<>();
            String previousKey = null;
            String previousAccount = null;
            for (Map<String, Object> row : rows) {
                String account = (String) row.get("AGGREGATEIDENTIFIER");
                long sequence = ((Number) row.get("SEQUENCENUMBER")).longValue();
                List<Stored> events = storedByAccount.computeIfAbsent(account, a -> new ArrayList<>());
                long expected = events.isEmpty() ? 0 : events.get(events.size() - 1).sequence() + 1;
                if (sequence != expected) {
                    violations.add(account + " has event " + sequence + " where " + expected + " was due");
                }
                JsonNode payload = json.readTree((byte[]) row.get("PAYLOAD"));
                String type = (String) row.get("PAYLOADTYPE");
                String requestId = payload.path("requestId").asText(null);
                Stored event = new Stored(sequence, type.substring(type.lastIndexOf('.') + 1), requestId,
                        instant(payload.path("occurredAt").asText(null)), payload.path("actor").asText(null));
                events.add(event);
                appeals.record(account, event, payload);
                if (requestId != null && !(requestId.equals(previousKey) && account.equals(previousAccount))) {
                    perKey.merge(requestId, 1, Integer::sum);
                }
                previousKey = requestId;
                previousAccount = account;
            }
            perKey.forEach((key, runs) -> {
                if (runs != 1) {
                    violations.add("request " + key + " is stored " + runs + " times");
                }
            });
            acknowledged.keySet().stream().filter(key -> !perKey.containsKey(key))
                    .forEach(key -> violations.add("acknowledged " + key + " is not in the store"));
        } finally {
            ((AutoCloseable) dataSource).close();
        }
        // Every acknowledged request the account still remembers answers its first answer again. An account remembers
        // its last REMEMBERED_REQUESTS keys (README): a key older than that is decided anew, by design, and retrying
        // it would store a second request.
        Set<String> remembered = new HashSet<>();
        storedByAccount.values().forEach(events -> {
            List<String> requests = events.stream().map(Stored::requestId).filter(Objects::nonNull).distinct().toList();
            remembered.addAll(requests.subList(Math.max(0, requests.size() - REMEMBERED_REQUESTS), requests.size()));
        });
        for (Map.Entry<String, Acked> entry : acknowledged.entrySet()) {
            if (!remembered.contains(entry.getKey())) {
                continue;
            }
            Acked acked = entry.getValue();
            HttpResponse<String> retry = request(command, acked.path(), acked.body(), entry.getKey());
            long version = retry.statusCode() / 100 == 2 ? json.readTree(retry.body()).get("version").asLong() : -1;
            if (version != acked.version()) {
                violations.add("acknowledged " + entry.getKey() + " answered version " + acked.version() + " then " + version);
            }
        }
        // Every projection reaches the head with nothing dead-lettered. A view that lost events a crash kept its
        // token past would refuse the account's next event by sequence, and the event would wait in the dead-letter
        // queue.
        JsonNode projections = caughtUp(query);
        if (projections == null) {
            violations.add("the projections did not catch up within " + CATCH_UP.toSeconds() + " s");
            return new Checked(checked, 0, 0, appeals.filed(), appeals.open());
        }
        for (JsonNode projection : projections) {
            if (projection.path("deadLetters").asLong() > 0) {
                violations.add(projection.path("name").asText() + " holds " + projection.path("deadLetters").asLong()
                        + " dead letters");
            }
        }
        ViewsAgainstTheFold views = new ViewsAgainstTheFold(query, violations);
        views.compare(storedByAccount);
        appeals.compareWithTheQueue(query, violations);
        appeals.checkUpheldLifted(views.inForce(), violations);
        return new Checked(checked, views.restrictionsInForce(), views.closedAccounts(), appeals.filed(), appeals.open());
    }

    /**
     * Every appeal the store holds, with the restriction it contests and where it stands (open until an
     * {@code AppealDecided}), against the appeals queue ({@code GET /api/appeals}, every status, every page).
     */
    private final class AppealsInTheStore {

        /** "account/appealId" -> the restriction it contests and where it stands. */
        private final Map<String, AppealState> stored = new TreeMap<>();
        /** "account@N" for every restriction an upheld appeal contested. */
        private final Set<String> upheldAgainst = new TreeSet<>();

        void record(String account, Stored event, JsonNode payload) {
            String appeal = account + "/" + payload.path("appealId").asText();
            if (event.type().equals("AppealFiled")) {
                stored.put(appeal, new AppealState(payload.path("restrictionSequence").asLong(), "OPEN"));
            } else if (event.type().equals("AppealDecided")) {
                long against = stored.getOrDefault(appeal, new AppealState(-1, "never filed")).against();
                boolean upheld = payload.path("decision").asText().equals("UPHOLD");
                stored.put(appeal, new AppealState(against, upheld ? "UPHELD" : "REJECTED"));
                if (upheld) {
                    upheldAgainst.add(account + "@" + against);
                }
            }
        }

        int filed() {
            return stored.size();
        }

        long open() {
            return stored.values().stream().filter(appeal -> appeal.status().equals("OPEN")).count();
        }

        /** An upheld appeal lifts its restriction in the same request: one still in force was half-applied. */
        void checkUpheldLifted(Set<String> restrictionsInForce, List<String> violations) {
            upheldAgainst.stream().filter(restrictionsInForce::contains).forEach(restriction -> violations.add(
                    "an appeal against " + restriction + " was upheld but the restriction is still in force"));
        }

        void compareWithTheQueue(ServiceProcess query, List<String> violations) throws IOException, InterruptedException {
            Map<String, AppealState> queued = new TreeMap<>();
            long total = 0;
            for (int page = 0; page == 0 || queued.size() < total; page++) {
                JsonNode answer = get(query, "/api/appeals?size=500&page=" + page);
                if (answer == null || answer.path("items").isEmpty() && page > 0) {
                    violations.add("the appeals queue did not answer page " + page + " or ended before its total " + total);
                    return;
                }
                total = answer.path("total").asLong();
                answer.path("items").forEach(item -> queued.put(item.path("accountId").asText() + "/"
                        + item.path("appealId").asText(), new AppealState(item.path("restrictionSequence").asLong(),
                        item.path("status").asText())));
            }
            if (!queued.equals(stored)) {
                Set<String> differing = new TreeSet<>(stored.keySet());
                differing.addAll(queued.keySet());
                differing.removeIf(appeal -> Objects.equals(stored.get(appeal), queued.get(appeal)));
                differing.forEach(appeal -> violations.add("appeal " + appeal + " is " + queued.get(appeal)
                        + " in the queue where the store gives " + stored.get(appeal)));
            }
        }
    }

    /** One appeal: the event sequence of the restriction it contests, and OPEN, UPHELD or REJECTED. */
    record AppealState(long against, String status) {
    }

    /** What a round's check covered: the stored events, and the restrictions in force that the views had to show. */
    record Checked(int events, long restrictionsInForce, long closedAccounts, int appealsFiled, long appealsOpen) {
    }

    /** One stored event, as the history view must show it: its sequence, type, request, time and actor. */
    record Stored(long sequence, String type, String requestId, String at, String actor) {
    }

    /** An ISO-8601 instant in one form, whatever its offset and precision; a text that is none stays as it is. */
    private static String instant(String text) {
        try {
            return text == null ? null : Instant.parse(text).toString();
        } catch (DateTimeParseException notAnInstant) {
            return text;
        }
    }

    /**
     * Every view against the fold of the stored events, which the query side replays from the store at each read
     * ({@code /state} and {@code /restrictions}): account-limits, restricted-accounts (the ops list), portfolio and
     * account-history, field by field.
     */
    private final class ViewsAgainstTheFold {

        private final ServiceProcess query;
        private final List<String> violations;
        private final Map<String, Long> byStatus = new TreeMap<>(Map.of("ACTIVE", 0L, "FROZEN", 0L, "CLOSED", 0L));
        private final Map<String, Long> byReason = new TreeMap<>();
        private final Set<String> inForceEverywhere = new TreeSet<>();
        private BigDecimal limits = BigDecimal.ZERO;
        private BigDecimal outstanding = BigDecimal.ZERO;

        ViewsAgainstTheFold(ServiceProcess query, List<String> violations) {
            this.query = query;
            this.violations = violations;
        }

        /** "account@N" for every restriction in force, N its event sequence. */
        Set<String> inForce() {
            return inForceEverywhere;
        }

        long closedAccounts() {
            return byStatus.get("CLOSED");
        }

        long restrictionsInForce() {
            return byReason.values().stream().mapToLong(Long::longValue).sum();
        }

        void compare(Map<String, List<Stored>> storedByAccount) throws IOException, InterruptedException {
            JsonNode opsList = get(query, "/api/accounts?size=" + (storedByAccount.size() + 1));
            Map<String, JsonNode> listed = new TreeMap<>();
            if (opsList == null) {
                violations.add("the ops list did not answer");
            } else {
                opsList.path("items").forEach(item -> listed.put(item.path("accountId").asText(), item));
                expect("ops list total", opsList.path("total").asLong(), (long) storedByAccount.size());
            }
            for (Map.Entry<String, List<Stored>> account : storedByAccount.entrySet()) {
                compareAccount(account.getKey(), account.getValue(), listed.get(account.getKey()));
            }
            JsonNode portfolio = get(query, "/api/portfolio");
            if (portfolio == null) {
                violations.add("the portfolio did not answer");
                return;
            }
            Map<String, Long> viewStatus = new TreeMap<>();
            portfolio.path("accountsByStatus").fields().forEachRemaining(e -> viewStatus.put(e.getKey(), e.getValue().asLong()));
            Map<String, Long> viewReasons = new TreeMap<>();
            portfolio.path("restrictionsByReasonCode").fields().forEachRemaining(e -> viewReasons.put(e.getKey(), e.getValue().asLong()));
            expect("portfolio accounts by status", viewStatus, byStatus);
            expect("portfolio restrictions by reason code", viewReasons, byReason);
            JsonNode totals = portfolio.path("totals");
            expect("portfolio currencies", totals.size(), 1);
            expect("portfolio accounts", totals.path(0).path("accounts").asLong(), (long) storedByAccount.size());
            expectAmount("portfolio total credit limit", totals.path(0).path("totalCreditLimit"), limits);
            expectAmount("portfolio total outstanding", totals.path(0).path("totalOutstanding"), outstanding);
        }

        private void compareAccount(String account, List<Stored> stored, JsonNode listed) throws IOException, InterruptedException {
            long last = stored.get(stored.size() - 1).sequence();
            JsonNode fold = get(query, "/api/accounts/" + account + "/state");
            JsonNode episodes = get(query, "/api/accounts/" + account + "/restrictions");
            JsonNode view = get(query, "/api/accounts/" + account + "?minVersion=" + last);
            if (fold == null || episodes == null || view == null) {
                violations.add(account + ": the fold, its restriction episodes or its view did not answer");
                return;
            }
            List<String> inForce = new ArrayList<>();
            for (JsonNode episode : episodes.path("episodes")) {
                if (episode.path("ending").isNull()) {
                    String reason = episode.path("explanation").path("reasonCode").asText();
                    inForce.add(reason + "@" + episode.path("explanation").path("eventSequence").asLong());
                    inForceEverywhere.add(account + "@" + episode.path("explanation").path("eventSequence").asLong());
                    byReason.merge(reason, 1L, Long::sum);
                }
            }
            byStatus.merge(fold.path("status").asText(), 1L, Long::sum);
            limits = limits.add(new BigDecimal(fold.path("creditLimit").asText()));
            BigDecimal owed = new BigDecimal(fold.path("outstanding").asText());
            outstanding = outstanding.add(owed);

            sameFields(account + " account view", view, fold);
            BigDecimal drawn = BigDecimal.ZERO;
            for (JsonNode drawdown : view.path("drawdowns")) {
                drawn = drawn.add(new BigDecimal(drawdown.path("outstanding").asText()));
            }
            if (drawn.compareTo(owed) != 0) {
                violations.add(account + " account view's open drawdowns add up to " + drawn.toPlainString()
                        + " where the fold's outstanding is " + fold.path("outstanding").asText());
            }
            if (listed == null) {
                violations.add(account + " is missing from the ops list");
            } else {
                sameFields(account + " in the ops list", listed, fold);
                List<String> listedInForce = new ArrayList<>();
                listed.path("restrictions").forEach(r -> listedInForce.add(r.path("reasonCode").asText() + "@"
                        + r.path("eventSequence").asLong()));
                expect(account + " restrictions in force in the ops list", listedInForce, inForce);
            }
            compareHistory(account, stored);
        }

        private void compareHistory(String account, List<Stored> stored) throws IOException, InterruptedException {
            List<JsonNode> entries = new ArrayList<>();
            String after = "-1";
            while (after != null) {
                JsonNode page = get(query, "/api/accounts/" + account + "/history?after=" + after + "&limit=500");
                if (page == null) {
                    violations.add(account + " history did not answer after " + after);
                    return;
                }
                page.path("items").forEach(entries::add);
                after = page.path("next").isNull() || page.path("next").isMissingNode() ? null : page.path("next").asText();
            }
            expect(account + " history entries", entries.size(), stored.size());
            for (int i = 0; i < Math.min(entries.size(), stored.size()); i++) {
                JsonNode entry = entries.get(i);
                Stored event = stored.get(i);
                String seen = entry.path("sequence").asLong() + " " + entry.path("type").asText() + " "
                        + entry.path("requestId").asText(null) + " at " + instant(entry.path("at").asText(null))
                        + " by " + entry.path("actor").asText(null);
                String due = event.sequence() + " " + event.type() + " " + event.requestId() + " at " + event.at()
                        + " by " + event.actor();
                if (!seen.equals(due)) {
                    violations.add(account + " history entry " + i + " is " + seen + " where the store holds " + due);
                    return;
                }
            }
        }

        private void sameFields(String where, JsonNode view, JsonNode fold) {
            for (String field : List.of("version", "status", "creditLimit", "outstanding", "available", "restriction")) {
                expect(where + " " + field, view.path(field), fold.path(field));
            }
        }

        private void expectAmount(String what, JsonNode seen, BigDecimal due) {
            if (!seen.isTextual() || new BigDecimal(seen.asText()).compareTo(due) != 0) {
                violations.add(what + " is " + seen + " where the fold gives " + due.toPlainString());
            }
        }

        private void expect(String what, Object seen, Object due) {
            if (!seen.equals(due)) {
                violations.add(what + " is " + seen + " where the fold gives " + due);
            }
        }
    }

    /** The projections once every one has handled every event in the store; null if they do not within the bound. */
    private JsonNode caughtUp(ServiceProcess query) {
        try {
            return await().atMost(CATCH_UP).pollInterval(Duration.ofMillis(100))
                    .ignoreExceptionsInstanceOf(IOException.class)
                    .until(() -> {
                        JsonNode list = get(query, "/api/admin/projections");
                        return list == null ? json.missingNode() : list.path("projections");
                    }, projections -> {
                        boolean done = projections.size() > 0;
                        for (JsonNode projection : projections) {
                            done &= projection.path("lagEvents").asLong(-1) == 0
                                    && !projection.path("replaying").asBoolean();
                        }
                        return done;
                    });
        } catch (ConditionTimeoutException e) {
            return null;
        }
    }

    private JsonNode get(ServiceProcess query, String path) throws IOException, InterruptedException {
        for (int attempt = 0; attempt < 5; attempt++) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(query.base() + path))
                    .header("Authorization", OPS).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                return json.readTree(response.body());
            }
        }
        return null;
    }
}
