package org.loanledger.support.eventstore;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;

/**
 * Tells the pool to drop a connection whose database is gone: H2 closes a database for good when a write to its file
 * fails (a full disk, an I/O error) or when it is told to, and answers every later statement on the connections it
 * had with a non-transient connection error ({@code DATABASE_IS_CLOSED}, {@code CONNECTION_BROKEN}). Those are not
 * among the SQL states Hikari evicts for, and a busy pool never finds them idle long enough to test them, so every
 * later request failed for as long as the process lived. Dropped, they are replaced by connections that open the
 * file again.
 */
public final class ClosedConnectionEviction implements SQLExceptionOverride {

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        return e instanceof SQLNonTransientConnectionException ? Override.MUST_EVICT : Override.CONTINUE_EVICT;
    }
}
