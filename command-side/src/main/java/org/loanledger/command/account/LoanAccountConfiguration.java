package org.loanledger.command.account;

import java.time.Clock;
import java.time.Duration;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.SnapshotterSpanFactory;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotter;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** How LoanAccount aggregates are loaded and what their handlers are given. */
@Configuration(proxyBeanMethods = false)
public class LoanAccountConfiguration {

    private static final Logger log = LoggerFactory.getLogger(LoanAccountConfiguration.class);

    /** Events between two snapshots of an account unless {@code ledger.snapshot.every-events} says otherwise. */
    public static final int DEFAULT_SNAPSHOT_EVERY_EVENTS = 100;

    /**
     * A snapshot every {@code ledger.snapshot.every-events} events (default {@value #DEFAULT_SNAPSHOT_EVERY_EVENTS}), so
     * loading an account reads its latest snapshot and fewer than that many events after it, however long its
     * history. Measured (BENCHMARKS.md): reading 50 events costs about as much as reading a snapshot with a full
     * idempotency memory, and a snapshot costs about 3 ms every 100 events, on the snapshot thread of
     * {@link #aggregateSnapshotter}. Every 500 events, a load read 250 events after its snapshot on average instead
     * of 50.
     */
    @Bean
    public SnapshotTriggerDefinition loanAccountSnapshotTrigger(Snapshotter snapshotter,
            @Value("${ledger.snapshot.every-events:" + DEFAULT_SNAPSHOT_EVERY_EVENTS + "}") int threshold) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, threshold);
    }

    /**
     * Snapshots are taken on a thread of their own, in their own transaction. Axon's default snapshotter runs on the
     * thread of the command that crossed the interval, after its commit but while it still holds its connection, and
     * asks the pool for a second one: with as many commands crossing it at once as the pool has connections, every
     * one waited for a connection held by another (seen as 500s after the pool's 30 s timeout under 200 parallel
     * borrowings on one account). One snapshot of an account at a time is in flight; a command never waits for one.
     */
    @Bean
    public SpringAggregateSnapshotter aggregateSnapshotter(org.axonframework.config.Configuration configuration,
                                                           HandlerDefinition handlerDefinition,
                                                           ParameterResolverFactory parameterResolverFactory,
                                                           EventStore eventStore,
                                                           org.axonframework.common.transaction.TransactionManager transactionManager,
                                                           SnapshotterSpanFactory spanFactory,
                                                           java.util.concurrent.ExecutorService snapshotExecutor) {
        return SpringAggregateSnapshotter.builder()
                .repositoryProvider(configuration::repository)
                .transactionManager(transactionManager)
                .eventStore(eventStore)
                .parameterResolverFactory(parameterResolverFactory)
                .handlerDefinition(handlerDefinition)
                .spanFactory(spanFactory)
                .executor(snapshotExecutor)
                .build();
    }

    /** The snapshot thread; shut down with the service, after the snapshots already asked for. */
    @Bean(destroyMethod = "shutdown")
    public java.util.concurrent.ExecutorService snapshotExecutor() {
        return java.util.concurrent.Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "account-snapshots");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Which account a command is for, read from the command instead of found by reflection on every command. */
    @Bean
    public AccountCommandTargets accountCommandTargets() {
        return new AccountCommandTargets();
    }

    /** Accounts kept in memory between commands unless {@code ledger.account-cache.max-accounts} says otherwise. */
    public static final int DEFAULT_CACHED_ACCOUNTS = 20_000;

    /**
     * Accounts in use stay in memory between commands ({@link AccountCache}): up to
     * {@code ledger.account-cache.max-accounts} (default {@value #DEFAULT_CACHED_ACCOUNTS}, the accounts a busy
     * front-end touches within minutes), held softly so memory pressure takes them back first. On a concurrent write
     * from elsewhere the append fails on the store's unique sequence, the cached copy is dropped, and the command is
     * retried on a fresh load.
     */
    @Bean
    public Cache loanAccountCache(
            @Value("${ledger.account-cache.max-accounts:" + DEFAULT_CACHED_ACCOUNTS + "}") long maximumAccounts) {
        return new AccountCache(maximumAccounts);
    }

    /**
     * The one clock every decision reads; tests replace it to move time. {@code ledger.clock.offset} (off, 0s, by
     * default) runs it that far ahead of the system clock, to rehearse what time does (cool-offs ending, drawdowns
     * going overdue) on a copy of the data; a ledger that serves customers never sets it. It never runs behind:
     * events would then be dated before ones already recorded.
     */
    @Bean
    @ConditionalOnMissingBean
    public Clock clock(@Value("${ledger.clock.offset:0s}") Duration offset) {
        if (offset.isNegative()) {
            throw new IllegalStateException("ledger.clock.offset cannot be negative: " + offset);
        }
        if (offset.isZero()) {
            return Clock.systemUTC();
        }
        log.warn("The ledger's clock runs {} ahead of the system clock (ledger.clock.offset)", offset);
        return Clock.offset(Clock.systemUTC(), offset);
    }

    /** Copies the actor of a command onto the events it causes. */
    @Bean
    public CorrelationDataProvider actorCorrelation() {
        return new SimpleCorrelationDataProvider(LoanAccount.ACTOR);
    }

    /** Axon's default correlation (trace and correlation ids), kept alongside the actor. */
    @Bean
    public CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider();
    }
}
