package org.loanledger.command.account;

import java.time.Clock;
import javax.sql.DataSource;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.loanledger.shared.risk.RiskPolicies;

/**
 * The LoanAccount aggregate in a plain Axon configuration over the embedded event store's H2 file, configured as
 * Axon's Spring Boot configuration builds it (Spring's transactions on the store's data source, the snapshot filter
 * the aggregate's revision implies), at the test data's clock and limits and with no risk rules.
 */
final class EmbeddedStoreLedger {

    private EmbeddedStoreLedger() {
    }

    /** A started configuration; the caller shuts it down. */
    static Configuration start(DataSource dataSource, TransactionManager transactions, Serializer serializer,
                               AggregateConfigurer<LoanAccount> aggregate) {
        Configuration axon = DefaultConfigurer.defaultConfiguration(false)
                .configureSerializer(c -> serializer)
                .configureEventSerializer(c -> serializer)
                .configureMessageSerializer(c -> serializer)
                .configureEmbeddedEventStore(c -> JdbcEventStorageEngine.builder()
                        .connectionProvider(new SpringDataSourceConnectionProvider(dataSource))
                        .transactionManager(transactions)
                        .eventSerializer(serializer)
                        .snapshotSerializer(serializer)
                        // Asked at each read: the configuration collects the filter from the aggregate, whose
                        // repository needs this store.
                        .snapshotFilter(snapshot -> c.snapshotFilter().allow(snapshot))
                        .build())
                .configureTransactionManager(c -> transactions)
                .configureAggregate(aggregate)
                .registerComponent(Clock.class, c -> AccountTestData.CLOCK)
                .registerComponent(LedgerLimits.class, c -> AccountTestData.LIMITS)
                .registerComponent(RiskPolicies.class, c -> AccountTestData.NO_RULES)
                .buildConfiguration();
        axon.start();
        return axon;
    }
}
