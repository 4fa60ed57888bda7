package org.loanledger.query.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanledger.support.eventstore.DurablePosition;
import org.loanledger.support.eventstore.EmbeddedEventStoreFiles;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

class H2DurableEventsTest {

    @TempDir
    Path dataDir;

    private HikariDataSource store;
    private DurablePosition position;
    private H2DurableEvents durable;

    @BeforeEach
    void open() throws Exception {
        store = (HikariDataSource) EmbeddedEventStoreFiles.dataSource(dataDir.toString(), 3);
        EmbeddedEventStoreFiles.schema(store).afterPropertiesSet();
        position = new DurablePosition(store, dataDir, 5);
        position.refresh();
        durable = new H2DurableEvents(store, position);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static void append(DataSource dataSource, String account, long sequence) {
        new JdbcTemplate(dataSource).update("INSERT INTO DomainEventEntry (aggregateIdentifier, sequenceNumber, type, "
                        + "eventIdentifier, payload, payloadType, timeStamp) VALUES (?, ?, 'LoanAccount', ?, X'7b7d', "
                        + "'test', '2026-12-06T00:00:00Z')",
                account, sequence, UUID.randomUUID().toString());
    }

    @Test
    void namesNoEventWhenThePositionCoversThemAll() {
        append(store, "a-1", 0);
        append(store, "a-1", 1);
        position.refresh();

        assertThat(durable.firstNotDurable("a-1", 0)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void namesTheFirstEventAboveThePosition() {
        append(store, "a-1", 0);
        position.refresh();
        append(store, "a-1", 1);
        append(store, "a-1", 2);

        assertThat(durable.firstNotDurable("a-1", 0)).isEqualTo(1);
        assertThat(durable.firstNotDurable("a-2", 0)).as("another account").isEqualTo(Long.MAX_VALUE);

        position.refresh();
        assertThat(durable.firstNotDurable("a-1", 0)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void namesAnEventWhoseIndexThePositionHoldsBack() throws Exception {
        append(store, "a-1", 0);
        try (Connection slow = store.getConnection()) {
            slow.setAutoCommit(false);
            append(new SingleConnectionDataSource(slow, true), "a-1", 1);
            append(store, "a-2", 0);
            position.refresh();
            slow.commit();
        }
        assertThat(position.heldBack()).hasSize(1);

        assertThat(durable.firstNotDurable("a-1", 0)).as("committed after a later index was published").isEqualTo(1);
        assertThat(durable.firstNotDurable("a-2", 0)).isEqualTo(Long.MAX_VALUE);

        position.refresh();
        assertThat(durable.firstNotDurable("a-1", 0)).isEqualTo(Long.MAX_VALUE);
    }
}
