package org.loanledger.support.eventstore;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.eventhandling.tokenstore.jdbc.PostgresTokenTableFactory;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.loanledger.support.deployment.RequiredSettings;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * The {@code postgres} profile's event store: Axon's JDBC tables in a PostgreSQL database that the command side
 * appends to and the query side follows, for operators who would rather run a database they already run than Axon
 * Server. The tables are Axon's own ({@link PostgresEventTableFactory}: {@code BIGSERIAL} global index, {@code bytea}
 * payloads) under their default names, so Axon's engine needs no schema settings.
 */
public final class PostgresEventStore {

    public static final String URL = "ledger.postgres.url";
    public static final String USERNAME = "ledger.postgres.username";
    public static final String PASSWORD = "ledger.postgres.password";

    /** PostgreSQL's SQLSTATE for a unique constraint violation. */
    private static final String UNIQUE_VIOLATION = "23505";

    private PostgresEventStore() {
    }

    /**
     * A pool of at most {@code maxConnections} to the configured database. The pool opens a connection at once, so an
     * unreachable or misconfigured database stops the service at startup, naming the setting to fix.
     */
    public static DataSource dataSource(Environment environment, String poolName, int maxConnections) {
        String url = RequiredSettings.require(environment, URL, "LEDGER_POSTGRES_URL",
                "the postgres profile keeps the events in PostgreSQL");
        HikariConfig config = new HikariConfig();
        config.setPoolName(poolName);
        config.setJdbcUrl(url);
        config.setUsername(environment.getProperty(USERNAME, ""));
        config.setPassword(environment.getProperty(PASSWORD, ""));
        config.setMaximumPoolSize(maxConnections);
        config.setAutoCommit(true);
        try {
            return new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            throw new IllegalStateException("PostgreSQL at " + url + " (" + URL + ", LEDGER_POSTGRES_URL) cannot be "
                    + "reached as " + config.getUsername() + ": " + rootMessage(e), e);
        }
    }

    /**
     * Creates Axon's event and snapshot tables, and the token table of Axon's JDBC token store (for a tracking
     * processor an operator adds next to the events), if they are missing, then the given extra scripts. Both services call
     * it, so either may start first.
     */
    public static void createSchema(DataSource dataSource, String... extraScripts) {
        EventSchema schema = EventSchema.builder().build();
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement domain = PostgresEventTableFactory.INSTANCE.createDomainEventTable(connection, schema);
                 PreparedStatement snapshots = PostgresEventTableFactory.INSTANCE.createSnapshotEventTable(connection, schema);
                 PreparedStatement tokens = PostgresTokenTableFactory.INSTANCE.createTable(connection, new TokenSchema())) {
                domain.execute();
                snapshots.execute();
                tokens.execute();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the event store's tables in PostgreSQL: " + e.getMessage(), e);
        }
        if (extraScripts.length > 0) {
            ResourceDatabasePopulator populator = new ResourceDatabasePopulator();
            for (String script : extraScripts) {
                populator.addScript(new ClassPathResource(script));
            }
            populator.execute(dataSource);
        }
    }

    /**
     * Tells Axon that an append lost a race: the PostgreSQL driver reports a duplicate (aggregate, sequence) with
     * SQLSTATE 23505, not with the {@code SQLIntegrityConstraintViolationException} Axon's default resolver looks
     * for, and without this the loser of a race would fail as a storage error instead of being retried.
     */
    public static PersistenceExceptionResolver duplicateKeyResolver() {
        return new SQLStateResolver(UNIQUE_VIOLATION);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
