package org.loanledger.query.eventstore;

import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.axonframework.common.DateTimeUtils;
import org.loanledger.query.projection.EventTimestamps;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads one event's time by its global index (the primary key) instead of opening a stream, which fetches and parses
 * a whole batch of events: the admin listing asks this for every projection that is behind, on every call.
 */
public class JdbcEventTimestamps implements EventTimestamps {

    private static final String FIRST_AFTER =
            "SELECT timeStamp FROM DomainEventEntry WHERE globalIndex > ? ORDER BY globalIndex LIMIT 1";

    private final JdbcTemplate jdbc;

    public JdbcEventTimestamps(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    @Override
    public Optional<Instant> firstAfter(long globalIndex) {
        return jdbc.query(FIRST_AFTER, rs -> rs.next() ? Optional.of(DateTimeUtils.parseInstant(rs.getString(1)))
                : Optional.<Instant>empty(), globalIndex);
    }
}
