package org.loanledger.command.eventstore;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.DataSourceInitializer;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * The embedded default event store: Axon's {@code JdbcEventStorageEngine} (set up by Axon's Spring Boot
 * auto-configuration once a {@link DataSource} exists) on an H2 file under {@code ledger.data-dir}.
 *
 * <p>Durability: H2's defaults acknowledge a commit up to a second before it reaches the file, and lose it on
 * {@code kill -9}. {@code WRITE_DELAY=0} writes every commit before it is acknowledged; {@code RETENTION_TIME=0}
 * lets freed space be reused at once, and {@link H2StoreCompactor} does the compaction H2's background writer no
 * longer does. {@code AUTO_SERVER=TRUE} lets the query side, a separate process, read the same file.
 */
@Configuration(proxyBeanMethods = false)
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
        config.setMaximumPoolSize(8);
        config.setAutoCommit(true);
        return new HikariDataSource(config);
    }

    @Bean
    public DataSourceInitializer eventStoreSchema(DataSource eventStoreDataSource) {
        DataSourceInitializer initializer = new DataSourceInitializer();
        initializer.setDataSource(eventStoreDataSource);
        initializer.setDatabasePopulator(new ResourceDatabasePopulator(new ClassPathResource("db/h2-event-store.sql")));
        return initializer;
    }

    @Bean
    public H2StoreCompactor h2StoreCompactor(DataSource eventStoreDataSource,
                                             @Value("${ledger.h2.compact-interval-ms:250}") long intervalMillis) {
        return new H2StoreCompactor(eventStoreDataSource, intervalMillis);
    }

    /** The JDBC URL both services use for the event store in {@code directory}; H2 needs an absolute path. */
    public static String jdbcUrl(Path directory) {
        return "jdbc:h2:file:" + directory.resolve(DATABASE_NAME).toAbsolutePath()
                + ";WRITE_DELAY=0;RETENTION_TIME=0;AUTO_SERVER=TRUE";
    }
}
