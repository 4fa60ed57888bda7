package org.loanledger.support.eventstore;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Both services on the embedded H2 store run a {@link DurablePosition}: whichever serves the file publishes how far
 * it is durable, the query side's projections read nothing above it.
 */
@AutoConfiguration
@ConditionalOnProperty(name = "ledger.event-store", havingValue = "embedded", matchIfMissing = true)
public class DurablePositionConfiguration {

    @Bean
    public DurablePosition durableEventPosition(@Qualifier("eventStoreDataSource") DataSource eventStoreDataSource,
                                                @Value("${ledger.data-dir:./data}") String dataDir,
                                                @Value("${ledger.event-store.durable-interval-ms:5}") long intervalMillis) {
        return new DurablePosition(eventStoreDataSource, Path.of(dataDir), intervalMillis);
    }
}
