package org.loanledger.command.eventstore;

import javax.sql.DataSource;
import org.loanledger.support.eventstore.CommitTrackingDataSource;
import org.loanledger.support.eventstore.CommitsInFlight;
import org.loanledger.support.eventstore.EmbeddedEventStoreFiles;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.init.DataSourceInitializer;

/**
 * The embedded default event store: Axon's {@code JdbcEventStorageEngine} (set up by Axon's Spring Boot
 * auto-configuration once a {@link DataSource} exists) on the H2 file of {@link EmbeddedEventStoreFiles}, which the
 * command side opens first; whichever process serves it keeps it compact
 * ({@link org.loanledger.support.eventstore.H2StoreCompactor}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "ledger.event-store", havingValue = "embedded", matchIfMissing = true)
public class EmbeddedEventStoreConfiguration {

    /** Commands run on worker threads; each holds a connection only while it loads and appends. */
    private static final int CONNECTIONS = 8;

    /**
     * The pool, with every commit counted while it is under way, so the durable position never takes a commit for
     * written before it has returned ({@link org.loanledger.support.eventstore.DurablePosition}).
     */
    @Bean
    public CommitTrackingDataSource eventStoreDataSource(@Value("${ledger.data-dir:./data}") String dataDir,
                                                         CommitsInFlight eventStoreCommitsInFlight) {
        return new CommitTrackingDataSource(EmbeddedEventStoreFiles.dataSource(dataDir, CONNECTIONS),
                eventStoreCommitsInFlight);
    }

    /** The event store's tables and the deadline table the sweep reads. */
    @Bean
    public DataSourceInitializer eventStoreSchema(DataSource eventStoreDataSource) {
        return EmbeddedEventStoreFiles.schema(eventStoreDataSource, "db/h2-deadlines.sql");
    }


    /** Health DOWN when the store no longer answers, as after H2 closed it on a failed write. */
    @Bean
    public EventStoreHealthIndicator eventStoreHealthIndicator(DataSource eventStoreDataSource) {
        return new EventStoreHealthIndicator(eventStoreDataSource);
    }
}
