package org.loanledger.query.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.loanledger.query.projection.ProjectionAdmin;
import org.loanledger.query.support.Callers;
import org.loanledger.query.support.EventStoreWriter;
import org.loanledger.query.support.QuerySideTest;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.account.AccountFrozen;
import org.loanledger.shared.account.AccountOpened;
import org.loanledger.shared.account.FundsBorrowed;
import org.loanledger.shared.account.ReasonCode;
import org.loanledger.shared.account.RepaymentAllocation;
import org.loanledger.shared.account.RepaymentReceived;
import org.loanledger.shared.integrity.HashChain;
import org.loanledger.shared.money.Money;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.loanledger.shared.personal.PersonalText;

/**
 * Latency of {@code /explanation} and {@code /state?at=} over HTTP for accounts of 100, 10,000 and 100,000 events,
 * on the embedded default. Not part of the normal test run (the name does not end in Test); run it with
 * {@code mvn -pl shared-events,service-support,query-side test -Dtest=ReplayLatencyBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false [-Dbenchmark.sizes=100,10000,100000 -Dbenchmark.warmCalls=300]} and record
 * the printed table in BENCHMARKS.md.
 *
 * <p>Each endpoint gets its own account of each size, so its first call is a true first read of that account (the
 * events fetched from H2, deserialized and folded); the warm calls that follow find the account in memory and only
 * ask the store for newer events. Before any account is measured, the HTTP and JSON paths are warmed on a separate
 * small account so a "first call" measures the account, not the JVM's first request.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReplayLatencyBenchmark {

    private static final Logger log = LoggerFactory.getLogger(ReplayLatencyBenchmark.class);
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final Money TEN = Money.of("CNY", "10.00");
    /** One commit per this many events: with WRITE_DELAY=0 every commit reaches the disk. */
    private static final int APPEND_BATCH = 1000;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        QuerySideTest.freshDataDir(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    EventStorageEngine storageEngine;
    @Autowired
    EventStore eventStore;
    @Autowired
    ProjectionAdmin admin;
    @Autowired
    PlatformTransactionManager transactionManager;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    record Series(String endpoint, int events, double firstMs, double p50Ms, double p99Ms, double maxMs, int calls,
                  double loadBefore, double loadAfter) {
    }

    @Test
    void explanationAndStateLatencyByHistoryLength() throws Exception {
        int[] sizes = Arrays.stream(System.getProperty("benchmark.sizes", "100,10000,100000").split(","))
                .map(String::trim).mapToInt(Integer::parseInt).toArray();
        int warmCalls = Integer.getInteger("benchmark.warmCalls", 300);

        long appendStart = System.nanoTime();
        int appended = append("lat-warmup", 100);
        for (int size : sizes) {
            appended += append("lat-explanation-" + size, size);
            appended += append("lat-state-" + size, size);
        }
        log.info("BENCHMARK appended {} events in {} s", appended, (System.nanoTime() - appendStart) / 1_000_000_000);
        long head = eventStore.createHeadToken().position().orElseThrow();
        long catchUpStart = System.nanoTime();
        // Measured with the projections caught up and idle, as in steady service, not competing for the cores.
        await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(500)).until(() -> admin.statuses()
                .stream().allMatch(s -> s.position() != null && s.position() >= head));
        log.info("BENCHMARK projections caught up in {} s", (System.nanoTime() - catchUpStart) / 1_000_000_000);

        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            call("/api/accounts/lat-warmup/explanation");
            call("/api/accounts/lat-warmup/state?at=" + instantWithin(100, random));
        }

        List<Series> results = new ArrayList<>();
        for (int size : sizes) {
            results.add(measure("explanation", size, warmCalls,
                    () -> "/api/accounts/lat-explanation-" + size + "/explanation",
                    body -> assertThat(body).contains("\"canBorrow\":false")
                            .contains("\"eventSequence\":" + (size - 1))));
            results.add(measure("state?at=", size, warmCalls,
                    () -> "/api/accounts/lat-state-" + size + "/state?at=" + instantWithin(size, random),
                    body -> assertThat(body).contains("\"asOf\"")));
        }
        report(results);
    }

    private interface Check {
        void accept(String body);
    }

    private Series measure(String endpoint, int size, int warmCalls, java.util.function.Supplier<String> uri,
                           Check check) throws Exception {
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        long start = System.nanoTime();
        check.accept(call(uri.get()));
        double firstMs = (System.nanoTime() - start) / 1e6;
        double[] warm = new double[warmCalls];
        for (int i = 0; i < warmCalls; i++) {
            String next = uri.get();
            long t = System.nanoTime();
            String body = call(next);
            warm[i] = (System.nanoTime() - t) / 1e6;
            if (i == 0) {
                check.accept(body);
            }
        }
        Arrays.sort(warm);
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Series series = new Series(endpoint, size, firstMs, percentile(warm, 0.50), percentile(warm, 0.99),
                warm[warm.length - 1], warmCalls, loadBefore, loadAfter);
        log.info("BENCHMARK {}", series);
        return series;
    }

    /** Nearest rank. */
    private static double percentile(double[] sorted, double p) {
        return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private String call(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", Callers.AUDITOR).timeout(Duration.ofMinutes(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    private static Instant instantWithin(int size, Random random) {
        return START.plusSeconds(random.nextInt(size)).plusMillis(random.nextInt(1000));
    }

    private void report(List<Series> results) throws IOException {
        StringBuilder table = new StringBuilder(
                "| endpoint | events | first call | warm p50 | warm p99 | warm max | warm calls | load avg before/after |\n"
                        + "|---|---|---|---|---|---|---|---|\n");
        for (Series s : results) {
            table.append(String.format("| %s | %,d | %.1f ms | %.2f ms | %.2f ms | %.1f ms | %d | %.1f / %.1f |%n",
                    s.endpoint(), s.events(), s.firstMs(), s.p50Ms(), s.p99Ms(), s.maxMs(), s.calls(), s.loadBefore(),
                    s.loadAfter()));
        }
        log.info("BENCHMARK results\n{}", table);
        Path out = Path.of("target", "replay-latency.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
        assertThat(results).isNotEmpty().allSatisfy(s -> assertThat(s.p50Ms()).isPositive());
    }

    /** Appends one account of {@code size} events (open, borrow and repay in turn, a freeze last), chained. */
    private int append(String accountId, int size) {
        List<DomainEventMessage<?>> batch = new ArrayList<>(APPEND_BATCH);
        String link = HashChain.GENESIS;
        for (int sequence = 0; sequence < size; sequence++) {
            AccountEvent event = event(accountId, sequence, size, START.plusSeconds(sequence));
            link = HashChain.link(link, sequence, event.occurredAt(), event);
            batch.add(EventStoreWriter.message(event, sequence, link));
            if (batch.size() == APPEND_BATCH) {
                appendInOneTransaction(batch);
                batch = new ArrayList<>(APPEND_BATCH);
            }
        }
        if (!batch.isEmpty()) {
            appendInOneTransaction(batch);
        }
        return size;
    }

    private void appendInOneTransaction(List<DomainEventMessage<?>> batch) {
        new TransactionTemplate(transactionManager).executeWithoutResult(status -> storageEngine.appendEvents(batch));
    }

    private static AccountEvent event(String id, int sequence, int size, Instant at) {
        if (sequence == 0) {
            return new AccountOpened(id, "cust-" + id, "CNY", Money.of("CNY", "1000000.00"), at, "bench", "o-" + id);
        }
        if (sequence == size - 1) {
            return new AccountFrozen(id, ReasonCode.MANUAL_REVIEW, PersonalText.clear("benchmark review"), at, "ops-bench", "f-" + id);
        }
        LocalDate due = LocalDate.ofInstant(at, ZoneOffset.UTC).plusDays(30);
        if (sequence % 2 == 1) {
            return new FundsBorrowed(id, "d-" + sequence, TEN, 30, due, at, "bench", "b-" + id + "-" + sequence);
        }
        return new RepaymentReceived(id, TEN, List.of(new RepaymentAllocation("d-" + (sequence - 1), TEN,
                Money.zero("CNY"), LocalDate.ofInstant(at.minusSeconds(1), ZoneOffset.UTC).plusDays(30), true, true)),
                true, false, at, "bench", "r-" + id + "-" + sequence);
    }
}
