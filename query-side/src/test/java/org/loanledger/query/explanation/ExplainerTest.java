package org.loanledger.query.explanation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.loanledger.shared.account.AccountFrozen;
import org.loanledger.shared.account.AccountOpened;
import org.loanledger.shared.account.AccountStatus;
import org.loanledger.shared.account.AccountUnfrozen;
import org.loanledger.shared.account.CreditLimitChanged;
import org.loanledger.shared.account.FundsBorrowed;
import org.loanledger.shared.account.ReasonCode;
import org.loanledger.shared.account.RestrictionKind;
import org.loanledger.shared.json.LedgerJson;
import org.loanledger.shared.money.Money;
import org.loanledger.shared.personal.PersonalText;

class ExplainerTest {

    private static final String ACC = "acc-1";

    private static Money cny(String amount) {
        return Money.of("CNY", amount);
    }

    private static AccountHistoryFixture openedAndBorrowed() {
        return new AccountHistoryFixture()
                .then(t -> new AccountOpened(ACC, "cust-1", "CNY", cny("5000.00"), t, "lender", "k0"))
                .then(t -> new FundsBorrowed(ACC, "dd-1", cny("1500.00"), 30, LocalDate.of(2026, 12, 1), t, "lender", "k1"));
    }

    @Nested
    class ManualFreeze {

        private final List<org.loanledger.query.explanation.RecordedEvent> events = openedAndBorrowed()
                .then(t -> new AccountFrozen(ACC, ReasonCode.MANUAL_REVIEW, PersonalText.clear("documents requested"), t, "ops-alice", "k2"))
                .events();

        @Test
        void namesTheFreezeItsEventWhoImposedItAndTheStateAroundIt() {
            Explanation explanation = Explainer.explain(ACC, events, AccountHistoryFixture.at(10));

            assertThat(explanation.canBorrow()).isFalse();
            assertThat(explanation.status()).isEqualTo(AccountStatus.FROZEN);
            var restriction = explanation.restriction();
            assertThat(restriction.kind()).isEqualTo(RestrictionKind.FREEZE);
            assertThat(restriction.reasonCode()).isEqualTo(ReasonCode.MANUAL_REVIEW);
            assertThat(restriction.eventSequence()).isEqualTo(2);
            assertThat(restriction.imposedAt()).isEqualTo(AccountHistoryFixture.at(2));
            assertThat(restriction.imposedBy()).isEqualTo("ops-alice");
            assertThat(restriction.solelyAutomated()).isFalse();
            assertThat(restriction.note()).isEqualTo("documents requested");
            assertThat(restriction.stateBefore().status()).isEqualTo(AccountStatus.ACTIVE);
            assertThat(restriction.stateBefore().available()).isEqualTo("3500.00");
            assertThat(restriction.stateAfter().status()).isEqualTo(AccountStatus.FROZEN);
            assertThat(restriction.stateAfter().available()).isEqualTo("0.00");
            assertThat(restriction.liftableBy()).extracting(Explanation.LiftOption::kind).containsExactly("OPS_REVIEW", "APPEAL");
            assertThat(restriction.narrative().en()).contains("frozen on 2026-11-01").contains("manual review").contains("appeal");
            assertThat(restriction.narrative().zh()).contains("人工审核").contains("申诉");
        }

        @Test
        void anInstantBeforeTheFreezeCanBorrowWithNoRestriction() {
            Explanation explanation = Explainer.explain(ACC, events, AccountHistoryFixture.at(1));

            assertThat(explanation.canBorrow()).isTrue();
            assertThat(explanation.restriction()).isNull();
            assertThat(explanation.asOfSequence()).isEqualTo(1);
            assertThat(explanation.available()).isEqualTo("3500.00");
        }

        @Test
        void isByteIdenticalAcrossCalls() throws Exception {
            ObjectMapper json = LedgerJson.storageMapper();
            Instant at = AccountHistoryFixture.at(5);

            String first = json.writeValueAsString(Explainer.explain(ACC, events, at));
            String second = json.writeValueAsString(Explainer.explain(ACC, List.copyOf(events), at));

            assertThat(second).isEqualTo(first);
        }

        @Test
        void afterTheUnfreezeTheAccountCanBorrowAgain() {
            List<RecordedEvent> lifted = openedAndBorrowed()
                    .then(t -> new AccountFrozen(ACC, ReasonCode.MANUAL_REVIEW, PersonalText.clear("documents requested"), t, "ops-alice", "k2"))
                    .then(t -> new AccountUnfrozen(ACC, ReasonCode.MANUAL_REVIEW, PersonalText.clear("received"), List.of(2L), t, "ops-bob", "k3"))
                    .events();

            assertThat(Explainer.explain(ACC, lifted, AccountHistoryFixture.at(2)).canBorrow()).isFalse();
            assertThat(Explainer.explain(ACC, lifted, AccountHistoryFixture.at(3)).canBorrow()).isTrue();
        }
    }

    @Test
    void aSystemMaintenanceFreezeSaysTheCustomerDidNothingWrong() {
        List<RecordedEvent> events = openedAndBorrowed()
                .then(t -> new AccountFrozen(ACC, ReasonCode.SYSTEM_MAINTENANCE, PersonalText.clear("ledger migration"), t, "ops-carol", "k2"))
                .events();

        var restriction = Explainer.explain(ACC, events, AccountHistoryFixture.at(3)).restriction();

        assertThat(restriction.reasonCode()).isEqualTo(ReasonCode.SYSTEM_MAINTENANCE);
        assertThat(restriction.narrative().en()).contains("not caused by anything you did");
        assertThat(restriction.narrative().zh()).contains("不是由您的任何行为造成的");
        assertThat(restriction.liftableBy()).extracting(Explanation.LiftOption::kind).containsExactly("MAINTENANCE_END", "APPEAL");
    }

    @Test
    void aLimitCutBelowOutstandingIsALimitCutRestrictionWithTheLimitsBeforeAndAfter() {
        List<RecordedEvent> events = openedAndBorrowed()
                .then(t -> new CreditLimitChanged(ACC, cny("5000.00"), cny("1000.00"), ReasonCode.MANUAL_REVIEW,
                        PersonalText.clear("income not verified"), true, List.of(), t, "ops-alice", "k2"))
                .events();

        Explanation explanation = Explainer.explain(ACC, events, AccountHistoryFixture.at(2));

        assertThat(explanation.canBorrow()).isFalse();
        assertThat(explanation.status()).isEqualTo(AccountStatus.ACTIVE);
        var restriction = explanation.restriction();
        assertThat(restriction.kind()).isEqualTo(RestrictionKind.LIMIT_CUT);
        assertThat(restriction.stateBefore().creditLimit()).isEqualTo("5000.00");
        assertThat(restriction.stateAfter().creditLimit()).isEqualTo("1000.00");
        assertThat(restriction.stateAfter().outstanding()).isEqualTo("1500.00");
        assertThat(restriction.stateAfter().available()).isEqualTo("0.00");
        assertThat(restriction.principalReasons().get(0).observed()).isEqualTo("limit 5000.00 -> 1000.00");
        assertThat(restriction.narrative().en()).contains("cut from 5000.00 to 1000.00");
    }

    @Test
    void aFullyDrawnLineHasNoRestrictionButCannotBorrow() {
        List<RecordedEvent> events = new AccountHistoryFixture()
                .then(t -> new AccountOpened(ACC, "cust-1", "CNY", cny("100.00"), t, "lender", "k0"))
                .then(t -> new FundsBorrowed(ACC, "dd-1", cny("100.00"), 30, LocalDate.of(2026, 12, 1), t, "lender", "k1"))
                .events();

        Explanation explanation = Explainer.explain(ACC, events, AccountHistoryFixture.at(1));

        assertThat(explanation.canBorrow()).isFalse();
        assertThat(explanation.restriction()).isNull();
        assertThat(explanation.narrative().en()).contains("whole credit limit is in use");
    }

    @Test
    void beforeTheAccountWasOpenedThereIsNothingToBorrowFrom() {
        Explanation explanation = Explainer.explain(ACC, openedAndBorrowed().events(), Instant.parse("2026-10-01T00:00:00Z"));

        assertThat(explanation.canBorrow()).isFalse();
        assertThat(explanation.asOfSequence()).isEqualTo(-1);
        assertThat(explanation.narrative().en()).contains("did not exist");
    }
}
