package org.loanledger.support.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/** What becomes of the store when something goes wrong under it, in the process that serves it. */
class StoreFailuresTest {

    private static final int WRITES = 3_000;

    @TempDir
    Path dataDir;

    private HikariDataSource dataSource;

    @AfterEach
    void close() {
        if (dataSource != null) {
            dataSource.close();
        }
    }

    /**
     * A thread interrupted while it writes the store: Reactor interrupts a worker whose request was cancelled (the
     * client went away) and Axon one whose unit of work ran past its timeout. Java closes a {@code FileChannel} that
     * an interrupted thread is using, and H2 then closed the whole database: every later command of every client
     * failed until the process was restarted.
     */
    @Test
    void aWriterInterruptedAgainAndAgainLeavesTheStoreOpenWithEveryAcknowledgedRow() throws Exception {
        dataSource = StoreFixture.served(dataDir);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        List<String> acknowledged = new ArrayList<>();
        AtomicBoolean done = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            for (int i = 0; i < WRITES; i++) {
                String id = UUID.randomUUID().toString();
                try {
                    jdbc.update("INSERT INTO DomainEventEntry (aggregateIdentifier, sequenceNumber, type, "
                            + "eventIdentifier, payload, payloadType, timeStamp) VALUES ('a-1', ?, 'LoanAccount', ?, "
                            + "X'7b7d', 'test', '2026-11-29T00:00:00Z')", i, id);
                    acknowledged.add(id);
                } catch (RuntimeException refused) {
                    // An interrupted write may be refused; only acknowledged ones must be kept.
                }
                Thread.interrupted();
            }
            done.set(true);
        }, "interrupted-writer");
        writer.start();
        int interrupts = 0;
        while (!done.get()) {
            writer.interrupt();
            interrupts++;
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(50));
        }
        writer.join();

        assertThat(interrupts).as("the writer was interrupted while it wrote").isGreaterThan(100);
        assertThat(acknowledged).as("writes acknowledged despite the interrupts").hasSizeGreaterThan(WRITES / 2);
        jdbc.update("INSERT INTO DomainEventEntry (aggregateIdentifier, sequenceNumber, type, eventIdentifier, "
                + "payload, payloadType, timeStamp) VALUES ('a-2', 0, 'LoanAccount', ?, X'7b7d', 'test', "
                + "'2026-11-29T00:00:00Z')", UUID.randomUUID().toString());
        assertThat(jdbc.queryForList("SELECT eventIdentifier FROM DomainEventEntry WHERE aggregateIdentifier = 'a-1'",
                String.class)).as("every acknowledged row is stored").containsAll(acknowledged);
    }

    /**
     * H2 closes a database for good when a write to its file fails (a full disk, an I/O error) or when it is told
     * to. The pool kept handing out the connections of the closed database, so every later request of the service
     * was answered "retry later" for as long as the process lived.
     */
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
