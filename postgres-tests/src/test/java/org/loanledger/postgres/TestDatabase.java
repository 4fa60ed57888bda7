package org.loanledger.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A schema of its own in the PostgreSQL server named by {@code LEDGER_TEST_POSTGRES_URL}, dropped on close, so test
 * classes and runs never see each other's events. Without the variable the test fails: these tests are what shows the
 * postgres profile works, and a run that skipped them would look green without having shown it.
 */
final class TestDatabase implements AutoCloseable {

    static final String URL_VARIABLE = "LEDGER_TEST_POSTGRES_URL";

    private final String serverUrl;
    private final String user;
    private final String password;
    private final String schema;

    private TestDatabase(String serverUrl, String user, String password, String schema) {
        this.serverUrl = serverUrl;
        this.user = user;
        this.password = password;
        this.schema = schema;
    }

    static TestDatabase create() throws SQLException {
        String url = System.getenv(URL_VARIABLE);
        if (url == null || url.isBlank()) {
            throw new AssertionError(URL_VARIABLE + " is not set: the postgres-tests module needs a PostgreSQL server, "
                    + "e.g. " + URL_VARIABLE + "=jdbc:postgresql://127.0.0.1:5432/ledger_test with LEDGER_TEST_POSTGRES_USER "
                    + "and LEDGER_TEST_POSTGRES_PASSWORD (.ci/run sets them up). Without PostgreSQL, run the rest of the "
                    + "suite with mvn -B verify, which leaves this module out.");
        }
        String user = envOr("LEDGER_TEST_POSTGRES_USER", "ledger");
        String password = envOr("LEDGER_TEST_POSTGRES_PASSWORD", "");
        String schema = "ledger_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        }
        return new TestDatabase(url, user, password, schema);
    }

    /** The JDBC URL of this schema: the services' tables land in it. */
    String url() {
        return serverUrl + (serverUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), user, password);
    }

    @Override
    public void close() throws SQLException {
        try (Connection connection = DriverManager.getConnection(serverUrl, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}
