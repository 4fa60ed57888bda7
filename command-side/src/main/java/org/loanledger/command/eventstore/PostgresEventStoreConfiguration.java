package org.loanledger.command.eventstore;

import javax.sql.DataSource;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.loanledger.support.eventstore.PostgresEventStore;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The {@code postgres} profile: Axon's {@code JdbcEventStorageEngine} (set up by Axon's Spring Boot auto-configuration
 * once a {@link DataSource} exists) on PostgreSQL, with the deadline table in the same database so a deadline is
 * still written in the transaction of the event that set it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "ledger.event-store", havingValue = "postgres")
public class PostgresEventStoreConfiguration {

    @Bean
    public DataSource eventStoreDataSource(Environment environment) {
        DataSource dataSource = PostgresEventStore.dataSource(environment, "event-store",
                environment.getProperty("ledger.postgres.pool-size", Integer.class, 16));
        PostgresEventStore.createSchema(dataSource, "db/postgres-deadlines.sql");
        return dataSource;
    }

    @Bean
    public PersistenceExceptionResolver persistenceExceptionResolver() {
        return PostgresEventStore.duplicateKeyResolver();
    }
}
