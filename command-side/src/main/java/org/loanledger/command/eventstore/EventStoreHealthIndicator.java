package org.loanledger.command.eventstore;

import java.sql.Connection;
import javax.sql.DataSource;
import org.loanledger.support.eventstore.EmbeddedEventStoreFiles;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * The embedded event store is healthy when it answers a read of its head. H2 closes its store after a failed write
 * (a full disk, memory it could not get) while the JDBC connections still look valid, so the connection check of
 * the {@code db} indicator stays UP and every command fails; this one goes DOWN, and an orchestrator restarts the
 * service, which reopens the file.
 */
public class EventStoreHealthIndicator extends AbstractHealthIndicator {

    private final DataSource dataSource;

    public EventStoreHealthIndicator(DataSource dataSource) {
        super("The event store cannot be read");
        this.dataSource = dataSource;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            builder.up().withDetail("head", EmbeddedEventStoreFiles.head(connection));
        }
    }
}
