package org.loanledger.support.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.JdbcEventStorageEngineStatements;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

class IndexedGapReadsTest {

    /** A plan line for a table read with no index condition: H2 reads every row of the table. */
    private static final String FULL_SCAN = "(?s).*/\\* PUBLIC\\.PRIMARY_KEY_\\w+ \\*/.*";

    private static final EventSchema SCHEMA = new EventSchema();

    @TempDir
    Path dataDir;

    private HikariDataSource dataSource;

    @BeforeEach
    void openStoreWithGaps() throws Exception {
        dataSource = StoreFixture.served(dataDir);
        StoreFixture.append(dataSource, "a-1", 300);
        // Rolled-back appends leave holes in the global index.
        new JdbcTemplate(dataSource).update("DELETE FROM DomainEventEntry WHERE MOD(globalIndex, 7) = 0");
    }

    @AfterEach
    void closeStore() {
        dataSource.close();
    }

    @Test
    void readsTheSameRowsInTheSameOrderAsAxonsStatement() throws Exception {
        Random random = new Random(11);
        try (Connection connection = dataSource.getConnection()) {
            for (int round = 0; round < 200; round++) {
                long index = 1 + random.nextInt(320);
                int batchSize = 1 + random.nextInt(100);
                List<Long> gaps = new ArrayList<>();
                for (long gap = Math.max(1, index - 60); gap < index; gap++) {
                    if (random.nextInt(4) == 0) {
                        gaps.add(gap);
                    }
                }
                if (gaps.isEmpty()) {
                    gaps.add(index - 1 > 0 ? index - 1 : 1);
                }
                List<Long> expected = globalIndexes(JdbcEventStorageEngineStatements.readEventDataWithGaps(
                        connection, SCHEMA, index, batchSize, gaps));
                List<Long> actual = globalIndexes(new IndexedGapReads().build(connection, SCHEMA, index, batchSize, gaps));
                assertThat(actual).as("index %d, batch %d, gaps %s", index, batchSize, gaps).isEqualTo(expected);
            }
        }
    }

    @Test
    void findsTheRangeAndTheGapsThroughThePrimaryKeyWhereAxonsStatementScansTheTable() throws Exception {
        List<Long> gaps = List.of(120L, 130L);
        try (Connection connection = dataSource.getConnection()) {
            String ours = plan(connection, IndexedGapReads.sql(SCHEMA, gaps.size()), 150, 50, gaps);
            assertThat(ours).doesNotMatch(FULL_SCAN).contains("GLOBALINDEX IN(");
            // Axon 4.13's statement, as JdbcEventStorageEngineStatements.readEventDataWithGaps writes it.
            String axonsSql = "SELECT " + SCHEMA.trackedEventFields() + " FROM " + SCHEMA.domainEventTable()
                    + " WHERE (globalIndex > ? AND globalIndex <= ?) OR globalIndex IN (?,?) ORDER BY globalIndex ASC";
            String axons = plan(connection, axonsSql, 150, 50, gaps);
            assertThat(axons).matches(FULL_SCAN);
        }
    }

    private static String plan(Connection connection, String sql, long index, int batchSize, List<Long> gaps)
            throws Exception {
        try (PreparedStatement explain = connection.prepareStatement("EXPLAIN " + sql)) {
            explain.setLong(1, index);
            explain.setLong(2, index + batchSize);
            for (int i = 0; i < gaps.size(); i++) {
                explain.setLong(i + 3, gaps.get(i));
            }
            try (ResultSet plan = explain.executeQuery()) {
                plan.next();
                return plan.getString(1);
            }
        }
    }

    private static List<Long> globalIndexes(PreparedStatement statement) throws Exception {
        List<Long> indexes = new ArrayList<>();
        try (statement; ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                indexes.add(rows.getLong(SCHEMA.globalIndexColumn()));
            }
        }
        return indexes;
    }
}
