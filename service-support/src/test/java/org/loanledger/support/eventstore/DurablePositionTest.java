package org.loanledger.support.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

class DurablePositionTest {

    @TempDir
    Path dataDir;

    private HikariDataSource dataSource;
    private Server server;

    @AfterEach
    void close() {
        if (dataSource != null) {
            dataSource.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    private DataSource servedHere() throws Exception {
        dataSource = StoreFixture.served(dataDir);
        return dataSource;
    }

    private static void append(DataSource dataSource, String account, int events) {
        StoreFixture.append(dataSource, account, events);
    }

    /** A connection whose transaction has appended one event to {@code account} and is still open. */
    private static Connection openTransaction(DataSource dataSource, String account) throws SQLException {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        append(new SingleConnectionDataSource(connection, true), account, 1);
        return connection;
    }

    private static long index(DataSource dataSource, String account) {
        return new JdbcTemplate(dataSource).queryForObject(
                "SELECT globalIndex FROM DomainEventEntry WHERE aggregateIdentifier = ?", Long.class, account);
    }

    private PositionFile file() {
        return new PositionFile(dataDir.resolve(DurablePosition.FILE_NAME));
    }

    /** What a follower reads: the position, then the held-back indexes on a second line if there are any. */
    private String published() throws Exception {
        PositionFile.Publication publication = file().read().orElseThrow();
        return publication.position() + (publication.heldBack().length == 0 ? "" : "\n" + Arrays.stream(
                publication.heldBack()).mapToObj(Long::toString).collect(Collectors.joining(" ")));
    }

    /** Publishes as the serving process does. */
    private void publish(long position, long... heldBack) throws Exception {
        file().publish(position, heldBack, System.currentTimeMillis());
    }

    /**
     * H2 shows a commit before it has flipped its rows and cleared its undo log; a write taken meanwhile can keep the
     * transaction as rows that read as never written after a restart. So a round writes only once the commits under
     * way when it read have returned.
     */
    @Nested
    class CommitsUnderWay {

        private final CommitsInFlight commits = new CommitsInFlight();
        private DataSource store;
        private DurablePosition position;
        /** A commit that began before the round reads, and the index of an event visible when it reads. */
        private long underWay;
        private long appended;

        @BeforeEach
        void anEventVisibleWhileACommitIsUnderWay() throws Exception {
            store = servedHere();
            position = new DurablePosition(store, commits, dataDir, 5);
            position.refresh();
            underWay = commits.beginning();
            append(store, "a-1", 1);
            appended = index(store, "a-1");
        }

        @Test
        void aRoundPublishesNothingUntilTheCommitsUnderWayWhenItReadHaveReturned() throws Exception {
            CompletableFuture<Long> round = CompletableFuture.supplyAsync(position::refresh);
            await("the round waiting for the commit under way").during(Duration.ofMillis(200))
                    .atMost(Duration.ofSeconds(5)).until(() -> !round.isDone());
            assertThat(position.covers(appended)).isFalse();

            commits.returned(underWay);

            assertThat(round.get(5, TimeUnit.SECONDS)).isEqualTo(appended);
            assertThat(published()).isEqualTo(Long.toString(appended));
        }

        @Test
        void aCommitThatDoesNotReturnWithinTheBoundFailsTheRoundAndTheNextOneWaitsAgain() {
            position.refresh();
            assertThat(position.covers(appended)).as("the round failed after its bound").isFalse();

            commits.returned(underWay);
            assertThat(position.refresh()).isEqualTo(appended);
        }
    }

    @Nested
    class TheProcessServingTheStore {

        @Test
        void publishesMinusOneForAnEmptyStore() throws Exception {
            DurablePosition position = new DurablePosition(servedHere(), dataDir, 5);

            assertThat(position.refresh()).isEqualTo(-1);
            assertThat(published()).isEqualTo("-1");
        }

        @Test
        void publishesTheHighestIndexOnceItIsInTheFile() throws Exception {
            DataSource store = servedHere();
            DurablePosition position = new DurablePosition(store, dataDir, 5);
            append(store, "a-1", 3);

            long durable = position.refresh();

            long highest = new JdbcTemplate(store).queryForObject("SELECT MAX(globalIndex) FROM DomainEventEntry",
                    Long.class);
            assertThat(durable).isEqualTo(highest).isEqualTo(position.current());
            assertThat(published()).isEqualTo(Long.toString(highest));
        }

        @Test
        void holdsBackAnIndexWhoseTransactionCommitsAfterAHigherOne() throws Exception {
            DataSource store = servedHere();
            DurablePosition position = new DurablePosition(store, dataDir, 5);
            position.refresh();
            try (Connection slow = openTransaction(store, "a-slow")) {
                append(store, "a-fast", 1);
                long slowIndex = index(new SingleConnectionDataSource(slow, true), "a-slow");
                long fastIndex = index(store, "a-fast");
                assertThat(slowIndex).isLessThan(fastIndex);

                position.refresh();
                assertThat(position.current()).isEqualTo(fastIndex);
                assertThat(position.covers(fastIndex)).isTrue();
                assertThat(position.covers(slowIndex)).as("taken, not yet committed").isFalse();
                assertThat(published()).isEqualTo(fastIndex + "\n" + slowIndex);

                slow.commit();
                assertThat(position.covers(slowIndex))
                        .as("committed, and visible, but not yet seen to be in the file by a round").isFalse();
            }

            position.refresh();
            assertThat(position.covers(index(store, "a-slow"))).isTrue();
            assertThat(position.heldBack()).isEmpty();
            assertThat(published()).isEqualTo(Long.toString(position.current()));
        }

        @Test
        void givesUpAGapOnceItIsFurtherBelowTheHighestIndexThanTheLargestGapOfTheReads() throws Exception {
            DataSource store = servedHere();
            DurablePosition position = new DurablePosition(store, dataDir, 5);
            position.refresh();
            try (Connection rolledBack = openTransaction(store, "a-refused")) {
                append(store, "a-1", 1);
                rolledBack.rollback();
            }
            position.refresh();
            List<Long> gap = position.heldBack();
            assertThat(gap).hasSize(1);
            append(store, "a-2", 3);
            position.refresh();
            assertThat(position.heldBack()).as("a rolled-back index stays a gap for a while").isEqualTo(gap);
            assertThat(position.covers(position.current())).isTrue();

            new JdbcTemplate(store).update("INSERT INTO DomainEventEntry (aggregateIdentifier, sequenceNumber, type, "
                    + "eventIdentifier, payload, payloadType, timeStamp) SELECT 'a-bulk', X, 'LoanAccount', "
                    + "RANDOM_UUID(), X'7b7d', 'test', '2026-11-29T00:00:00Z' FROM SYSTEM_RANGE(0, ?)",
                    DurablePosition.MAX_GAP_OFFSET);
            position.refresh();

            assertThat(position.heldBack()).isEmpty();
            assertThat(position.covers(gap.get(0))).isTrue();
        }

        @Test
        void movesOnAsEventsArrive() throws Exception {
            DataSource store = servedHere();
            DurablePosition position = new DurablePosition(store, dataDir, 5);
            append(store, "a-1", 1);
            long first = position.refresh();

            append(store, "a-2", 2);

            assertThat(position.refresh()).isGreaterThan(first);
        }
    }

    @Nested
    class AProcessConnectedToAnotherOne {

        private DataSource remote() throws Exception {
            servedHere();
            server = Server.createTcpServer("-tcpPort", "0", "-ifExists").start();
            HikariDataSource remote = new HikariDataSource();
            remote.setJdbcUrl(StoreFixture.remoteUrl(server, dataDir));
            remote.setUsername("ledger");
            remote.setPassword("");
            remote.setMaximumPoolSize(1);
            return remote;
        }

        @Test
        void followsWhatTheServingProcessPublished() throws Exception {
            try (HikariDataSource remote = (HikariDataSource) remote()) {
                DurablePosition follower = new DurablePosition(remote, dataDir, 5);
                publish(42);

                assertThat(follower.refresh()).isEqualTo(42);
            }
        }

        @Test
        void followsTheIndexesTheServingProcessHoldsBack() throws Exception {
            try (HikariDataSource remote = (HikariDataSource) remote()) {
                DurablePosition follower = new DurablePosition(remote, dataDir, 5);
                publish(42, 38, 40);

                assertThat(follower.refresh()).isEqualTo(42);
                assertThat(follower.heldBack()).containsExactly(38L, 40L);
                assertThat(follower.covers(37)).isTrue();
                assertThat(follower.covers(38)).isFalse();
                assertThat(follower.covers(39)).isTrue();
                assertThat(follower.covers(40)).isFalse();
                assertThat(follower.covers(42)).isTrue();
                assertThat(follower.covers(43)).isFalse();
            }
        }

        @Test
        void holdsBackWhatThePublishedPositionDoesNotCover() throws Exception {
            try (HikariDataSource remote = (HikariDataSource) remote()) {
                append(remote, "a-1", 2);
                publish(-1);
                DurablePosition follower = new DurablePosition(remote, dataDir, 5);

                assertThat(follower.refresh()).isEqualTo(-1);
            }
        }

        @Test
        void readsEverythingFromAProcessThatPublishesNothing() throws Exception {
            try (HikariDataSource remote = (HikariDataSource) remote()) {
                DurablePosition follower = new DurablePosition(remote, dataDir, 5);

                assertThat(follower.refresh()).isEqualTo(Long.MAX_VALUE);
            }
        }

        @Test
        void stopsWaitingForAPositionNoLongerPublished() throws Exception {
            try (HikariDataSource remote = (HikariDataSource) remote()) {
                file().publish(7, new long[0], System.currentTimeMillis() - DurablePosition.STALE_AFTER.toMillis() - 1_000);
                DurablePosition follower = new DurablePosition(remote, dataDir, 5);

                assertThat(follower.refresh()).isEqualTo(Long.MAX_VALUE);
            }
        }

        @Test
        void readsEverythingFromAProcessThatPublishesTheTextOfAnEarlierRelease() throws Exception {
            try (HikariDataSource remote = (HikariDataSource) remote()) {
                Files.writeString(dataDir.resolve(DurablePosition.FILE_NAME), "42");
                DurablePosition follower = new DurablePosition(remote, dataDir, 5);

                assertThat(follower.refresh()).isEqualTo(Long.MAX_VALUE);
            }
        }

        @Test
        void keepsWhatItKnewWhileThePublisherDiedWritingAPublication() throws Exception {
            try (HikariDataSource remote = (HikariDataSource) remote()) {
                publish(42, 38);
                DurablePosition follower = new DurablePosition(remote, dataDir, 5);
                assertThat(follower.refresh()).isEqualTo(42);

                PositionFileTest.leaveHalfWritten(dataDir.resolve(DurablePosition.FILE_NAME), 50);

                assertThat(follower.refresh()).isEqualTo(42);
                assertThat(follower.heldBack()).containsExactly(38L);
                publish(51);
                assertThat(follower.refresh()).as("published over by the next serving process").isEqualTo(51);
            }
        }

        @Test
        void followsAFileReplacedAfterItWasMapped() throws Exception {
            try (HikariDataSource remote = (HikariDataSource) remote()) {
                file().publish(42, new long[0], System.currentTimeMillis() - 4 * DurablePosition.HEARTBEAT.toMillis());
                DurablePosition follower = new DurablePosition(remote, dataDir, 5);
                assertThat(follower.refresh()).isEqualTo(42);

                Files.delete(dataDir.resolve(DurablePosition.FILE_NAME));
                publish(60);

                await("the replaced file mapped again, once a heartbeat at most").atMost(Duration.ofSeconds(5))
                        .until(follower::refresh, position -> position == 60);
            }
        }
    }

    @Test
    void anOutageOfTheStoreIsLoggedOnceAndItsEndOnce() throws Exception {
        DataSource store = servedHere();
        append(store, "a-1", 2);
        AtomicBoolean away = new AtomicBoolean();
        DataSource flaky = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, arguments) -> {
                    if (away.get() && method.getName().equals("getConnection")) {
                        throw new SQLException("the store is away");
                    }
                    try {
                        return method.invoke(store, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        DurablePosition position = new DurablePosition(flaky, dataDir, 5);
        Logger logger = (Logger) LoggerFactory.getLogger(DurablePosition.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try {
            assertThat(position.refresh()).isEqualTo(2);
            away.set(true);
            for (int round = 0; round < 50; round++) {
                assertThat(position.refresh()).as("the position last known, while the store is away").isEqualTo(2);
            }
            away.set(false);
            append(store, "a-2", 1);
            assertThat(position.refresh()).isEqualTo(3);
            assertThat(position.refresh()).isEqualTo(3);
        } finally {
            logger.detachAppender(logged);
        }

        assertThat(logged.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN, Level.INFO);
        assertThat(logged.list.get(1).getFormattedMessage()).contains("after 50 failed rounds");
    }
}
