package org.loanledger.query.eventstore;

import javax.sql.DataSource;
import org.loanledger.support.eventstore.PostgresEventStore;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The {@code postgres} profile: the query side follows the PostgreSQL database the command side appends to, with the
 * polling engine of {@link EmbeddedEventStoreConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "ledger.event-store", havingValue = "postgres")
public class PostgresEventStoreConfiguration {

    /** The tables are created if missing so that the query side may start before the command side ever ran. */
    @Bean
    public DataSource eventStoreDataSource(Environment environment) {
        DataSource dataSource = PostgresEventStore.dataSource(environment, "event-store",
                environment.getProperty("ledger.postgres.pool-size", Integer.class, 6));
        PostgresEventStore.createSchema(dataSource);
        return dataSource;
    }
}
