package org.loanledger.support.eventstore;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The event store's data source as its writers use it: every {@link Connection#commit()} is counted in
 * {@link CommitsInFlight} from its start until it returns. Everything else goes to the pool unchanged, and closing
 * this closes the pool.
 */
public final class CommitTrackingDataSource extends DelegatingDataSource implements AutoCloseable {

    private final CommitsInFlight commits;

    public CommitTrackingDataSource(DataSource pool, CommitsInFlight commits) {
        super(pool);
        this.commits = commits;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return tracked(super.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return tracked(super.getConnection(username, password));
    }

    private Connection tracked(Connection connection) {
        InvocationHandler handler = (proxy, method, args) -> {
            if ("equals".equals(method.getName()) && method.getParameterCount() == 1) {
                return proxy == args[0];
            }
            if ("hashCode".equals(method.getName()) && method.getParameterCount() == 0) {
                return System.identityHashCode(proxy);
            }
            boolean commit = "commit".equals(method.getName()) && method.getParameterCount() == 0;
            long ticket = commit ? commits.beginning() : 0;
            try {
                return method.invoke(connection, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                if (commit) {
                    commits.returned(ticket);
                }
            }
        };
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                handler);
    }

    @Override
    public void close() throws Exception {
        if (getTargetDataSource() instanceof AutoCloseable pool) {
            pool.close();
        }
    }
}
