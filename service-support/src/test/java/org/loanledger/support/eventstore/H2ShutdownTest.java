package org.loanledger.support.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.init.DataSourceInitializer;

/**
 * A process that exits while its application still reads the event store: each run is a separate JVM, since the
 * order of shutdown hooks is what is tested.
 */
class H2ShutdownTest {

    private static final Duration READ_AFTER = Duration.ofMillis(500);

    @TempDir
    Path dataDir;

    @Test
    void theStoreStaysOpenUntilTheApplicationHasStoppedAndIsClosedAfter() throws Exception {
        String read = exitWhileReading(true);

        assertThat(read).as("what the application read while it stopped").isEqualTo("head 2");
        assertThat(dataDir.resolve(EmbeddedEventStoreFiles.DATABASE_NAME + ".lock.db"))
                .as("H2's hook closed the store (and removed its lock) after the application").doesNotExist();
    }

    @Test
    void withH2sOwnHookTheStoreClosedWhileTheApplicationStillRead() throws Exception {
        String read = exitWhileReading(false);

        assertThat(read).as("what the application read while it stopped").startsWith("failed");
    }

    /** Runs {@link Child} and returns what its application read while it stopped. */
    private String exitWhileReading(boolean moveH2sHook) throws Exception {
        Path log = dataDir.resolve("child.log");
        Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Child.class.getName(), dataDir.toString(), Boolean.toString(moveH2sHook)))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("the child exits; its log: %s", log).isTrue();
        assertThat(child.exitValue()).as("the child's exit status; its log: %s", log).isZero();
        return Files.readString(dataDir.resolve(Child.RESULT)).trim();
    }

    /** A Spring application that reads the store from a bean being destroyed, then exits as on SIGTERM. */
    static final class Child {

        static final String RESULT = "read-at-shutdown.txt";

        public static void main(String[] args) throws Exception {
            Path dataDir = Path.of(args[0]);
            new SpringApplicationBuilder(Application.class).web(WebApplicationType.NONE).logStartupInfo(false)
                    .properties("data-dir=" + dataDir).run();
            if (Boolean.parseBoolean(args[1]) && !H2Shutdown.afterApplication()) {
                throw new IllegalStateException("H2's hook was not moved");
            }
            System.exit(0); // the JVM's shutdown hooks run, as on SIGTERM
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Application {

        @Bean
        DataSource eventStore(@Value("${data-dir}") String dataDir) {
            return EmbeddedEventStoreFiles.dataSource(dataDir, 2);
        }

        @Bean
        DataSourceInitializer schema(DataSource eventStore) {
            return EmbeddedEventStoreFiles.schema(eventStore);
        }

        @Bean
        ReaderAtShutdown reader(@Value("${data-dir}") String dataDir, DataSourceInitializer schema) throws SQLException {
            return new ReaderAtShutdown(Path.of(dataDir).toAbsolutePath().normalize());
        }
    }

    /**
     * Holds a connection, as the event processors do, and reads through it {@link #READ_AFTER} into the
     * application's shutdown; before that, two events are stored. The connection is its own, not the pool's, and
     * is never closed, as a session of another process reading the file would not be: only H2's hook closes the
     * store then.
     */
    static final class ReaderAtShutdown implements DisposableBean {

        private final Connection connection;
        private final Path dataDir;

        ReaderAtShutdown(Path dataDir) throws SQLException {
            this.connection = DriverManager.getConnection(EmbeddedEventStoreFiles.jdbcUrl(dataDir), "ledger", "");
            this.dataDir = dataDir;
            try (var insert = connection.prepareStatement("INSERT INTO DomainEventEntry (eventIdentifier, "
                    + "aggregateIdentifier, sequenceNumber, type, timeStamp, payloadType, payload) "
                    + "VALUES (?, 'a', ?, 'LoanAccount', '2026-01-01T00:00:00Z', 'p', X'7b7d')")) {
                for (int i = 0; i < 2; i++) {
                    insert.setString(1, "e" + i);
                    insert.setLong(2, i);
                    insert.executeUpdate();
                }
            }
        }

        @Override
        public void destroy() throws Exception {
            Thread.sleep(READ_AFTER.toMillis()); // what is left of a graceful shutdown's requests
            String result;
            try {
                result = "head " + EmbeddedEventStoreFiles.head(connection);
            } catch (SQLException e) {
                result = "failed: " + e.getMessage();
            }
            Files.writeString(dataDir.resolve(Child.RESULT), result);
        }
    }
}
