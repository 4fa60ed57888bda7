package org.loanledger.support.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A thread interrupted while it writes the store: Reactor interrupts a worker whose request was cancelled (the
 * client went away) and Axon one whose unit of work ran past its timeout. Java closes a {@code FileChannel} that an
 * interrupted thread is using, and H2 then closes the whole database: every later command of every client failed
 * until the process was restarted.
 */
class InterruptedWriterTest {

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
}
