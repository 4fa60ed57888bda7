package org.loanledger.shared.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.loanledger.shared.money.Money;
import org.loanledger.shared.personal.PersonalText;

class AccountFoldTest {

    private static final String ACCOUNT = "acc-1";
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    private static Money eur(String amount) {
        return Money.of("EUR", amount);
    }

    private static Instant at(int minutes) {
        return T0.plusSeconds(60L * minutes);
    }

    private static AccountOpened opened(String limit) {
        return new AccountOpened(ACCOUNT, "cust-1", "EUR", eur(limit), T0, "ops-1", "r-open");
    }

    private static FundsBorrowed borrowed(String drawdownId, String amount, LocalDate due, int minute) {
        return new FundsBorrowed(ACCOUNT, drawdownId, eur(amount), 30, due, at(minute), "cust-1", "r-" + drawdownId);
    }

    private static RepaymentAllocation allocation(String drawdownId, String principal, String remaining, LocalDate due) {
        return new RepaymentAllocation(drawdownId, eur(principal), eur(remaining), due, true, eur(remaining).zeroAmount());
    }

    private static RepaymentReceived repaid(String amount, int minute, RepaymentAllocation... allocations) {
        return new RepaymentReceived(ACCOUNT, eur(amount), List.of(allocations), true, false, at(minute), "cust-1",
                "r-repay-" + minute);
    }

    private static AccountFrozen frozen(ReasonCode reason, int minute) {
        return new AccountFrozen(ACCOUNT, reason, PersonalText.clear("because"), at(minute), "risk-engine", null);
    }

    private static AccountUnfrozen unfrozen(int minute, Long... lifted) {
        return new AccountUnfrozen(ACCOUNT, ReasonCode.APPEAL_UPHELD, PersonalText.clear("upheld"), List.of(lifted), at(minute), "ops-2", null);
    }

    private static CreditLimitChanged limitChanged(String from, String to, boolean cut, int minute, Long... lifted) {
        return new CreditLimitChanged(ACCOUNT, eur(from), eur(to), cut ? ReasonCode.MODEL_RESCORE : ReasonCode.RESCORED,
                PersonalText.clear("rescore"), cut, List.of(lifted), at(minute), "model-v7", null);
    }

    private static AccountState fold(AccountEvent... events) {
        return AccountFold.replay(ACCOUNT, List.of(events));
    }

    private static final LocalDate MARCH_10 = LocalDate.of(2025, 3, 10);
    private static final LocalDate FEB_20 = LocalDate.of(2025, 2, 20);
    private static final LocalDate APRIL_1 = LocalDate.of(2025, 4, 1);

    @Nested
    class Unopened {

        @Test
        void anAccountWithoutEventsIsNotOpened() {
            AccountState state = AccountFold.replay(ACCOUNT, List.of());

            assertThat(state).isEqualTo(AccountState.unopened(ACCOUNT));
            assertThat(state.opened()).isFalse();
            assertThat(state.version()).isEqualTo(-1);
            assertThat(state.nextSequence()).isZero();
        }
    }

    @Nested
    class Opened {

        @Test
        void opensActiveWithTheLimitAndNothingOutstanding() {
            AccountState state = fold(opened("1000"));

            assertThat(state.opened()).isTrue();
            assertThat(state.customerId()).isEqualTo("cust-1");
            assertThat(state.currency()).isEqualTo("EUR");
            assertThat(state.status()).isEqualTo(AccountStatus.ACTIVE);
            assertThat(state.creditLimit()).isEqualTo(eur("1000"));
            assertThat(state.outstanding()).isEqualTo(Money.zero("EUR"));
            assertThat(state.available()).isEqualTo(eur("1000"));
            assertThat(state.drawdowns()).isEmpty();
            assertThat(state.restrictions()).isEmpty();
            assertThat(state.version()).isZero();
            assertThat(state.updatedAt()).isEqualTo(T0);
        }
    }

    @Nested
    class Borrowed {

        @Test
        void addsADrawdownAndItsPrincipalToTheOutstanding() {
            AccountState state = fold(opened("1000"), borrowed("dd-1", "250.50", MARCH_10, 1));

            assertThat(state.outstanding()).isEqualTo(eur("250.50"));
            assertThat(state.available()).isEqualTo(eur("749.50"));
            assertThat(state.drawdowns()).containsExactly(
                    new Drawdown("dd-1", eur("250.50"), eur("250.50"), 30, MARCH_10, at(1), 1));
            assertThat(state.version()).isEqualTo(1);
            assertThat(state.updatedAt()).isEqualTo(at(1));
        }

        @Test
        void keepsDrawdownsEarliestDueFirst() {
            AccountState state = fold(opened("1000"),
                    borrowed("late", "10", APRIL_1, 1),
                    borrowed("early", "10", FEB_20, 2),
                    borrowed("middle", "10", MARCH_10, 3));

            assertThat(state.drawdowns()).extracting(Drawdown::drawdownId).containsExactly("early", "middle", "late");
        }

        @Test
        void breaksDueDateTiesByEarliestBorrowed() {
            AccountState state = fold(opened("1000"),
                    borrowed("first", "10", MARCH_10, 1),
                    borrowed("other", "10", FEB_20, 2),
                    borrowed("second", "10", MARCH_10, 3),
                    borrowed("third", "10", MARCH_10, 4));

            assertThat(state.drawdowns()).extracting(Drawdown::drawdownId)
                    .containsExactly("other", "first", "second", "third");
            assertThat(state.drawdowns()).extracting(Drawdown::sequence).containsExactly(2L, 1L, 3L, 4L);
        }

        @Test
        void appliesTheRecordedBorrowingEvenBeyondTheLimit() {
            // The fold never re-decides: a recorded fact is applied as recorded.
            AccountState state = fold(opened("100"), borrowed("dd-1", "150", MARCH_10, 1));

            assertThat(state.outstanding()).isEqualTo(eur("150"));
            assertThat(state.available()).isEqualTo(Money.zero("EUR"));
        }
    }

    @Nested
    class Repaid {

        @Test
        void appliesTheRecordedAllocationsAndDropsSettledDrawdowns() {
            AccountState state = fold(opened("1000"),
                    borrowed("dd-1", "100", MARCH_10, 1),
                    borrowed("dd-2", "200", FEB_20, 2),
                    repaid("250", 3, allocation("dd-2", "200", "0", FEB_20), allocation("dd-1", "50", "50", MARCH_10)));

            assertThat(state.outstanding()).isEqualTo(eur("50"));
            assertThat(state.drawdowns()).containsExactly(
                    new Drawdown("dd-1", eur("100"), eur("50"), 30, MARCH_10, at(1), 1));
            assertThat(state.version()).isEqualTo(3);
        }

        @Test
        void followsTheRecordedAllocationRatherThanDecidingAgain() {
            // Allocated to the later drawdown as recorded, although settlement order would have picked the other.
            AccountState state = fold(opened("1000"),
                    borrowed("dd-1", "100", FEB_20, 1),
                    borrowed("dd-2", "100", MARCH_10, 2),
                    repaid("40", 3, allocation("dd-2", "40", "60", MARCH_10)));

            assertThat(state.drawdowns()).extracting(d -> d.outstanding().toPlainString())
                    .containsExactly("100.00", "60.00");
        }

        @Test
        void leavesNothingOpenWhenEverythingIsRepaid() {
            AccountState state = fold(opened("1000"),
                    borrowed("dd-1", "100", MARCH_10, 1),
                    repaid("100", 2, allocation("dd-1", "100", "0", MARCH_10)));

            assertThat(state.outstanding().zeroAmount()).isTrue();
            assertThat(state.drawdowns()).isEmpty();
            assertThat(state.available()).isEqualTo(eur("1000"));
        }
    }

    @Nested
    class Frozen {

        @Test
        void imposesAFreezeIdentifiedByTheEventSequence() {
            AccountState state = fold(opened("1000"), borrowed("dd-1", "100", MARCH_10, 1),
                    frozen(ReasonCode.RISK_RULE, 2));

            assertThat(state.status()).isEqualTo(AccountStatus.FROZEN);
            assertThat(state.available()).isEqualTo(Money.zero("EUR"));
            assertThat(state.restrictions()).containsExactly(
                    new Restriction(2, RestrictionKind.FREEZE, ReasonCode.RISK_RULE, at(2), "risk-engine"));
            assertThat(state.restrictionInForce()).map(Restriction::eventSequence).hasValue(2L);
            assertThat(state.outstanding()).isEqualTo(eur("100"));
        }

        @Test
        void repaymentWhileFrozenKeepsTheFreeze() {
            AccountState state = fold(opened("1000"), borrowed("dd-1", "100", MARCH_10, 1),
                    frozen(ReasonCode.RISK_RULE, 2),
                    repaid("100", 3, allocation("dd-1", "100", "0", MARCH_10)));

            assertThat(state.status()).isEqualTo(AccountStatus.FROZEN);
            assertThat(state.outstanding().zeroAmount()).isTrue();
        }
    }

    @Nested
    class Unfrozen {

        @Test
        void liftsTheNamedFreezesAndReactivates() {
            AccountState state = fold(opened("1000"), frozen(ReasonCode.RISK_RULE, 1),
                    frozen(ReasonCode.MODEL_RESCORE, 2), unfrozen(3, 1L, 2L));

            assertThat(state.status()).isEqualTo(AccountStatus.ACTIVE);
            assertThat(state.restrictions()).isEmpty();
            assertThat(state.available()).isEqualTo(eur("1000"));
        }

        @Test
        void staysFrozenWhileAnUnliftedFreezeRemains() {
            AccountState state = fold(opened("1000"), frozen(ReasonCode.RISK_RULE, 1),
                    frozen(ReasonCode.SYSTEM_MAINTENANCE, 2), unfrozen(3, 1L));

            assertThat(state.status()).isEqualTo(AccountStatus.FROZEN);
            assertThat(state.restrictions()).extracting(Restriction::eventSequence).containsExactly(2L);
            assertThat(state.restrictionInForce()).map(Restriction::reasonCode).hasValue(ReasonCode.SYSTEM_MAINTENANCE);
        }

        @Test
        void leavesALimitCutInForce() {
            AccountState state = fold(opened("1000"), limitChanged("1000", "0", true, 1),
                    frozen(ReasonCode.RISK_RULE, 2), unfrozen(3, 2L));

            assertThat(state.status()).isEqualTo(AccountStatus.ACTIVE);
            assertThat(state.restrictions()).extracting(Restriction::kind).containsExactly(RestrictionKind.LIMIT_CUT);
            assertThat(state.available()).isEqualTo(Money.zero("EUR"));
        }
    }

    @Nested
    class LimitChanged {

        @Test
        void aCutBelowOutstandingIsALimitCutRestrictionButNotAFreeze() {
            AccountState state = fold(opened("1000"), borrowed("dd-1", "400", MARCH_10, 1),
                    limitChanged("1000", "300", true, 2));

            assertThat(state.status()).isEqualTo(AccountStatus.ACTIVE);
            assertThat(state.creditLimit()).isEqualTo(eur("300"));
            assertThat(state.outstanding()).isEqualTo(eur("400"));
            assertThat(state.available()).isEqualTo(Money.zero("EUR"));
            assertThat(state.restrictions()).containsExactly(
                    new Restriction(2, RestrictionKind.LIMIT_CUT, ReasonCode.MODEL_RESCORE, at(2), "model-v7",
                            null, null, eur("1000"), null));
        }

        @Test
        void aChangeThatImposesNoCutOnlyMovesTheLimit() {
            AccountState state = fold(opened("1000"), limitChanged("1000", "600", false, 1));

            assertThat(state.creditLimit()).isEqualTo(eur("600"));
            assertThat(state.restrictions()).isEmpty();
            assertThat(state.available()).isEqualTo(eur("600"));
        }

        @Test
        void raisingLiftsTheNamedCuts() {
            AccountState state = fold(opened("1000"), borrowed("dd-1", "400", MARCH_10, 1),
                    limitChanged("1000", "300", true, 2), limitChanged("300", "900", false, 3, 2L));

            assertThat(state.restrictions()).isEmpty();
            assertThat(state.creditLimit()).isEqualTo(eur("900"));
            assertThat(state.available()).isEqualTo(eur("500"));
        }

        @Test
        void aLimitChangeLeavesAFreezeInForce() {
            AccountState state = fold(opened("1000"), frozen(ReasonCode.RISK_RULE, 1),
                    limitChanged("1000", "2000", false, 2));

            assertThat(state.status()).isEqualTo(AccountStatus.FROZEN);
            assertThat(state.creditLimit()).isEqualTo(eur("2000"));
            assertThat(state.available()).isEqualTo(Money.zero("EUR"));
        }
    }

    @Nested
    class Closed {

        @Test
        void closesAndClearsRestrictions() {
            AccountState state = fold(opened("1000"), frozen(ReasonCode.CUSTOMER_REQUEST, 1),
                    new AccountClosed(ACCOUNT, ReasonCode.CUSTOMER_REQUEST, PersonalText.clear("moving banks"), at(2), "ops-1", "r-close"));

            assertThat(state.status()).isEqualTo(AccountStatus.CLOSED);
            assertThat(state.restrictions()).isEmpty();
            assertThat(state.available()).isEqualTo(Money.zero("EUR"));
            assertThat(state.version()).isEqualTo(2);
        }

        @Test
        void staysClosedWhateverFollows() {
            AccountState state = fold(opened("1000"),
                    new AccountClosed(ACCOUNT, ReasonCode.CUSTOMER_REQUEST, PersonalText.clear("moving banks"), at(1), "ops-1", null),
                    frozen(ReasonCode.RISK_RULE, 2), unfrozen(3, 2L), limitChanged("1000", "5000", false, 4));

            assertThat(state.status()).isEqualTo(AccountStatus.CLOSED);
        }
    }

    @Nested
    class Replay {

        @Test
        void replayIsEvolveStepByStep() {
            List<AccountEvent> events = List.of(opened("1000"), borrowed("dd-1", "100", MARCH_10, 1),
                    frozen(ReasonCode.RISK_RULE, 2), repaid("30", 3, allocation("dd-1", "30", "70", MARCH_10)),
                    unfrozen(4, 2L), limitChanged("1000", "50", true, 5));

            AccountState stepwise = AccountState.unopened(ACCOUNT);
            List<Long> versions = new ArrayList<>();
            for (AccountEvent event : events) {
                stepwise = AccountFold.evolve(stepwise, event);
                versions.add(stepwise.version());
            }

            assertThat(AccountFold.replay(ACCOUNT, events)).isEqualTo(stepwise);
            assertThat(versions).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
            assertThat(stepwise.outstanding()).isEqualTo(eur("70"));
            assertThat(stepwise.restrictions()).extracting(Restriction::kind).containsExactly(RestrictionKind.LIMIT_CUT);
        }

        @Test
        void replayingTwiceGivesEqualStates() {
            List<AccountEvent> events = List.of(opened("1000"), borrowed("dd-1", "100", MARCH_10, 1),
                    frozen(ReasonCode.RISK_RULE, 2));

            assertThat(AccountFold.replay(ACCOUNT, events)).isEqualTo(AccountFold.replay(ACCOUNT, events));
        }

        @Test
        void stateListsCannotBeChangedFromOutside() {
            AccountState state = fold(opened("1000"), borrowed("dd-1", "100", MARCH_10, 1));

            assertThatThrownBy(() -> state.drawdowns().clear()).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> state.restrictions().clear()).isInstanceOf(UnsupportedOperationException.class);
        }
    }
}
