package org.loanledger.command.deadline;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.loanledger.shared.account.AccountFrozen;
import org.loanledger.shared.account.AccountUnfrozen;
import org.loanledger.shared.account.DrawdownOverdue;
import org.loanledger.shared.account.FundsBorrowed;
import org.loanledger.shared.account.RepaymentAllocation;
import org.loanledger.shared.account.RepaymentReceived;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps the table of deadlines the ledger's clock must act on. It is a subscribing handler: it runs in the unit of
 * work, and so the database transaction, of the command whose event set or cleared the deadline.
 */
@Component
@ProcessingGroup(DeadlineIndex.PROCESSING_GROUP)
@ConditionalOnExpression(DeadlineIndex.ON_JDBC_STORE)
public class DeadlineIndex {

    public static final String PROCESSING_GROUP = "deadlines";

    /** The deadlines live next to the events: in the embedded H2 file or in the postgres profile's database. */
    static final String ON_JDBC_STORE = "'${ledger.event-store:embedded}'.equals('embedded') "
            + "or '${ledger.event-store:embedded}'.equals('postgres')";

    /** A drawdown that passed its due date with principal left. */
    static final String OVERDUE = "OVERDUE";
    /** A freeze whose cool-off ends. */
    static final String COOL_OFF = "COOL_OFF";

    private final JdbcTemplate jdbc;
    private volatile Boolean postgres;

    public DeadlineIndex(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A drawdown is overdue from the first instant after its due date (UTC). */
    @EventHandler
    void on(FundsBorrowed event) {
        set(event.accountId(), OVERDUE, event.drawdownId(), event.dueDate().plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
    }

    @EventHandler
    void on(RepaymentReceived event) {
        for (RepaymentAllocation allocation : event.allocations()) {
            if (allocation.settled()) {
                clear(event.accountId(), OVERDUE, allocation.drawdownId());
            }
        }
    }

    @EventHandler
    void on(DrawdownOverdue event) {
        clear(event.accountId(), OVERDUE, event.drawdownId());
    }

    @EventHandler
    void on(AccountFrozen event, @SequenceNumber Long sequence) {
        if (event.decision() != null && event.decision().coolOffUntil() != null) {
            set(event.accountId(), COOL_OFF, Long.toString(sequence), event.decision().coolOffUntil());
        }
    }

    @EventHandler
    void on(AccountUnfrozen event) {
        for (Long lifted : event.liftedRestrictions()) {
            clear(event.accountId(), COOL_OFF, Long.toString(lifted));
        }
    }

    /** Deadlines due at or before {@code now}, earliest first. */
    List<Deadline> due(Instant now, int limit) {
        return jdbc.query("SELECT accountId, kind, reference, dueAt FROM LedgerDeadline WHERE dueAt <= ? ORDER BY dueAt LIMIT ?",
                (rs, row) -> new Deadline(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class).toInstant()),
                utc(now), limit);
    }

    void clear(String accountId, String kind, String reference) {
        jdbc.update("DELETE FROM LedgerDeadline WHERE accountId = ? AND kind = ? AND reference = ?", accountId, kind, reference);
    }

    private void set(String accountId, String kind, String reference, Instant dueAt) {
        if (postgres()) {
            jdbc.update("INSERT INTO LedgerDeadline (accountId, kind, reference, dueAt) VALUES (?, ?, ?, ?) "
                            + "ON CONFLICT (accountId, kind, reference) DO UPDATE SET dueAt = EXCLUDED.dueAt",
                    accountId, kind, reference, utc(ceilingToMicros(dueAt)));
        } else {
            jdbc.update("MERGE INTO LedgerDeadline (accountId, kind, reference, dueAt) KEY (accountId, kind, reference) VALUES (?, ?, ?, ?)",
                    accountId, kind, reference, utc(dueAt));
        }
    }

    private boolean postgres() {
        Boolean known = postgres;
        if (known == null) {
            known = "PostgreSQL".equals(jdbc.execute((ConnectionCallback<String>) c -> c.getMetaData().getDatabaseProductName()));
            postgres = known;
        }
        return known;
    }

    /**
     * PostgreSQL keeps microseconds and would round to the nearest one: a deadline rounded down comes due before the
     * instant it stands for, the command finds nothing due yet, and the sweep would drop the deadline. Rounded up, it
     * is at most a microsecond late.
     */
    static Instant ceilingToMicros(Instant instant) {
        int nanosOfMicro = instant.getNano() % 1_000;
        return nanosOfMicro == 0 ? instant : instant.plusNanos(1_000 - nanosOfMicro);
    }

    /**
     * Instants are bound with their offset: a {@code java.sql.Timestamp} goes through the session's local time, and
     * in a zone with daylight saving time the hour the clocks go back happens twice, so a deadline in its second
     * pass would come due an hour early.
     */
    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    record Deadline(String accountId, String kind, String reference, Instant dueAt) {
    }
}
