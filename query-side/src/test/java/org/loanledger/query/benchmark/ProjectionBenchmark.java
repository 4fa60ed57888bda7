package org.loanledger.query.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.loanledger.query.projection.ProjectionAdmin;
import org.loanledger.query.support.BulkEventSeeder;
import org.loanledger.query.support.EventStoreWriter;
import org.loanledger.query.support.ProcessCpu;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.account.AccountOpened;
import org.loanledger.shared.account.FundsBorrowed;
import org.loanledger.shared.account.RepaymentAllocation;
import org.loanledger.shared.account.RepaymentReceived;
import org.loanledger.shared.integrity.HashChain;
import org.loanledger.shared.money.Money;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Rebuild rate and projection lag, measured on the embedded default (H2 event store, embedded MongoDB). Not part
 * of the normal test run (the name does not end in Test); run it with
 * {@code mvn -pl shared-events,query-side test -Dtest=ProjectionBenchmark -Dbenchmark.events=100000
 * -Dsurefire.failIfNoSpecifiedTests=false} and record the printed numbers in BENCHMARKS.md.
 */
@SpringBootTest(properties = "ledger.projections.stop-timeout=120s")
class ProjectionBenchmark {

    private static final Logger log = LoggerFactory.getLogger(ProjectionBenchmark.class);
    private static final int EVENTS_PER_ACCOUNT = 20;
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        // ./ledger bench-projections passes a directory it deletes when the run ends (the test context's stores
        // close only as the JVM exits); run directly, the store goes to a fresh temporary directory that stays.
        String given = System.getProperty("benchmark.data-dir");
        if (given == null || given.isBlank()) {
            org.loanledger.query.support.QuerySideTest.freshDataDir(registry);
        } else {
            registry.add("ledger.data-dir", () -> given);
        }
    }

    @Autowired
    EventStore eventStore;
    @Autowired
    ProjectionAdmin admin;
    @Autowired
    javax.sql.DataSource eventStoreDataSource;
    @Autowired
    @org.springframework.beans.factory.annotation.Qualifier("eventSerializer")
    org.axonframework.serialization.Serializer eventSerializer;

    /** The result table, printed at the end and written to query-side/target/projection-benchmark.md. */
    private final StringBuilder report = new StringBuilder();

    @Test
    void rebuildRateAndSteadyLag() throws Exception {
        int events = Integer.getInteger("benchmark.events", 100_000);
        long appendStart = System.nanoTime();
        appendHistory(events);
        long appendMillis = (System.nanoTime() - appendStart) / 1_000_000;
        log.info("BENCHMARK appended {} events in {} ms", events, appendMillis);
        double[] load = loadAverage();
        report.append("Projection benchmark, ").append(Instant.now()).append(", ").append(events)
                .append(" events, ").append(System.getProperty("benchmark.layout", "sequential"))
                .append(" layout (seeded in ").append(appendMillis).append(" ms), ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cpus, load average at start ")
                .append(String.format("%.2f", load[0])).append("\n\n")
                .append("| projection | rebuild | events/s | CPU per event (all threads) |\n|---|---|---|---|\n");
        long head = eventStore.createHeadToken().position().orElseThrow();
        awaitAllAt(head, Duration.ofMinutes(30));

        List<String> names = System.getProperty("benchmark.projections") == null
                ? org.loanledger.query.projection.Projections.ALL
                : List.of(System.getProperty("benchmark.projections").split(","));
        for (String name : names) {
            long start = System.nanoTime();
            long cpuStart = ProcessCpu.nanos();
            admin.rebuild(name).orElseThrow().get(5, TimeUnit.MINUTES);
            await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(50)).until(() -> admin.statuses()
                    .stream().filter(s -> s.name().equals(name))
                    .allMatch(s -> !s.replaying() && s.position() != null && s.position() >= head));
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuMicrosPerEvent = (ProcessCpu.nanos() - cpuStart) / 1e3 / events;
            log.info("BENCHMARK rebuild {} of {} events: {} s, {} events/s, {} µs of CPU per event (all threads)",
                    name, events, String.format("%.1f", seconds), Math.round(events / seconds),
                    String.format("%.1f", cpuMicrosPerEvent));
            report.append(String.format("| %s | %.1f s | %,d | %.1f µs |%n", name, seconds, Math.round(events / seconds),
                    cpuMicrosPerEvent));
        }

        steadyLag(Integer.getInteger("benchmark.rate", 1000), Integer.getInteger("benchmark.seconds", 20));
        report.append(String.format("%nLoad average at the end: %.2f%n", loadAverage()[0]));
        java.nio.file.Path out = java.nio.file.Path.of("target", "projection-benchmark.md");
        java.nio.file.Files.writeString(out, report);
        System.out.println(report);
    }

    private static double[] loadAverage() {
        return new double[] {java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()};
    }

    private void awaitAllAt(long head, Duration bound) {
        long start = System.nanoTime();
        await().atMost(bound).pollInterval(Duration.ofMillis(100)).until(() -> admin.statuses().stream()
                .allMatch(s -> s.position() != null && s.position() >= head));
        double seconds = (System.nanoTime() - start) / 1e9;
        log.info("BENCHMARK initial build of every projection together: {} s", String.format("%.1f", seconds));
    }

    /**
     * Accounts of 20 events each (open, then borrowings and repayments), written in the command side's stored form
     * by bulk inserts: the projections then catch up from a store that already holds everything. By default each
     * account's events are written together ({@code -Dbenchmark.layout=sequential}), so a batch of 500 events touches
     * 25 accounts; {@code interleaved} writes one event of every account in turn, as many customers borrowing at once
     * do, so that every event of a batch is another account's: the worst case for a view that writes per account.
     */
    private void appendHistory(int events) throws Exception {
        int accounts = events / EVENTS_PER_ACCOUNT;
        boolean interleaved = "interleaved".equals(System.getProperty("benchmark.layout", "sequential"));
        String[] links = new String[accounts];
        Arrays.fill(links, HashChain.GENESIS);
        try (BulkEventSeeder seeder = new BulkEventSeeder(eventStoreDataSource, eventSerializer)) {
            for (int i = 0; i < accounts * EVENTS_PER_ACCOUNT; i++) {
                int a = interleaved ? i % accounts : i / EVENTS_PER_ACCOUNT;
                int s = interleaved ? i / accounts : i % EVENTS_PER_ACCOUNT;
                String id = "bench-" + a;
                AccountEvent event = event(id, s, START.plusSeconds(a + s));
                links[a] = HashChain.link(links[a], s, event.occurredAt(), event);
                seeder.add(EventStoreWriter.message(event, s, links[a]));
            }
        }
    }

    private static AccountEvent event(String id, int sequence, Instant at) {
        Money ten = Money.of("CNY", "10.00");
        if (sequence == 0) {
            return new AccountOpened(id, "cust-" + id, "CNY", Money.of("CNY", "100000.00"), at, "bench", "o-" + id);
        }
        if (sequence % 2 == 1) {
            return new FundsBorrowed(id, "d-" + sequence, ten, 30, LocalDate.parse("2026-03-01"), at, "bench",
                    "b-" + id + "-" + sequence);
        }
        return new RepaymentReceived(id, ten, List.of(new RepaymentAllocation("d-" + (sequence - 1), ten,
                Money.zero("CNY"), LocalDate.parse("2026-03-01"), true, true)), true, false, at, "bench",
                "r-" + id + "-" + sequence);
    }

    /**
     * Appends {@code rate} events per second (one new account each, in ticks of 10 ms) and samples every 20 ms the
     * lag the admin API reports for each projection: the age of the oldest event it has not projected yet.
     */
    private void steadyLag(int rate, int seconds) throws Exception {
        ScheduledExecutorService producer = Executors.newSingleThreadScheduledExecutor();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        int perTick = Math.max(1, rate / 100);
        int[] counter = {0};
        java.util.Map<String, List<Double>> lags = new java.util.concurrent.ConcurrentHashMap<>();
        producer.scheduleAtFixedRate(() -> {
            List<DomainEventMessage<?>> tick = new ArrayList<>(perTick);
            for (int i = 0; i < perTick; i++) {
                String id = "lag-" + counter[0]++;
                AccountEvent event = new AccountOpened(id, "c", "CNY", Money.of("CNY", "1.00"), Instant.now(), "bench", id);
                tick.add(EventStoreWriter.message(event, 0, HashChain.link(HashChain.GENESIS, 0, event.occurredAt(), event)));
            }
            eventStore.publish(tick);
        }, 0, 10, TimeUnit.MILLISECONDS);
        long cpuStart = ProcessCpu.nanos();
        sampler.scheduleWithFixedDelay(() -> admin.statuses().forEach(s -> lags
                .computeIfAbsent(s.name(), k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                .add(s.lagSeconds() == null ? 0.0 : s.lagSeconds())), 20, 20, TimeUnit.MILLISECONDS);
        Thread.sleep(Duration.ofSeconds(seconds).toMillis()); // the measurement window itself, not a synchronisation
        producer.shutdown();
        sampler.shutdown();
        sampler.awaitTermination(10, TimeUnit.SECONDS);
        producer.awaitTermination(10, TimeUnit.SECONDS);
        double cpuMicrosPerEvent = (ProcessCpu.nanos() - cpuStart) / 1e3 / counter[0];
        assertThat(lags).isNotEmpty();
        report.append(String.format("%nSteady %,d events/s for %d s (%,d appended; one new account each; CPU of the "
                + "whole process, appending included, %.0f µs per event), lag sampled every 20 ms:%n%n"
                + "| projection | lag p50 | lag p99 | max |%n|---|---|---|---|%n", rate, seconds, counter[0],
                cpuMicrosPerEvent));
        lags.forEach((name, samples) -> {
            List<Double> sorted = new ArrayList<>(samples);
            sorted.sort(null);
            log.info("BENCHMARK steady {} events/s for {} s ({} appended): {} lag p50 {} ms, p99 {} ms, max {} ms ({} samples)",
                    rate, seconds, counter[0], name, Math.round(sorted.get(sorted.size() / 2) * 1000),
                    Math.round(sorted.get((int) (sorted.size() * 0.99)) * 1000),
                    Math.round(sorted.get(sorted.size() - 1) * 1000), sorted.size());
            report.append(String.format("| %s | %d ms | %d ms | %d ms |%n", name,
                    Math.round(sorted.get(sorted.size() / 2) * 1000),
                    Math.round(sorted.get((int) (sorted.size() * 0.99)) * 1000),
                    Math.round(sorted.get(sorted.size() - 1) * 1000)));
        });
    }
}
