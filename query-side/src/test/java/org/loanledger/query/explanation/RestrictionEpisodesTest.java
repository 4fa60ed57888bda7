package org.loanledger.query.explanation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.loanledger.shared.account.AccountFrozen;
import org.loanledger.shared.account.AccountOpened;
import org.loanledger.shared.account.AccountUnfrozen;
import org.loanledger.shared.account.CreditLimitChanged;
import org.loanledger.shared.account.FundsBorrowed;
import org.loanledger.shared.account.ReasonCode;
import org.loanledger.shared.account.RestrictionKind;
import org.loanledger.shared.money.Money;
import org.loanledger.shared.personal.PersonalText;

class RestrictionEpisodesTest {

    private static final String ACC = "acc-1";

    @Test
    void listsEveryRestrictionOldestFirstWithHowItEnded() {
        List<RecordedEvent> events = new AccountHistoryFixture()
                .then(t -> new AccountOpened(ACC, "cust-1", "CNY", Money.of("CNY", "5000.00"), t, "lender", "k0"))
                .then(t -> new FundsBorrowed(ACC, "dd-1", Money.of("CNY", "1000.00"), 30, LocalDate.of(2026, 12, 1), t, "lender", "k1"))
                .then(t -> new AccountFrozen(ACC, ReasonCode.SYSTEM_MAINTENANCE, PersonalText.clear("migration"), t, "ops-carol", "k2"))
                .then(t -> new AccountUnfrozen(ACC, ReasonCode.MAINTENANCE_ENDED, PersonalText.clear("migration done"), List.of(2L), t, "ops-carol", "k3"))
                .then(t -> new CreditLimitChanged(ACC, Money.of("CNY", "5000.00"), Money.of("CNY", "0.00"),
                        ReasonCode.MANUAL_REVIEW, PersonalText.clear("review"), true, List.of(), t, "ops-alice", "k4"))
                .events();

        List<RestrictionEpisodes.Episode> episodes = RestrictionEpisodes.of(ACC, events);

        assertThat(episodes).hasSize(2);
        var maintenance = episodes.get(0);
        assertThat(maintenance.explanation().kind()).isEqualTo(RestrictionKind.FREEZE);
        assertThat(maintenance.explanation().eventSequence()).isEqualTo(2);
        assertThat(maintenance.ending().eventSequence()).isEqualTo(3);
        assertThat(maintenance.ending().reasonCode()).isEqualTo(ReasonCode.MAINTENANCE_ENDED);
        assertThat(maintenance.ending().endedBy()).isEqualTo("ops-carol");
        assertThat(maintenance.ending().endedAt()).isEqualTo(AccountHistoryFixture.at(3));
        var cut = episodes.get(1);
        assertThat(cut.explanation().kind()).isEqualTo(RestrictionKind.LIMIT_CUT);
        assertThat(cut.explanation().stateBefore().available()).isEqualTo("4000.00");
        assertThat(cut.ending()).isNull();
    }
}
