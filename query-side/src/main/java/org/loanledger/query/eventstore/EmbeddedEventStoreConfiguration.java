package org.loanledger.query.eventstore;

import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcSQLErrorCodesResolver;
import org.axonframework.serialization.Serializer;
import org.loanledger.support.eventstore.DurablePosition;
import org.loanledger.support.eventstore.EmbeddedEventStoreFiles;
import org.loanledger.support.eventstore.IndexedGapReads;
import org.loanledger.support.eventstore.StoredTimestampEventStorageEngine;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.init.DataSourceInitializer;

/**
 * The embedded default: the query side follows the H2 file the command side writes, through H2's
 * {@code AUTO_SERVER} mode (whichever process opens the file first serves it to the other). In the {@code postgres}
 * profile the same polling engine follows the PostgreSQL database of {@link PostgresEventStoreConfiguration}.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${ledger.event-store:embedded}'.equals('embedded') "
        + "or '${ledger.event-store:embedded}'.equals('postgres')")
public class EmbeddedEventStoreConfiguration {

    /** The query side only reads: one connection per streaming processor and a spare for the admin API. */
    private static final int CONNECTIONS = 6;

    @Bean
    @ConditionalOnProperty(name = "ledger.event-store", havingValue = "embedded", matchIfMissing = true)
    public DataSource eventStoreDataSource(@Value("${ledger.data-dir:./data}") String dataDir) {
        return EmbeddedEventStoreFiles.dataSource(dataDir, CONNECTIONS);
    }

    /** The tables are created if missing so that the query side may start before the command side ever ran. */
    @Bean
    @ConditionalOnProperty(name = "ledger.event-store", havingValue = "embedded", matchIfMissing = true)
    public DataSourceInitializer eventStoreSchema(DataSource eventStoreDataSource) {
        return EmbeddedEventStoreFiles.schema(eventStoreDataSource);
    }

    /**
     * Views and tokens live in MongoDB, so nothing on this side needs a JDBC transaction: a batch of events is read
     * with auto-commit and no connection is pinned while a batch is projected.
     */
    @Bean
    public org.axonframework.common.transaction.TransactionManager axonTransactionManager() {
        return NoTransactionManager.instance();
    }

    /** The account reads that keep what they read (explanations) stop before what is not yet in the file. */
    @Bean
    @ConditionalOnProperty(name = "ledger.event-store", havingValue = "embedded", matchIfMissing = true)
    public DurableEvents durableEvents(DataSource eventStoreDataSource, DurablePosition durableEventPosition) {
        return new H2DurableEvents(eventStoreDataSource, durableEventPosition);
    }

    @Bean
    public JdbcEventTimestamps eventTimestamps(DataSource eventStoreDataSource) {
        return new JdbcEventTimestamps(eventStoreDataSource);
    }

    /**
     * Axon's JDBC engine, reading each event's timestamp once and directly (a rebuild reads every event), and
     * reading a token's gaps through the index ({@link IndexedGapReads}: Axon's statement scanned the store).
     */
    @Bean
    public EventStorageEngine eventStorageEngine(ConnectionProvider connectionProvider,
                                                 Serializer serializer,
                                                 @Qualifier("eventSerializer") Serializer eventSerializer,
                                                 Configuration configuration,
                                                 @Value("${ledger.event-store.read-batch-size:1000}") int readBatchSize) {
        return new StoredTimestampEventStorageEngine(JdbcEventStorageEngine.builder()
                .connectionProvider(connectionProvider)
                .transactionManager(NoTransactionManager.instance())
                .persistenceExceptionResolver(new JdbcSQLErrorCodesResolver())
                .snapshotSerializer(serializer)
                .eventSerializer(eventSerializer)
                .upcasterChain(configuration.upcasterChain())
                .batchSize(readBatchSize)
                .readEventDataWithGaps(new IndexedGapReads()));
    }

    /**
     * How often, in ms, the store is looked at for new events ({@code ledger.event-store.poll-interval-ms}): by the
     * shared poller below and by the watcher that wakes each processor ({@link ProjectionEventsConfiguration}). Each
     * look is a query to the store, and each processor it wakes projects what arrived since as one batch, reading and
     * writing each view it touches once for the whole batch. At a steady 1,000 events a second, 25 ms instead of 10
     * allocated a tenth less per event in process, and the query side took 0.68 and 0.84 of a core instead of 0.94 to
     * 1.05 as deployed, for a lag p50 a few ms longer (BENCHMARKS.md, exploratory runs after 7afa0ae).
     */
    static final String POLL_INTERVAL_MILLIS = "${ledger.event-store.poll-interval-ms:25}";

    /**
     * The command side appends from another process, so nothing here is told about new events: the store polls.
     * The poll interval bounds the projection lag from below; one shared poller serves every processor that is
     * caught up.
     *
     * <p>That poller keeps the last {@code cached-events} events, read and deserialized, for the processors that
     * follow it. Axon keeps 10,000: ten seconds at 1,000 events a second, every one of them old enough to be copied
     * into the old generation, where they were about 30 MB of the query side's 93 MB live heap and refilled it
     * between full collections. The processors follow within a second of each other; one that falls further behind
     * reads from the store itself until it has caught up (BENCHMARKS.md, run 48).
     */
    @Bean
    public EventStore eventStore(EventStorageEngine eventStorageEngine,
                                 @Value(POLL_INTERVAL_MILLIS) long pollIntervalMillis,
                                 @Value("${ledger.event-store.cached-events:1000}") int cachedEvents) {
        return EmbeddedEventStore.builder()
                .storageEngine(eventStorageEngine)
                .fetchDelay(pollIntervalMillis)
                .cachedEvents(cachedEvents)
                .timeUnit(TimeUnit.MILLISECONDS)
                .build();
    }
}
