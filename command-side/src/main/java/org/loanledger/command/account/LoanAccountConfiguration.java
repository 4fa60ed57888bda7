package org.loanledger.command.account;

import java.time.Clock;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** How LoanAccount aggregates are loaded and what their handlers are given. */
@Configuration(proxyBeanMethods = false)
public class LoanAccountConfiguration {

    /**
     * A snapshot every {@code ledger.snapshot.every-events} events (default 500), so loading an account reads at
     * most that many events after its latest snapshot however long its history. A snapshot carries the account's
     * idempotency memory (up to about 350 KB at 1,000 remembered requests), so it is not taken more often.
     */
    @Bean
    public SnapshotTriggerDefinition loanAccountSnapshotTrigger(Snapshotter snapshotter,
                                                                @Value("${ledger.snapshot.every-events:500}") int threshold) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, threshold);
    }

    /**
     * Accounts in use stay in memory between commands. On a concurrent write from elsewhere the append fails on the
     * store's unique sequence, the cached copy is dropped, and the command is retried on a fresh load.
     */
    @Bean
    public Cache loanAccountCache() {
        return new WeakReferenceCache();
    }

    /** The one clock every decision reads; tests replace it to move time. */
    @Bean
    @ConditionalOnMissingBean
    public Clock clock() {
        return Clock.systemUTC();
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
