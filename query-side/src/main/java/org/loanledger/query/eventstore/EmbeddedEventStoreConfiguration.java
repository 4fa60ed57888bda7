package org.loanledger.query.eventstore;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.DataSourceInitializer;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * The embedded default: the query side follows the H2 file the command side writes, through H2's
 * {@code AUTO_SERVER} mode (whichever process opens the file first serves it to the other).
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "ledger.event-store", havingValue = "embedded", matchIfMissing = true)
public class EmbeddedEventStoreConfiguration {

    /** The file name, without H2's {@code .mv.db} suffix, of the event store inside the data directory. */
    public static final String DATABASE_NAME = "events";

    @Bean
    public DataSource eventStoreDataSource(@Value("${ledger.data-dir:./data}") String dataDir) throws Exception {
        Path directory = Path.of(dataDir).toAbsolutePath().normalize();
        Files.createDirectories(directory);
        HikariConfig config = new HikariConfig();
        config.setPoolName("event-store");
        config.setJdbcUrl(jdbcUrl(directory));
        config.setUsername("ledger");
        config.setPassword("");
        // The query side only reads: one connection per streaming processor and a spare for the admin API.
        config.setMaximumPoolSize(6);
        config.setAutoCommit(true);
        return new HikariDataSource(config);
    }

    /** The command side owns the schema; creating it here too only lets the query side start first. */
    @Bean
    public DataSourceInitializer eventStoreSchema(DataSource eventStoreDataSource) {
        DataSourceInitializer initializer = new DataSourceInitializer();
        initializer.setDataSource(eventStoreDataSource);
        initializer.setDatabasePopulator(new ResourceDatabasePopulator(new ClassPathResource("db/h2-event-store.sql")));
        return initializer;
    }

    /**
     * Views and tokens live in MongoDB, so nothing on this side needs a JDBC transaction: a batch of events is read
     * with auto-commit and no connection is pinned while a batch is projected.
     */
    @Bean
    public org.axonframework.common.transaction.TransactionManager axonTransactionManager() {
        return NoTransactionManager.instance();
    }

    @Bean
    public EventStorageEngine eventStorageEngine(ConnectionProvider connectionProvider,
                                                 Serializer serializer,
                                                 @Qualifier("eventSerializer") Serializer eventSerializer,
                                                 Configuration configuration,
                                                 @Value("${ledger.event-store.read-batch-size:1000}") int readBatchSize) {
        return JdbcEventStorageEngine.builder()
                .connectionProvider(connectionProvider)
                .transactionManager(NoTransactionManager.instance())
                .persistenceExceptionResolver(new JdbcSQLErrorCodesResolver())
                .snapshotSerializer(serializer)
                .eventSerializer(eventSerializer)
                .upcasterChain(configuration.upcasterChain())
                .batchSize(readBatchSize)
                .build();
    }

    /**
     * The command side appends from another process, so nothing here is told about new events: the store polls.
     * The poll interval bounds the projection lag from below; one shared poller serves every processor that is
     * caught up.
     */
    @Bean
    public EventStore eventStore(EventStorageEngine eventStorageEngine,
                                 @Value("${ledger.event-store.poll-interval-ms:10}") long pollIntervalMillis) {
        return EmbeddedEventStore.builder()
                .storageEngine(eventStorageEngine)
                .fetchDelay(pollIntervalMillis)
                .timeUnit(TimeUnit.MILLISECONDS)
                .build();
    }

    /** The JDBC URL the command side uses for the same directory; H2 needs an absolute path. */
    public static String jdbcUrl(Path directory) {
        return "jdbc:h2:file:" + directory.resolve(DATABASE_NAME).toAbsolutePath()
                + ";WRITE_DELAY=0;RETENTION_TIME=0;AUTO_SERVER=TRUE";
    }
}
