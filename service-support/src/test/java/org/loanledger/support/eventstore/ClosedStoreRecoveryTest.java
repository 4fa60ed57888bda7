package org.loanledger.support.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * H2 closes a database for good when a write to its file fails (a full disk, an I/O error) or when it is told to.
 * The pool kept handing out the connections of the closed database, so every later request of the service was
 * answered "retry later" for as long as the process lived.
 */
class ClosedStoreRecoveryTest {

    @TempDir
    Path dataDir;

    private HikariDataSource dataSource;

    @AfterEach
    void close() {
        if (dataSource != null) {
            dataSource.close();
        }
    }

    @Test
    void afterH2ClosedTheDatabaseThePoolOpensItAgainWithEveryCommittedRow() throws Exception {
        dataSource = StoreFixture.served(dataDir);
        StoreFixture.append(dataSource, "a-1", 10);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM DomainEventEntry", Integer.class)).isEqualTo(10);

        try (Connection other = DriverManager.getConnection(EmbeddedEventStoreFiles.jdbcUrl(dataDir), "ledger", "");
             Statement statement = other.createStatement()) {
            statement.execute("SHUTDOWN IMMEDIATELY");
        } catch (SQLException closedUnderIt) {
            // The connection that closed the database may be told so itself.
        }
        assertThatThrownBy(() -> jdbc.queryForObject("SELECT COUNT(*) FROM DomainEventEntry", Integer.class))
                .as("a pooled connection of the closed database").isInstanceOf(DataAccessException.class);

        Integer rows = null;
        for (int attempt = 0; attempt < dataSource.getMaximumPoolSize() && rows == null; attempt++) {
            try {
                rows = jdbc.queryForObject("SELECT COUNT(*) FROM DomainEventEntry", Integer.class);
            } catch (DataAccessException stillClosed) {
                // each of the pool's other connections of the closed database fails once
            }
        }
        assertThat(rows).as("rows read once the pool has let go of the closed database's connections").isEqualTo(10);
        StoreFixture.append(dataSource, "a-2", 1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM DomainEventEntry", Integer.class)).isEqualTo(11);
    }
}
