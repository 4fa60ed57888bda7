package org.loanledger.query.eventstore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.loanledger.support.eventstore.DurablePosition;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * {@link DurableEvents} on the embedded H2 store: an event is durable when the store's published durable position
 * covers its global index ({@link DurablePosition#covers}). One query, on the store's index of aggregate and sequence
 * number, reads the aggregate's events above the index up to which everything is covered (the few written in the
 * last moments), and the first one the position does not cover is the answer.
 */
public final class H2DurableEvents implements DurableEvents {

    private final DataSource eventStore;
    private final DurablePosition durable;

    public H2DurableEvents(DataSource eventStore, DurablePosition durable) {
        this.eventStore = eventStore;
        this.durable = durable;
    }

    @Override
    public long firstNotDurable(String aggregateId, long fromSequence) {
        long coveredThrough = durable.coveredThrough();
        if (coveredThrough == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        try (Connection connection = eventStore.getConnection();
             PreparedStatement recent = connection.prepareStatement("SELECT sequenceNumber, globalIndex "
                     + "FROM DomainEventEntry WHERE aggregateIdentifier = ? AND sequenceNumber >= ? AND globalIndex > ? "
                     + "ORDER BY sequenceNumber")) {
            recent.setString(1, aggregateId);
            recent.setLong(2, fromSequence);
            recent.setLong(3, coveredThrough);
            try (ResultSet rows = recent.executeQuery()) {
                while (rows.next()) {
                    if (!durable.covers(rows.getLong(2))) {
                        return rows.getLong(1);
                    }
                }
            }
            return Long.MAX_VALUE;
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("could not check which events of " + aggregateId
                    + " are in the event store's file", e);
        }
    }
}
