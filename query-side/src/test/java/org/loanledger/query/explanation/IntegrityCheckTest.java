package org.loanledger.query.explanation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.loanledger.shared.account.AccountOpened;
import org.loanledger.shared.account.FundsBorrowed;
import org.loanledger.shared.money.Money;

class IntegrityCheckTest {

    private static final String ACC = "acc-1";

    private static List<RecordedEvent> history() {
        AccountHistoryFixture fixture = new AccountHistoryFixture()
                .then(t -> new AccountOpened(ACC, "cust-1", "CNY", Money.of("CNY", "5000.00"), t, "lender", "k0"));
        for (int i = 1; i <= 5; i++) {
            String id = "dd-" + i;
            fixture.then(t -> new FundsBorrowed(ACC, id, Money.of("CNY", "10.00"), 30, LocalDate.of(2026, 12, 1), t, "lender", id));
        }
        return fixture.events();
    }

    @Test
    void anUntouchedHistoryVerifiesAndReportsItsHead() {
        List<RecordedEvent> events = history();

        IntegrityCheck.Result result = IntegrityCheck.verify(events);

        assertThat(result.verified()).isTrue();
        assertThat(result.events()).isEqualTo(6);
        assertThat(result.firstBrokenSequence()).isNull();
        assertThat(result.headHash()).isEqualTo(events.get(5).chainHash());
    }

    @Test
    void anEditedAmountIsReportedAtExactlyItsSequence() {
        List<RecordedEvent> events = new ArrayList<>(history());
        RecordedEvent original = events.get(3);
        FundsBorrowed borrowed = (FundsBorrowed) original.event();
        FundsBorrowed edited = new FundsBorrowed(ACC, borrowed.drawdownId(), Money.of("CNY", "1.00"), borrowed.termDays(),
                borrowed.dueDate(), borrowed.occurredAt(), borrowed.actor(), borrowed.requestId());
        events.set(3, new RecordedEvent(3, edited, original.metaData()));

        IntegrityCheck.Result result = IntegrityCheck.verify(events);

        assertThat(result.verified()).isFalse();
        assertThat(result.firstBrokenSequence()).isEqualTo(3L);
    }

    @Test
    void aRemovedEventBreaksTheChainWhereItWas() {
        List<RecordedEvent> events = new ArrayList<>(history());
        events.remove(2);

        IntegrityCheck.Result result = IntegrityCheck.verify(events);

        assertThat(result.verified()).isFalse();
        assertThat(result.firstBrokenSequence()).isEqualTo(2L);
    }
}
