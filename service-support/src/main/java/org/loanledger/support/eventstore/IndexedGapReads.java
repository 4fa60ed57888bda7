package org.loanledger.support.eventstore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.ReadEventDataWithGapsStatementBuilder;

/**
 * The tracking read of a token with gaps, written so that the database finds both parts by the global index.
 *
 * <p>Axon's own statement asks for {@code (globalIndex > ? AND globalIndex <= ?) OR globalIndex IN (gaps)}; H2 does
 * not split an {@code OR} over one index and scans the whole table for it, every event in the store for every
 * batch. A token has gaps whenever appends commit out of order or one rolls back, so under load every poll of every
 * view scanned the store, in the process that serves it (the command side). This asks for the range and for the
 * gaps separately, each through the primary key, and returns their union in the same order. The gaps of a token
 * all lie below its index, so the two parts never share a row.
 */
public final class IndexedGapReads implements ReadEventDataWithGapsStatementBuilder {

    @Override
    public PreparedStatement build(Connection connection, EventSchema schema, long globalIndex, int batchSize,
                                   List<Long> gaps) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql(schema, gaps.size()));
        statement.setLong(1, globalIndex);
        statement.setLong(2, globalIndex + batchSize);
        for (int i = 0; i < gaps.size(); i++) {
            statement.setLong(i + 3, gaps.get(i));
        }
        return statement;
    }

    /** The statement for {@code gapCount} gaps: the range first, then the gaps, as Axon numbers its parameters. */
    static String sql(EventSchema schema, int gapCount) {
        String select = "SELECT " + schema.trackedEventFields() + " FROM " + schema.domainEventTable() + " WHERE ";
        return select + schema.globalIndexColumn() + " > ? AND " + schema.globalIndexColumn() + " <= ?"
                + " UNION ALL "
                + select + schema.globalIndexColumn() + " IN (" + String.join(",", Collections.nCopies(gapCount, "?"))
                + ") ORDER BY " + schema.globalIndexColumn() + " ASC";
    }
}
