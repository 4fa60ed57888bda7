package org.loanledger.support.eventstore;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * What the process that serves the embedded H2 file does, in both services, since either may be the one: it
 * publishes how far the file is durable ({@link DurablePosition}; the query side's projections read nothing above
 * it) and keeps the file compact ({@link H2StoreCompactor}).
 */
@AutoConfiguration
@ConditionalOnProperty(name = "ledger.event-store", havingValue = "embedded", matchIfMissing = true)
public class ServedStoreConfiguration {

    /** The commits of this process's event writers under way; a process that writes wraps its pool to count them. */
    @Bean
    public CommitsInFlight eventStoreCommitsInFlight() {
        return new CommitsInFlight();
    }

    @Bean
    public DurablePosition durableEventPosition(@Qualifier("eventStoreDataSource") DataSource eventStoreDataSource,
                                                CommitsInFlight eventStoreCommitsInFlight,
                                                @Value("${ledger.data-dir:./data}") String dataDir,
                                                @Value("${ledger.event-store.durable-interval-ms:5}") long intervalMillis) {
        return new DurablePosition(eventStoreDataSource, eventStoreCommitsInFlight, Path.of(dataDir), intervalMillis);
    }

    @Bean
    public H2StoreCompactor h2StoreCompactor(@Qualifier("eventStoreDataSource") DataSource eventStoreDataSource,
                                             @Value("${ledger.h2.compact-interval-ms:250}") long intervalMillis,
                                             @Value("${ledger.h2.compact-fill-rate:50}") int targetFillRate) {
        return new H2StoreCompactor(eventStoreDataSource, intervalMillis, targetFillRate);
    }
}
