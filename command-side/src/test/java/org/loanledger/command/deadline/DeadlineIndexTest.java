package org.loanledger.command.deadline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.loanledger.shared.account.AccountFrozen;
import org.loanledger.shared.account.Actors;
import org.loanledger.shared.account.FundsBorrowed;
import org.loanledger.shared.account.ReasonCode;
import org.loanledger.shared.account.RiskDecision;
import org.loanledger.shared.money.Money;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.loanledger.shared.personal.PersonalText;

/**
 * The deadline table keeps instants exactly, whatever time zone the database session runs in: a server in a zone
 * with daylight saving time has one local hour a year that happens twice, and a deadline in it must still come due
 * at its own instant.
 */
class DeadlineIndexTest {

    private static final String ACCOUNT = "acc-1";

    /** 02:30 in Berlin, for the second time that night: the clocks went back from 03:00 CEST to 02:00 CET. */
    private static final Instant IN_THE_REPEATED_HOUR = Instant.parse("2026-10-25T01:30:00Z");

    private SingleConnectionDataSource dataSource;
    private DeadlineIndex index;

    @BeforeEach
    void store() {
        dataSource = new SingleConnectionDataSource("jdbc:h2:mem:deadlines-" + UUID.randomUUID(), "sa", "", true);
        new ResourceDatabasePopulator(new ClassPathResource("db/h2-event-store.sql"),
                new ClassPathResource("db/h2-deadlines.sql")).execute(dataSource);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("SET TIME ZONE 'Europe/Berlin'");
        index = new DeadlineIndex(jdbc);
    }

    @AfterEach
    void close() {
        dataSource.destroy();
    }

    private static AccountFrozen frozenUntil(Instant coolOffUntil) {
        return new AccountFrozen(ACCOUNT, ReasonCode.RISK_RULE, PersonalText.clear("rule EARLY_PARTIAL_REPAYMENT"),
                new RiskDecision("2026-11", "EARLY_PARTIAL_REPAYMENT", null, List.of(), List.of(2L, 3L, 4L), "30 days",
                        coolOffUntil, null), null, coolOffUntil.minus(Duration.ofDays(7)), Actors.RISK_POLICY, "r-3");
    }

    @Test
    void aCoolOffEndingInTheRepeatedHourIsDueAtItsInstantNotAnHourEarlier() {
        index.on(frozenUntil(IN_THE_REPEATED_HOUR), 5L);

        assertThat(index.due(IN_THE_REPEATED_HOUR.minus(Duration.ofMinutes(45)), 10)).isEmpty();
        assertThat(index.due(IN_THE_REPEATED_HOUR, 10))
                .containsExactly(new DeadlineIndex.Deadline(ACCOUNT, DeadlineIndex.COOL_OFF, "5", IN_THE_REPEATED_HOUR));
    }

    @Test
    void aDeadlineKeepsTheNanosecondsTheClockReadItWith() {
        Instant liftsAt = Instant.parse("2026-11-15T01:00:02.000000400Z");
        index.on(frozenUntil(liftsAt), 5L);

        assertThat(index.due(liftsAt.minusNanos(1), 10)).isEmpty();
        assertThat(index.due(liftsAt, 10)).extracting(DeadlineIndex.Deadline::dueAt).containsExactly(liftsAt);
    }

    @Test
    void aDrawdownIsDueForOverdueDetectionFromMidnightUtcAfterItsDueDate() {
        index.on(new FundsBorrowed(ACCOUNT, "dd-1", Money.of("CNY", "100"), 1, LocalDate.of(2026, 10, 24),
                Instant.parse("2026-10-23T10:00:00Z"), "lender-dev", "r-1"));
        Instant midnightUtc = Instant.parse("2026-10-25T00:00:00Z");

        assertThat(index.due(midnightUtc.minusNanos(1), 10)).isEmpty();
        assertThat(index.due(midnightUtc, 10))
                .containsExactly(new DeadlineIndex.Deadline(ACCOUNT, DeadlineIndex.OVERDUE, "dd-1", midnightUtc));
    }

    @Test
    void aDeadlineForAStoreThatKeepsMicrosecondsIsRoundedUpNeverDown() {
        assertThat(DeadlineIndex.ceilingToMicros(Instant.parse("2026-11-15T01:00:02.000000400Z")))
                .isEqualTo(Instant.parse("2026-11-15T01:00:02.000001Z"));
        assertThat(DeadlineIndex.ceilingToMicros(Instant.parse("2026-11-15T01:00:02.999999001Z")))
                .isEqualTo(Instant.parse("2026-11-15T01:00:03Z"));
        assertThat(DeadlineIndex.ceilingToMicros(Instant.parse("2026-11-15T01:00:02.000007Z")))
                .isEqualTo(Instant.parse("2026-11-15T01:00:02.000007Z"));
    }
}
