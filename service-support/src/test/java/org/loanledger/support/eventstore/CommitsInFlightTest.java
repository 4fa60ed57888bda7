package org.loanledger.support.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CommitsInFlightTest {

    private static final Duration LONG = Duration.ofSeconds(5);

    @Nested
    class Waiting {

        @Test
        void withNoCommitUnderWayNothingIsWaitedFor() {
            assertThat(new CommitsInFlight().awaitBegunBefore(Duration.ZERO)).isTrue();
        }

        @Test
        void aCommitBegunBeforeIsWaitedForUntilItReturns() throws Exception {
            CommitsInFlight commits = new CommitsInFlight();
            long underWay = commits.beginning();

            CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> commits.awaitBegunBefore(LONG));
            await().during(Duration.ofMillis(100)).atMost(LONG).until(() -> !waiting.isDone());

            commits.returned(underWay);
            assertThat(waiting.get(5, TimeUnit.SECONDS)).isTrue();
        }

        @Test
        void aCommitBegunDuringTheWaitIsNotWaitedFor() throws Exception {
            CommitsInFlight commits = new CommitsInFlight();
            long before = commits.beginning();
            CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> commits.awaitBegunBefore(LONG));
            long during;
            do {
                // A ticket of the new epoch shows the wait has begun; earlier tickets are of the old one.
                during = commits.beginning();
                if (during == before) {
                    commits.returned(during);
                }
            } while (during == before);

            commits.returned(before);

            assertThat(waiting.get(5, TimeUnit.SECONDS)).isTrue();
            commits.returned(during);
        }

        @Test
        void aCommitThatDoesNotReturnFailsTheWaitAtItsBound() {
            CommitsInFlight commits = new CommitsInFlight();
            commits.beginning();

            assertThat(commits.awaitBegunBefore(Duration.ofMillis(50))).isFalse();
        }
    }

    @Nested
    class TheWritersDataSource {

        /** A connection whose commit blocks until released, and a pool that hands it out and can be closed. */
        private final CountDownLatch commitReleased = new CountDownLatch(1);
        private final CountDownLatch commitEntered = new CountDownLatch(1);
        private final AtomicInteger commitsDone = new AtomicInteger();
        private final AtomicBoolean poolClosed = new AtomicBoolean();

        private Connection blockingConnection() {
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if (method.getName().equals("commit")) {
                            commitEntered.countDown();
                            commitReleased.await();
                            commitsDone.incrementAndGet();
                        }
                        return null;
                    });
        }

        private DataSource pool(Connection connection) {
            return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                    new Class<?>[] {DataSource.class, AutoCloseable.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "getConnection" -> connection;
                        case "close" -> {
                            poolClosed.set(true);
                            yield null;
                        }
                        case "getLogWriter" -> new PrintWriter(System.out);
                        default -> null;
                    });
        }

        @Test
        void aCommitIsCountedFromItsStartUntilItReturns() throws Exception {
            CommitsInFlight commits = new CommitsInFlight();
            CommitTrackingDataSource dataSource = new CommitTrackingDataSource(pool(blockingConnection()), commits);
            Connection connection = dataSource.getConnection();
            CompletableFuture<Void> committing = CompletableFuture.runAsync(() -> {
                try {
                    connection.commit();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(commitEntered.await(5, TimeUnit.SECONDS)).isTrue();

            assertThat(commits.awaitBegunBefore(Duration.ofMillis(50))).as("the commit is under way").isFalse();

            commitReleased.countDown();
            committing.get(5, TimeUnit.SECONDS);
            assertThat(commitsDone).hasValue(1);
            assertThat(commits.awaitBegunBefore(Duration.ofMillis(50))).isTrue();
            assertThat(connection).isEqualTo(connection).isNotEqualTo(blockingConnection());
        }

        @Test
        void closingItClosesThePool() throws Exception {
            CommitTrackingDataSource dataSource = new CommitTrackingDataSource(pool(blockingConnection()),
                    new CommitsInFlight());

            dataSource.close();

            assertThat(poolClosed).isTrue();
        }
    }
}
