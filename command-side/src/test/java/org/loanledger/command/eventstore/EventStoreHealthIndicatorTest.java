package org.loanledger.command.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanledger.support.eventstore.EmbeddedEventStoreFiles;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

class EventStoreHealthIndicatorTest {

    @TempDir
    Path dataDir;

    private HikariDataSource dataSource;

    @AfterEach
    void close() {
        dataSource.close();
    }

    private EventStoreHealthIndicator indicator() throws Exception {
        dataSource = (HikariDataSource) EmbeddedEventStoreFiles.dataSource(dataDir.toString(), 1);
        EmbeddedEventStoreFiles.schema(dataSource).afterPropertiesSet();
        return new EventStoreHealthIndicator(dataSource);
    }

    @Test
    void isUpWithTheHeadOfTheStore() throws Exception {
        Health health = indicator().health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("head", -1L);
    }

    @Test
    void isDownOnceH2HasClosedItsStoreUnderOpenConnections() throws Exception {
        EventStoreHealthIndicator indicator = indicator();
        try (Connection connection = dataSource.getConnection()) {
            SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
            session.getDatabase().getStore().getMvStore().closeImmediately();
        }

        assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
    }
}
