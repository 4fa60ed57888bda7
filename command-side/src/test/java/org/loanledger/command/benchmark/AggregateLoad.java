package org.loanledger.command.benchmark;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.Repository;
import org.loanledger.command.account.LedgerLimits;
import org.loanledger.command.account.LoanAccount;
import org.loanledger.command.account.LoanAccountConfiguration;
import org.loanledger.shared.integrity.HashChain;
import org.loanledger.shared.risk.RiskPolicies;
import org.loanledger.shared.risk.RiskPolicy;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How long the command side takes to load an account that is not in memory, by length of history, with and
 * without a snapshot: the {@code LoanAccount} aggregate in a plain Axon configuration over the real
 * {@code JdbcEventStorageEngine} on an H2 file opened exactly as the command side opens it, loaded in a unit of
 * work with a transaction, as a command does, and checked to have reached the last event.
 *
 * <p>With snapshots, the account's latest snapshot is {@link #EVENTS_AFTER_SNAPSHOT} events behind its head: with a
 * snapshot every {@link LoanAccountConfiguration#DEFAULT_SNAPSHOT_EVERY_EVENTS} events (the default
 * {@code ledger.snapshot.every-events}) a load finds on average half that many events after the snapshot. An account shorter than the snapshot interval has no snapshot, so its two figures are the same.
 */
final class AggregateLoad {

    static final int SNAPSHOT_EVERY = LoanAccountConfiguration.DEFAULT_SNAPSHOT_EVERY_EVENTS;
    static final int EVENTS_AFTER_SNAPSHOT = SNAPSHOT_EVERY / 2;
    /**
     * The warm-up loads one account without a snapshot and one with, so that neither the event path nor the
     * snapshot path is measured while the JIT is still compiling it.
     */
    static final int WARM_UP_EVENTS = 2 * SNAPSHOT_EVERY + EVENTS_AFTER_SNAPSHOT;
    static final int WARM_UP_LOADS = 100;
    /**
     * A load from a snapshot reads the snapshot and the events after it, whatever the history's length, so it is
     * cheap enough to take the median of as many loads at every length.
     */
    static final int SNAPSHOT_REPEATS = 31;

    record Load(int events, double withoutSnapshotMillis, double withSnapshotMillis) {
    }

    private AggregateLoad() {
    }

    static List<Load> measure(Path dataDir, int[] sizes, Bench.Log log) throws Exception {
        List<Load> loads = new ArrayList<>();
        try (StoreSeeder seeder = StoreSeeder.asTheCommandSideOpensIt(dataDir)) {
            Configuration axon = DefaultConfigurer.defaultConfiguration(false)
                    .configureSerializer(c -> seeder.serializer())
                    .configureEventSerializer(c -> seeder.serializer())
                    .configureMessageSerializer(c -> seeder.serializer())
                    .configureEmbeddedEventStore(c -> seeder.engine())
                    .configureTransactionManager(c -> seeder.transactions())
                    .configureAggregate(AggregateConfigurer.defaultConfiguration(LoanAccount.class))
                    .registerComponent(Clock.class, c -> Clock.systemUTC())
                    .registerComponent(LedgerLimits.class, c -> LedgerLimits.defaults())
                    .registerComponent(RiskPolicies.class, c -> new RiskPolicies(Map.of(), RiskPolicy.PERMISSIVE))
                    .buildConfiguration();
            axon.start();
            try {
                Repository<LoanAccount> repository = axon.repository(LoanAccount.class);
                Map<Integer, String> accounts = new LinkedHashMap<>();
                long seedStart = System.nanoTime();
                seeder.account("load-warmup", WARM_UP_EVENTS, false);
                seed(seeder, axon, "load-warmup-snapshot", WARM_UP_EVENTS);
                for (int size : sizes) {
                    String id = "load-" + size;
                    accounts.put(size, id);
                    seed(seeder, axon, id, size);
                }
                seeder.flush();
                log.line("aggregate load: seeded %,d events in %.1f s", seeder.events(), (System.nanoTime() - seedStart) / 1e9);
                for (int i = 0; i < WARM_UP_LOADS; i++) {
                    time(seeder.transactions(), repository, "load-warmup", WARM_UP_EVENTS - 1);
                    time(seeder.transactions(), repository, "load-warmup-snapshot", WARM_UP_EVENTS - 1);
                }
                Map<Integer, Double> withSnapshot = new LinkedHashMap<>();
                for (int size : sizes) {
                    if (size <= SNAPSHOT_EVERY) {
                        continue; // no snapshot under the policy: measured once, below, for both figures
                    }
                    long snapshots = snapshots(seeder, accounts.get(size));
                    if (snapshots != 1) {
                        throw new IllegalStateException(accounts.get(size) + " has " + snapshots + " snapshots, not 1");
                    }
                    withSnapshot.put(size, median(seeder.transactions(), repository, accounts.get(size), size - 1,
                            SNAPSHOT_REPEATS));
                }
                new JdbcTemplate(seeder.dataSource()).update("DELETE FROM SnapshotEventEntry");
                for (int size : sizes) {
                    double without = median(seeder.transactions(), repository, accounts.get(size), size - 1,
                            repeats(size));
                    Load load = new Load(size, without, withSnapshot.getOrDefault(size, without));
                    loads.add(load);
                    log.line("aggregate load %,d events: %.2f ms without snapshot, %.2f ms with", size, without,
                            load.withSnapshotMillis());
                }
            } finally {
                axon.shutdown();
            }
        }
        return loads;
    }

    /**
     * Seeds an account of {@code size} events; one longer than the snapshot interval gets its snapshot
     * {@link #EVENTS_AFTER_SNAPSHOT} events behind its head.
     */
    private static void seed(StoreSeeder seeder, Configuration axon, String id, int size) {
        if (size <= SNAPSHOT_EVERY) {
            seeder.account(id, size, false);
            return;
        }
        String head = seeder.append(id, 0, size - EVENTS_AFTER_SNAPSHOT, HashChain.GENESIS, false);
        seeder.flush();
        axon.snapshotter().scheduleSnapshot(LoanAccount.class, id);
        seeder.append(id, size - EVENTS_AFTER_SNAPSHOT, size, head, false);
    }

    /** Enough loads for a stable median, without spending minutes on the longest histories. */
    private static int repeats(int size) {
        return size >= 50_000 ? 3 : size >= 5_000 ? 7 : 31;
    }

    private static double median(TransactionManager transactions, Repository<LoanAccount> repository, String id,
                                 long lastSequence, int repeats) {
        double[] millis = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            millis[i] = time(transactions, repository, id, lastSequence);
        }
        Arrays.sort(millis);
        return millis[repeats / 2];
    }

    private static double time(TransactionManager transactions, Repository<LoanAccount> repository, String id,
                               long lastSequence) {
        long start = System.nanoTime();
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(transactions);
        Long version = unitOfWork.executeWithResult(() -> {
            Aggregate<LoanAccount> account = repository.load(id);
            return account.version();
        }).getPayload();
        double millis = (System.nanoTime() - start) / 1e6;
        if (version == null || version != lastSequence) {
            throw new IllegalStateException(id + " loaded at version " + version + ", expected " + lastSequence);
        }
        return millis;
    }

    private static long snapshots(StoreSeeder seeder, String id) {
        Long count = new JdbcTemplate(seeder.dataSource()).queryForObject(
                "SELECT COUNT(*) FROM SnapshotEventEntry WHERE aggregateIdentifier = ?", Long.class, id);
        return count == null ? 0 : count;
    }
}
