package org.loanledger.command.deadline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.loanledger.command.web.CommandApi.amount;
import static org.loanledger.command.web.CommandApi.newAccountId;
import static org.loanledger.command.web.CommandApi.newKey;
import static org.loanledger.command.web.CommandApi.path;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import javax.sql.DataSource;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.loanledger.command.web.CommandApi;
import org.loanledger.command.web.MovableClock;
import org.loanledger.command.web.RunningUnderRiskPolicy;
import org.loanledger.command.web.StoredAccounts;
import org.loanledger.shared.account.AccountFrozen;
import org.loanledger.shared.account.AccountUnfrozen;
import org.loanledger.shared.account.Actors;
import org.loanledger.shared.account.CreditLimitChanged;
import org.loanledger.shared.account.DrawdownOverdue;
import org.loanledger.shared.account.ReasonCode;
import org.loanledger.shared.money.Money;
import org.loanledger.shared.risk.RiskPolicy;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Time-driven events through the running application: the deadline table follows the events that set and clear
 * deadlines, and a sweep after the clock has moved acts on what is due, exactly at its instant and not before.
 */
@RunningUnderRiskPolicy
class DeadlineSweepApiTest {

    @Autowired
    WebTestClient webTestClient;

    @Autowired
    DataSource dataSource;

    @Autowired
    EventStore eventStore;

    @Autowired
    MovableClock clock;

    @Autowired
    DeadlineSweeper sweeper;

    CommandApi api;
    StoredAccounts stored;
    JdbcTemplate jdbc;
    String accountId;

    record Deadline(String kind, String reference, Instant dueAt) {
    }

    @BeforeEach
    void client() {
        api = new CommandApi(webTestClient, dataSource);
        stored = new StoredAccounts(eventStore);
        jdbc = new JdbcTemplate(dataSource);
        accountId = newAccountId();
    }

    private List<Deadline> deadlines(String accountId) {
        return jdbc.query("SELECT kind, reference, dueAt FROM LedgerDeadline WHERE accountId = ? ORDER BY dueAt",
                (rs, row) -> new Deadline(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()),
                accountId);
    }

    private JsonNode borrow(String amount, int termDays) {
        return api.post(path(accountId, "borrowings"), newKey(), """
                {"amount":"%s","termDays":%d}""".formatted(amount, termDays)).expect(HttpStatus.CREATED);
    }

    private JsonNode repay(String amount) {
        return api.post(path(accountId, "repayments"), newKey(), """
                {"amount":"%s"}""".formatted(amount)).expect(HttpStatus.OK);
    }

    /** The first instant a drawdown due on {@code dueDate} is overdue: the start of the next day, UTC. */
    private static Instant overdueFrom(JsonNode borrowed) {
        return LocalDate.parse(borrowed.path("dueDate").asText()).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    /** Moves the clock to {@code instant} and sweeps; returns how many events the account has afterwards. */
    private long sweepAt(Instant instant) {
        clock.advanceTo(instant);
        sweeper.sweepOnce();
        return api.storedEvents(accountId);
    }

    @Nested
    class CoolOff {

        /** Five borrowings an hour apart: the fifth trips BORROW_VELOCITY, a freeze with a 72-hour cool-off. */
        private Instant freezeForVelocity() {
            api.open(accountId, "5000.00");
            for (int i = 0; i < 4; i++) {
                borrow("100.00", 30);
                clock.advance(Duration.ofHours(1));
            }
            borrow("100.00", 30);
            AccountFrozen frozen = stored.event(accountId, 6, AccountFrozen.class);
            assertThat(frozen.decision().ruleId()).isEqualTo(RiskPolicy.BORROW_VELOCITY);
            return frozen.decision().coolOffUntil();
        }

        @Test
        void aFreezeWithACoolOffSetsADeadlineAtItsEnd() {
            Instant liftsAt = freezeForVelocity();

            assertThat(deadlines(accountId)).filteredOn(d -> d.kind().equals("COOL_OFF"))
                    .containsExactly(new Deadline("COOL_OFF", "6", liftsAt));
        }

        @Test
        void theFreezeLiftsWhenItsCoolOffEndsAndNotASecondBefore() {
            Instant liftsAt = freezeForVelocity();

            assertThat(sweepAt(liftsAt.minusSeconds(1))).as("events a second before the cool-off ends").isEqualTo(7);

            assertThat(sweepAt(liftsAt)).isEqualTo(8);
            AccountUnfrozen lifted = stored.event(accountId, 7, AccountUnfrozen.class);
            assertThat(lifted.reasonCode()).isEqualTo(ReasonCode.COOL_OFF_ELAPSED);
            assertThat(lifted.actor()).isEqualTo(Actors.LEDGER);
            assertThat(lifted.liftedRestrictions()).containsExactly(6L);
            assertThat(lifted.occurredAt()).isEqualTo(liftsAt);
            assertThat(deadlines(accountId)).extracting(Deadline::kind).doesNotContain("COOL_OFF");
            assertThat(stored.state(accountId).restrictions()).isEmpty();
        }

        /**
         * The system clock reads to the nanosecond and the deadline table keeps microseconds: a sweep within the
         * microsecond before the cool-off ends must neither lift the freeze early nor lose its deadline.
         */
        @Test
        void aSweepJustBeforeACoolOffEndsWithinItsMicrosecondKeepsTheDeadline() {
            clock.advanceTo(clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1).plusNanos(400));
            Instant liftsAt = freezeForVelocity();
            assertThat(liftsAt.getNano() % 1000).as("nanoseconds past the microsecond").isEqualTo(400);

            assertThat(sweepAt(liftsAt.truncatedTo(ChronoUnit.MICROS))).as("events before the cool-off ends")
                    .isEqualTo(7);

            assertThat(sweepAt(liftsAt)).isEqualTo(8);
            assertThat(stored.event(accountId, 7, AccountUnfrozen.class).reasonCode())
                    .isEqualTo(ReasonCode.COOL_OFF_ELAPSED);
        }

        @Test
        void aFreezeLiftedByAnUpheldAppealIsNotLiftedAgainWhenItsCoolOffWouldHaveEnded() {
            Instant liftsAt = freezeForVelocity();
            JsonNode appeal = api.post(path(accountId, "appeals"), newKey(), """
                    {"statement":"I was buying furniture for a new flat"}""").expect(HttpStatus.CREATED);
            api.post(path(accountId, "appeals/" + appeal.path("appealId").asText() + "/decision"), newKey(), """
                    {"decision":"UPHOLD","note":"purchases confirmed with the customer"}""").expect(HttpStatus.OK);
            assertThat(deadlines(accountId)).extracting(Deadline::kind).doesNotContain("COOL_OFF");

            assertThat(sweepAt(liftsAt.plusSeconds(1))).as("nothing more after the appeal's lift").isEqualTo(10);
        }
    }

    @Nested
    class Recording {

        /**
         * A deadline is written in the unit of work of the event that sets it; if it cannot be written, the event
         * must not be stored either, or the cool-off would never end and the drawdown never go overdue.
         */
        @Test
        void aBorrowingWhoseDeadlineCannotBeRecordedIsNotRecordedEither() {
            api.open(accountId, "5000.00");
            long before = api.storedEvents(accountId);
            CommandApi.Reply reply;
            jdbc.execute("ALTER TABLE LedgerDeadline RENAME TO LedgerDeadlineUnavailable");
            try {
                reply = api.post(path(accountId, "borrowings"), newKey(), """
                        {"amount":"300.00","termDays":1}""");
            } finally {
                jdbc.execute("ALTER TABLE LedgerDeadlineUnavailable RENAME TO LedgerDeadline");
            }

            reply.expectProblem(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR");
            assertThat(api.storedEvents(accountId)).isEqualTo(before);
            borrow("300.00", 1);
            assertThat(deadlines(accountId)).extracting(Deadline::kind).containsExactly("OVERDUE");
        }
    }

    @Nested
    class Overdue {

        @Test
        void aDrawdownGoesOverdueAtTheStartOfTheDayAfterItsDueDate() {
            api.open(accountId, "5000.00");
            JsonNode borrowed = borrow("300.00", 1);
            Instant overdueFrom = overdueFrom(borrowed);
            String drawdownId = borrowed.path("drawdownId").asText();
            assertThat(deadlines(accountId)).containsExactly(new Deadline("OVERDUE", drawdownId, overdueFrom));

            assertThat(sweepAt(overdueFrom.minusSeconds(1))).as("events on the last second of the due date")
                    .isEqualTo(2);

            assertThat(sweepAt(overdueFrom)).isEqualTo(3);
            DrawdownOverdue overdue = stored.event(accountId, 2, DrawdownOverdue.class);
            assertThat(overdue.drawdownId()).isEqualTo(drawdownId);
            assertThat(overdue.dueDate()).isEqualTo(LocalDate.parse(borrowed.path("dueDate").asText()));
            assertThat(overdue.outstanding()).isEqualTo(Money.of("CNY", "300.00"));
            assertThat(overdue.actor()).isEqualTo(Actors.LEDGER);
            assertThat(overdue.occurredAt()).isEqualTo(overdueFrom);
            assertThat(deadlines(accountId)).isEmpty();
            assertThat(stored.state(accountId).restrictions()).as("one episode restricts nothing").isEmpty();
        }

        @Test
        void aDrawdownRepaidInFullBeforeItsDueDateNeverGoesOverdue() {
            api.open(accountId, "5000.00");
            JsonNode borrowed = borrow("300.00", 1);
            repay("300.00");
            assertThat(deadlines(accountId)).isEmpty();

            assertThat(sweepAt(overdueFrom(borrowed).plus(Duration.ofDays(1)))).isEqualTo(3);
        }

        @Test
        void aSecondOverdueEpisodeCutsTheLimitEvenAfterTheFirstWasSettledUntilARescore() {
            api.open(accountId, "5000.00");
            JsonNode first = borrow("200.00", 1);
            JsonNode second = borrow("300.00", 3);
            sweepAt(overdueFrom(first));
            assertThat(stored.event(accountId, 3, DrawdownOverdue.class).drawdownId())
                    .isEqualTo(first.path("drawdownId").asText());
            JsonNode settled = repay("200.00");
            assertThat(settled.path("allocations").get(0).path("settled").asBoolean()).isTrue();

            assertThat(sweepAt(overdueFrom(second))).isEqualTo(7);

            assertThat(stored.event(accountId, 5, DrawdownOverdue.class).drawdownId())
                    .isEqualTo(second.path("drawdownId").asText());
            CreditLimitChanged cut = stored.event(accountId, 6, CreditLimitChanged.class);
            assertThat(cut.reasonCode()).isEqualTo(ReasonCode.OVERDUE_HISTORY);
            assertThat(cut.actor()).isEqualTo(Actors.RISK_POLICY);
            assertThat(cut.newLimit()).isEqualTo(Money.of("CNY", "0.00"));
            assertThat(cut.decision().evidenceSequences()).as("both episodes, the settled one too")
                    .containsExactly(3L, 5L);
            assertThat(cut.decision().scoreNeeded()).isEqualTo(550);
            JsonNode refused = api.refused(HttpStatus.CONFLICT, "INSUFFICIENT_AVAILABLE_LIMIT", () -> api.post(
                    path(accountId, "borrowings"), newKey(), """
                            {"amount":"1.00","termDays":30}"""));
            assertThat(refused.path("creditLimit").asText()).isEqualTo("0.00");

            JsonNode rescored = api.post(path(accountId, "credit-scores"), newKey(), """
                    {"modelVersion":"m-2026.11","score":600,"factors":[]}""").expect(HttpStatus.OK);
            assertThat(amount(rescored, "creditLimit")).isEqualTo("5000.00");
            assertThat(amount(rescored, "available")).isEqualTo("4700.00");
        }
    }
}
