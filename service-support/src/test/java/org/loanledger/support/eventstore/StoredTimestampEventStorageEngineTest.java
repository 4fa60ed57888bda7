package org.loanledger.support.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

class StoredTimestampEventStorageEngineTest {

    @TempDir
    Path dataDir;

    private HikariDataSource dataSource;
    private JdbcTemplate jdbc;
    private JdbcEventStorageEngine axons;
    private JdbcEventStorageEngine stored;

    @BeforeEach
    void openStore() throws Exception {
        dataSource = (HikariDataSource) EmbeddedEventStoreFiles.dataSource(dataDir.toString(), 2);
        EmbeddedEventStoreFiles.schema(dataSource).afterPropertiesSet();
        jdbc = new JdbcTemplate(dataSource);
        axons = builder().build();
        stored = new StoredTimestampEventStorageEngine(builder());
    }

    @AfterEach
    void closeStore() {
        dataSource.close();
    }

    private JdbcEventStorageEngine.Builder builder() {
        ConnectionProvider connections = new DataSourceConnectionProvider(dataSource);
        JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
        return JdbcEventStorageEngine.builder()
                .connectionProvider(connections)
                .transactionManager(NoTransactionManager.instance())
                .snapshotSerializer(serializer)
                .eventSerializer(serializer)
                .batchSize(4);
    }

    private void append(String account, long sequence, String timestamp) {
        jdbc.update("INSERT INTO DomainEventEntry (aggregateIdentifier, sequenceNumber, type, eventIdentifier, "
                        + "payload, payloadType, metaData, timeStamp) VALUES (?, ?, 'LoanAccount', ?, X'227822', "
                        + "'java.lang.String', X'7b7d', ?)",
                account, sequence, UUID.randomUUID().toString(), timestamp);
    }

    @Test
    void tracksTheSameEventsTokensAndGapsAsAxonsEngineWithTheSameTimestamps() {
        String recent = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.MILLIS).toString();
        String[] old = {"2026-11-29T00:00:00Z", "2026-11-29T00:00:00.5Z", "2026-11-29T08:00:00.123+08:00",
            "2026-11-29T00:00:01.123456789Z", "2026-11-29T00:00:02.000Z"};
        for (int i = 0; i < old.length; i++) {
            append("a-1", i, old[i]);
        }
        for (int i = 0; i < 6; i++) {
            append("a-2", i, recent);
        }
        // Gaps in the global sequence, as a rolled-back append leaves them: one among old events, one among recent.
        jdbc.update("DELETE FROM DomainEventEntry WHERE aggregateIdentifier = 'a-1' AND sequenceNumber = 2");
        jdbc.update("DELETE FROM DomainEventEntry WHERE aggregateIdentifier = 'a-2' AND sequenceNumber = 2");

        List<String> expected = tracked(axons);
        List<String> actual = tracked(stored);

        assertThat(actual).hasSize(9).isEqualTo(expected);
        assertThat(actual.get(1)).contains("2026-11-29T00:00:00.500Z");
        // Axon keeps the gap among the recent events in the token: the copy of its tracking read must too.
        assertThat(actual).anyMatch(line -> line.contains("gaps=[") && !line.contains("gaps=[]"));
    }

    @Test
    void readsAnAccountsEventsWithTheirTimestamps() {
        append("a-1", 0, "2026-11-29T00:00:00Z");
        append("a-1", 1, "2026-11-29T00:00:00.25Z");
        append("a-1", 2, "2026-11-29T09:30:00+08:00");

        List<Instant> timestamps = stored.readEvents("a-1").asStream()
                .map(DomainEventMessage::getTimestamp).collect(Collectors.toList());

        assertThat(timestamps).containsExactly(Instant.parse("2026-11-29T00:00:00Z"),
                Instant.parse("2026-11-29T00:00:00.25Z"), Instant.parse("2026-11-29T01:30:00Z"));
        assertThat(timestamps).isEqualTo(axons.readEvents("a-1").asStream()
                .map(DomainEventMessage::getTimestamp).collect(Collectors.toList()));
    }

    private static List<String> tracked(JdbcEventStorageEngine engine) {
        return engine.readEvents(null, false)
                .map(StoredTimestampEventStorageEngineTest::describe)
                .collect(Collectors.toList());
    }

    private static String describe(TrackedEventMessage<?> event) {
        DomainEventMessage<?> domain = (DomainEventMessage<?>) event;
        return domain.getAggregateIdentifier() + "#" + domain.getSequenceNumber() + " " + event.getIdentifier()
                + " at " + event.getTimestamp() + " token " + event.trackingToken() + " payload " + event.getPayload();
    }
}
