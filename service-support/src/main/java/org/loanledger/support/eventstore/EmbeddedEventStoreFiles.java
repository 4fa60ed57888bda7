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
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.DataSourceInitializer;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * The embedded event store: an H2 file under the data directory that the command side writes and the query side
 * reads, each a separate process.
 *
 * <p>Durability: H2's defaults acknowledge a commit up to a second before it reaches the file, and lose it on
 * {@code kill -9}. {@code WRITE_DELAY=0} writes every commit before it is acknowledged; {@code RETENTION_TIME=0}
 * lets freed space be reused at once (the command side compacts the file, since H2's background writer no longer
 * does). {@code AUTO_SERVER=TRUE} lets whichever process opens the file first serve it to the other. H2 needs an
 * absolute path.
 */
public final class EmbeddedEventStoreFiles {

    /** The file name, without H2's {@code .mv.db} suffix, of the event store inside the data directory. */
    public static final String DATABASE_NAME = "events";

    private EmbeddedEventStoreFiles() {
    }

    /** The JDBC URL both services use for the event store in {@code directory}. */
    public static String jdbcUrl(Path directory) {
        return "jdbc:h2:file:" + directory.resolve(DATABASE_NAME).toAbsolutePath()
                + ";WRITE_DELAY=0;RETENTION_TIME=0;AUTO_SERVER=TRUE";
    }

    /** A pool of at most {@code maxConnections} to the event store under {@code dataDir}, created if missing. */
    public static DataSource dataSource(String dataDir, int maxConnections) {
        Path directory = Path.of(dataDir).toAbsolutePath().normalize();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + directory, e);
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("event-store");
        config.setJdbcUrl(jdbcUrl(directory));
        config.setUsername("ledger");
        config.setPassword("");
        config.setMaximumPoolSize(maxConnections);
        config.setAutoCommit(true);
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
