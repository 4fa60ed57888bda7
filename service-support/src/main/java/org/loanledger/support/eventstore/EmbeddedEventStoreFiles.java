package org.loanledger.support.eventstore;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.engine.SysProperties;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.DataSourceInitializer;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * The embedded event store: an H2 file under the data directory that the command side writes and the query side
 * reads, each a separate process.
 *
 * <p>Durability: H2's defaults acknowledge a commit up to a second before it reaches the file, and lose it on
 * {@code kill -9}. {@code WRITE_DELAY=0} writes every commit before it is acknowledged; {@code RETENTION_TIME=0}
 * lets freed space be reused at once (whichever process serves the file compacts it, since H2's background writer
 * no longer does). {@code AUTO_SERVER=TRUE} lets whichever process opens the file first serve it to the other. H2 needs an
 * absolute path.
 *
 * <p>Reads through {@code AUTO_SERVER} fetch {@link #REMOTE_FETCH_ROWS} rows per round trip; see
 * {@link #limitRemoteFetchSize()}.
 */
public final class EmbeddedEventStoreFiles {

    /** The file name, without H2's {@code .mv.db} suffix, of the event store inside the data directory. */
    public static final String DATABASE_NAME = "events";

    /**
     * Rows per round trip when a process reads the file another one serves. H2's TCP server does not set
     * {@code TCP_NODELAY} and writes a response through a 64 KB buffer: a response of more than one buffer (its
     * default of 100 rows is about 85 KB of the ledger's events) leaves a short tail that the kernel holds until
     * the reader acknowledges the first part, and the reader delays that acknowledgement by 40 ms. Every fetch
     * then took 42 ms, and a rebuild that read the command side's file ran at 3,300 events/s; with 32 rows (about
     * 27 KB, room for events up to 2 KB each) a response is one write, and the same rebuild ran at 13,000 to
     * 22,000 events/s (query-side/BENCHMARKS.md).
     */
    public static final int REMOTE_FETCH_ROWS = 32;

    /**
     * H2's file system that opens the file again and repeats the operation when Java closed it because the thread
     * using it was interrupted. Reactor interrupts the worker of a request whose client went away, and Axon one whose
     * unit of work ran past its timeout; on H2's plain file system either closed the whole database, and every later
     * request failed until the process was restarted. H2 clears the interrupt and the write completes, so what was
     * committed stays committed and what was not is rolled back as usual.
     */
    public static final String INTERRUPT_SAFE = "retry:";

    /** H2's system property for the rows a remote statement fetches per round trip; read once, when H2 loads. */
    static final String FETCH_SIZE_PROPERTY = "h2.serverResultSetFetchSize";

    static {
        limitRemoteFetchSize();
    }

    private EmbeddedEventStoreFiles() {
    }

    /** The event store's settings in its JDBC URL (see the class comment). */
    private static final String SETTINGS = ";WRITE_DELAY=0;RETENTION_TIME=0;AUTO_SERVER=TRUE";

    /** The JDBC URL both services use for the event store in {@code directory}. */
    public static String jdbcUrl(Path directory) {
        return "jdbc:h2:" + databasePath(directory) + SETTINGS;
    }

    /**
     * The name under which H2 opens the file: the file system that survives interrupts ({@link #INTERRUPT_SAFE})
     * and the absolute path of {@link #DATABASE_NAME} in {@code directory}. A reader of another process's file names
     * the database the same way.
     */
    public static String databasePath(Path directory) {
        return INTERRUPT_SAFE + directory.resolve(DATABASE_NAME).toAbsolutePath();
    }

    /**
     * Makes H2's remote reads fetch {@link #REMOTE_FETCH_ROWS} rows per round trip, unless
     * {@code -Dh2.serverResultSetFetchSize} says otherwise. H2 reads the setting once, when its first class loads, so
     * the services call this first thing in {@code main}; this class calls it too when it loads.
     *
     * @return the rows per round trip H2 uses in this process
     */
    public static int limitRemoteFetchSize() {
        if (System.getProperty(FETCH_SIZE_PROPERTY) == null) {
            System.setProperty(FETCH_SIZE_PROPERTY, Integer.toString(REMOTE_FETCH_ROWS));
        }
        int rows = SysProperties.SERVER_RESULT_SET_FETCH_SIZE;
        if (rows != Integer.getInteger(FETCH_SIZE_PROPERTY, REMOTE_FETCH_ROWS)) {
            // Looked up only here: the services call this before Spring Boot has set up logging.
            LoggerFactory.getLogger(EmbeddedEventStoreFiles.class).warn("H2 was loaded before its remote fetch size "
                    + "was set: reads through AUTO_SERVER fetch {} rows per round trip, not {}, and may wait 40 ms "
                    + "for each", rows, REMOTE_FETCH_ROWS);
        }
        return rows;
    }

    /** A pool of at most {@code maxConnections} to the event store under {@code dataDir}, created if missing. */
    public static DataSource dataSource(String dataDir, int maxConnections) {
        return embeddedPool("event-store", Path.of(dataDir), DATABASE_NAME, SETTINGS, maxConnections);
    }

    /**
     * A pool of at most {@code maxConnections} to the embedded H2 database {@code databaseName} under
     * {@code dataDir} (both created if missing), opened through {@link #INTERRUPT_SAFE} with {@code settings} appended
     * to its URL; a connection that fails with a non-transient connection error is dropped from the pool. A lock file
     * that a killed process left is removed first ({@link AbandonedLockFiles}).
     */
    public static HikariDataSource embeddedPool(String poolName, Path dataDir, String databaseName, String settings,
                                                int maxConnections) {
        Path directory = dataDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + directory, e);
        }
        Path database = directory.resolve(databaseName);
        AbandonedLockFiles.removeIfAbandoned(database);
        HikariConfig config = new HikariConfig();
        config.setPoolName(poolName);
        config.setJdbcUrl("jdbc:h2:" + INTERRUPT_SAFE + database + settings);
        config.setUsername("ledger");
        config.setPassword("");
        config.setMaximumPoolSize(maxConnections);
        config.setAutoCommit(true);
        config.setExceptionOverride(new ClosedConnectionEviction());
        return new HikariDataSource(config);
    }

    /** Creates the event store's tables if they are missing, then the given extra scripts. */
    public static DataSourceInitializer schema(DataSource dataSource, String... extraScripts) {
        ResourceDatabasePopulator populator = new ResourceDatabasePopulator(new ClassPathResource("db/h2-event-store.sql"));
        for (String script : extraScripts) {
            populator.addScript(new ClassPathResource(script));
        }
        DataSourceInitializer initializer = new DataSourceInitializer();
        initializer.setDataSource(dataSource);
        initializer.setDatabasePopulator(populator);
        return initializer;
    }

    /**
     * The store behind {@code connection} when this process serves the file (it opened it first), empty when it is
     * connected to another process through {@code AUTO_SERVER}: only the serving process can write or compact it.
     */
    public static Optional<MVStore> servedStore(Connection connection) throws SQLException {
        return connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session
                ? Optional.of(session.getDatabase().getStore().getMvStore())
                : Optional.empty();
    }

    /** The highest global index in the event store; -1 when it holds no event. */
    public static long head(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT MAX(globalIndex) FROM DomainEventEntry")) {
            result.next();
            long max = result.getLong(1);
            return result.wasNull() ? -1 : max;
        }
    }
}
