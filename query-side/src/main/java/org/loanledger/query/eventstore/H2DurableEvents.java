package org.loanledger.query.eventstore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.loanledger.support.eventstore.DurablePosition;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * {@link DurableEvents} on the embedded H2 store: an event is durable when the store's published durable position
 * covers its global index. One query, on the store's index of aggregate and sequence number, finds the first of an
 * aggregate's events above the position or among the indexes it holds back; it runs in the process that serves the
 * file, so a long history costs no round trip per event.
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
        long position = durable.current();
        List<Long> heldBack = durable.heldBack();
        if (position == Long.MAX_VALUE && heldBack.isEmpty()) {
            return Long.MAX_VALUE;
        }
        String notCovered = heldBack.isEmpty() ? "globalIndex > ?"
                : "(globalIndex > ? OR globalIndex IN ("
                        + heldBack.stream().map(String::valueOf).collect(Collectors.joining(",")) + "))";
        try (Connection connection = eventStore.getConnection();
             PreparedStatement first = connection.prepareStatement("SELECT MIN(sequenceNumber) FROM DomainEventEntry "
                     + "WHERE aggregateIdentifier = ? AND sequenceNumber >= ? AND " + notCovered)) {
            first.setString(1, aggregateId);
            first.setLong(2, fromSequence);
            first.setLong(3, position);
            try (ResultSet result = first.executeQuery()) {
                result.next();
                long sequence = result.getLong(1);
                return result.wasNull() ? Long.MAX_VALUE : sequence;
            }
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("could not check which events of " + aggregateId
                    + " are in the event store's file", e);
        }
    }
}
