package org.loanledger.shared.risk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.loanledger.shared.account.DrawdownOverdue;
import org.loanledger.shared.account.FundsBorrowed;
import org.loanledger.shared.account.RepaymentAllocation;
import org.loanledger.shared.account.RepaymentReceived;
import org.loanledger.shared.json.LedgerJson;
import org.loanledger.shared.money.Money;

/** An account's risk facts as its snapshot stores them: each kind of occurrence packed into one text. */
class RiskFactsStorageTest {

    private static final String ACCOUNT = "acc-r";
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration EVERYTHING = RiskFacts.HORIZON;
    private static final ObjectMapper JSON = LedgerJson.storageMapper();

    private static FundsBorrowed borrowing(Instant at) {
        return new FundsBorrowed(ACCOUNT, "d-" + at.getEpochSecond(), Money.of("CNY", "10.00"), 30,
                LocalDate.of(2026, 2, 1), at, "lender", null);
    }

    private static RepaymentReceived partialEarly(Instant at) {
        return new RepaymentReceived(ACCOUNT, Money.of("CNY", "1.00"), List.of(new RepaymentAllocation("d-1",
                Money.of("CNY", "1.00"), Money.of("CNY", "9.00"), LocalDate.of(2026, 2, 1), true, false)), true, true,
                at, "lender", null);
    }

    private static DrawdownOverdue overdue(Instant at) {
        return new DrawdownOverdue(ACCOUNT, "d-1", LocalDate.of(2026, 2, 1), Money.of("CNY", "9.00"), at, "ledger",
                null);
    }

    private static RiskFacts readBack(RiskFacts facts) throws Exception {
        return JSON.readValue(JSON.writeValueAsString(facts), RiskFacts.class);
    }

    @Nested
    class RoundTrip {

        @Test
        void everyKindOfOccurrenceReadsBackWithItsSequenceAndExactTime() throws Exception {
            RiskFacts facts = new RiskFacts();
            facts.record(1, borrowing(START));
            facts.record(2, partialEarly(START.plusMillis(1500)));
            facts.record(5, overdue(START.plusSeconds(86_400).plusNanos(7)));
            facts.record(9, borrowing(START.plusSeconds(90_000)));
            Instant now = START.plusSeconds(100_000);

            RiskFacts restored = readBack(facts);

            assertThat(restored.borrowingsWithin(EVERYTHING, now)).isEqualTo(facts.borrowingsWithin(EVERYTHING, now))
                    .containsExactly(new RiskFacts.Occurrence(1, START),
                            new RiskFacts.Occurrence(9, START.plusSeconds(90_000)));
            assertThat(restored.partialEarlyRepaymentsWithin(EVERYTHING, now))
                    .containsExactly(new RiskFacts.Occurrence(2, START.plusMillis(1500)));
            assertThat(restored.overdueEpisodesWithin(EVERYTHING, now))
                    .containsExactly(new RiskFacts.Occurrence(5, START.plusSeconds(86_400).plusNanos(7)));
        }

        @Test
        void anOccurrenceDatedBeforeThePreviousOneReadsBackUnchanged() throws Exception {
            RiskFacts facts = new RiskFacts();
            facts.record(3, borrowing(START.plusSeconds(60)));
            facts.record(4, borrowing(START.plusMillis(250)));

            assertThat(readBack(facts).borrowingsWithin(EVERYTHING, START.plusSeconds(120))).containsExactly(
                    new RiskFacts.Occurrence(3, START.plusSeconds(60)), new RiskFacts.Occurrence(4, START.plusMillis(250)));
        }

        @Test
        void noOccurrencesReadBackAsNone() throws Exception {
            RiskFacts restored = readBack(new RiskFacts());

            assertThat(restored.borrowingsWithin(EVERYTHING, START)).isEmpty();
            assertThat(restored.overdueEpisodesWithin(EVERYTHING, START)).isEmpty();
        }
    }

    @Nested
    class Size {

        @Test
        void aFullYearOfBorrowingsIsOneShortText() throws Exception {
            RiskFacts facts = new RiskFacts();
            for (int n = 0; n < RiskFacts.MAX_OCCURRENCES; n++) {
                facts.record(2L * n + 1, borrowing(START.plusSeconds(30_000L * n)));
            }

            JsonNode stored = JSON.readTree(JSON.writeValueAsString(facts)).get("borrowings");

            assertThat(stored.isTextual()).isTrue();
            assertThat(stored.asText()).startsWith("1:" + START.getEpochSecond() + ",2:30000,2:30000");
            assertThat(stored.asText().length()).isLessThan(10 * RiskFacts.MAX_OCCURRENCES);
            assertThat(readBack(facts).borrowingsWithin(EVERYTHING, START.plusSeconds(30_000_000L)))
                    .hasSize(RiskFacts.MAX_OCCURRENCES);
        }
    }
}
