package org.loanledger.command.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.loanledger.command.account.AccountTestData.ACCOUNT;
import static org.loanledger.command.account.AccountTestData.CLOCK;
import static org.loanledger.command.account.AccountTestData.CUSTOMER;
import static org.loanledger.command.account.AccountTestData.CUSTOMER_ACTOR;
import static org.loanledger.command.account.AccountTestData.LIMITS;
import static org.loanledger.command.account.AccountTestData.NOW;
import static org.loanledger.command.account.AccountTestData.OPS_ACTOR;
import static org.loanledger.command.account.AccountTestData.TODAY;
import static org.loanledger.command.account.AccountTestData.actor;
import static org.loanledger.command.account.AccountTestData.borrowed;
import static org.loanledger.command.account.AccountTestData.dec;
import static org.loanledger.command.account.AccountTestData.eur;
import static org.loanledger.command.account.AccountTestData.frozen;
import static org.loanledger.command.account.AccountTestData.limitCut;
import static org.loanledger.command.account.AccountTestData.minutesBefore;
import static org.loanledger.command.account.AccountTestData.opened;
import static org.loanledger.command.account.AccountTestData.refused;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.loanledger.shared.account.AccountClosed;
import org.loanledger.shared.account.AccountFold;
import org.loanledger.shared.account.AccountFrozen;
import org.loanledger.shared.account.AccountOpened;
import org.loanledger.shared.account.AccountState;
import org.loanledger.shared.account.AccountStatus;
import org.loanledger.shared.account.AccountUnfrozen;
import org.loanledger.shared.account.BorrowCommand;
import org.loanledger.shared.account.ChangeCreditLimitCommand;
import org.loanledger.shared.account.CloseAccountCommand;
import org.loanledger.shared.account.CreditLimitChanged;
import org.loanledger.shared.account.Drawdown;
import org.loanledger.shared.account.EraseCustomerDataCommand;
import org.loanledger.shared.account.FreezeAccountCommand;
import org.loanledger.shared.account.FundsBorrowed;
import org.loanledger.shared.account.OpenAccountCommand;
import org.loanledger.shared.account.PersonalDataErased;
import org.loanledger.shared.account.ReasonCode;
import org.loanledger.shared.account.RefusalCode;
import org.loanledger.shared.account.RepayCommand;
import org.loanledger.shared.account.RepaymentAllocation;
import org.loanledger.shared.account.RepaymentReceived;
import org.loanledger.shared.account.Restriction;
import org.loanledger.shared.account.RestrictionKind;
import org.loanledger.shared.account.UnfreezeAccountCommand;
import org.loanledger.shared.money.Money;
import org.loanledger.shared.personal.PersonalText;

/** Every command of a loan account, its success and each of its refusals, given its prior events. */
class LoanAccountTest {

    private static final LocalDate FEB_15 = LocalDate.of(2025, 2, 15);
    private static final LocalDate MAR_20 = LocalDate.of(2025, 3, 20);
    private static final LocalDate APR_10 = LocalDate.of(2025, 4, 10);

    private FixtureConfiguration<LoanAccount> fixture;

    @BeforeEach
    void setUp() {
        fixture = fixture(CLOCK);
    }

    static FixtureConfiguration<LoanAccount> fixture(Clock clock) {
        FixtureConfiguration<LoanAccount> configured = new AggregateTestFixture<>(LoanAccount.class);
        configured.registerInjectableResource(clock);
        configured.registerInjectableResource(LIMITS);
        configured.registerInjectableResource(AccountTestData.NO_RULES);
        return configured;
    }

    private static CommandOutcome outcome(AccountStatus status, String limit, String outstanding, String available,
                                          long version, FundsBorrowed borrowed, RepaymentReceived repaid) {
        return new CommandOutcome(ACCOUNT, CUSTOMER, "EUR", status, eur(limit), eur(outstanding), eur(available),
                version, borrowed, repaid);
    }

    private static AccountClosed closed(int minutesAgo) {
        return new AccountClosed(ACCOUNT, ReasonCode.CUSTOMER_REQUEST, PersonalText.clear("moving banks"), minutesBefore(minutesAgo),
                OPS_ACTOR, null);
    }

    @Nested
    class Open {

        private final OpenAccountCommand open = new OpenAccountCommand(ACCOUNT, CUSTOMER, "EUR", dec("5000"), "r-open");

        @Test
        void openingCreatesAnActiveAccountWithTheLimit() {
            fixture.givenNoPriorActivity()
                    .when(open, actor(OPS_ACTOR))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new AccountOpened(ACCOUNT, CUSTOMER, "EUR", eur("5000"), NOW, OPS_ACTOR, "r-open"))
                    .expectResultMessagePayload(outcome(AccountStatus.ACTIVE, "5000", "0", "5000", 0, null, null))
                    .expectState(account -> {
                        assertThat(account.state().status()).isEqualTo(AccountStatus.ACTIVE);
                        assertThat(account.state().version()).isZero();
                    });
        }

        @Test
        void anAccountOpenedWithoutAnActorRecordsAnUnknownActor() {
            fixture.givenNoPriorActivity()
                    .when(new OpenAccountCommand(ACCOUNT, CUSTOMER, "USD", dec("10.5"), null))
                    .expectEvents(new AccountOpened(ACCOUNT, CUSTOMER, "USD", Money.of("USD", "10.50"), NOW, "unknown",
                            null));
        }

        @Test
        void openingAnExistingAccountIsRefused() {
            fixture.given(opened("1000"))
                    .when(open, actor(OPS_ACTOR))
                    .expectException(refused(RefusalCode.ACCOUNT_EXISTS, Map.of("accountId", ACCOUNT)))
                    .expectNoEvents();
        }

        @Test
        void openingAClosedAccountAgainIsRefused() {
            fixture.given(opened("1000"), closed(5))
                    .when(open, actor(OPS_ACTOR))
                    .expectException(refused(RefusalCode.ACCOUNT_EXISTS))
                    .expectNoEvents();
        }

        @ParameterizedTest
        @ValueSource(strings = {"JPY", "KWD", "EURO", "eur", "XYZ"})
        void openingInACurrencyWithoutTwoMinorDigitsOrUnknownIsRefused(String currency) {
            fixture.givenNoPriorActivity()
                    .when(new OpenAccountCommand(ACCOUNT, CUSTOMER, currency, dec("100"), null), actor(OPS_ACTOR))
                    .expectException(refused(RefusalCode.VALIDATION_FAILED))
                    .expectNoEvents();
        }

        @Test
        void openingWithoutACurrencyIsRefused() {
            fixture.givenNoPriorActivity()
                    .when(new OpenAccountCommand(ACCOUNT, CUSTOMER, null, dec("100"), null), actor(OPS_ACTOR))
                    .expectException(refused(RefusalCode.VALIDATION_FAILED))
                    .expectNoEvents();
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "0.00", "-0.01", "-100", "1000000.01", "99999999", "100.005", "0.001"})
        void openingWithANonPositiveOversizedOrOverPreciseLimitIsRefused(String limit) {
            fixture.givenNoPriorActivity()
                    .when(new OpenAccountCommand(ACCOUNT, CUSTOMER, "EUR", dec(limit), null), actor(OPS_ACTOR))
                    .expectException(refused(RefusalCode.VALIDATION_FAILED))
                    .expectNoEvents();
        }

        @Test
        void openingWithoutALimitIsRefused() {
            fixture.givenNoPriorActivity()
                    .when(new OpenAccountCommand(ACCOUNT, CUSTOMER, "EUR", null, null), actor(OPS_ACTOR))
                    .expectException(refused(RefusalCode.VALIDATION_FAILED))
                    .expectNoEvents();
        }

        @ParameterizedTest
        @ValueSource(strings = {"1000000.00", "0.01"})
        void openingAtTheLimitBoundsIsAccepted(String limit) {
            fixture.givenNoPriorActivity()
                    .when(new OpenAccountCommand(ACCOUNT, CUSTOMER, "EUR", dec(limit), null), actor(OPS_ACTOR))
                    .expectEvents(new AccountOpened(ACCOUNT, CUSTOMER, "EUR", eur(limit), NOW, OPS_ACTOR, null));
        }

        @ParameterizedTest
        @ValueSource(strings = {"has space", "slash/id", "ünicode", "a-65-characters-long-id-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
        void openingWithAMalformedAccountIdIsRefused(String accountId) {
            fixture.givenNoPriorActivity()
                    .when(new OpenAccountCommand(accountId, CUSTOMER, "EUR", dec("100"), null), actor(OPS_ACTOR))
                    .expectException(refused(RefusalCode.VALIDATION_FAILED, accountId, Map.of()))
                    .expectNoEvents();
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"cust 1", "cust:1"})
        void openingForAMalformedCustomerIdIsRefused(String customerId) {
            fixture.givenNoPriorActivity()
                    .when(new OpenAccountCommand(ACCOUNT, customerId, "EUR", dec("100"), null), actor(OPS_ACTOR))
                    .expectException(refused(RefusalCode.VALIDATION_FAILED))
                    .expectNoEvents();
        }

        @Test
        void idsOfSixtyFourAllowedCharactersAreAccepted() {
            String longId = "A.b_c-9".repeat(9) + "x";
            assertThat(longId).hasSize(64);

            fixture.givenNoPriorActivity()
                    .when(new OpenAccountCommand(longId, longId, "EUR", dec("1"), null), actor(OPS_ACTOR))
                    .expectEvents(new AccountOpened(longId, longId, "EUR", eur("1"), NOW, OPS_ACTOR, null));
        }
    }

    @Nested
    class Borrow {

        private BorrowCommand borrow(String amount) {
            return new BorrowCommand(ACCOUNT, dec(amount), "EUR", 30, "r-b");
        }

        @Test
        void borrowingRecordsADrawdownDueAfterTheTermCountedFromTheClock() {
            FundsBorrowed expected = new FundsBorrowed(ACCOUNT, "dd-1", eur("300"), 30, LocalDate.of(2025, 3, 31), NOW,
                    CUSTOMER_ACTOR, "r-b");

            fixture.given(opened("1000"))
                    .when(borrow("300"), actor(CUSTOMER_ACTOR))
                    .expectEvents(expected)
                    .expectResultMessagePayload(outcome(AccountStatus.ACTIVE, "1000", "300", "700", 1, expected, null))
                    .expectState(account -> assertThat(account.state().drawdowns()).containsExactly(
                            new Drawdown("dd-1", eur("300"), eur("300"), 30, LocalDate.of(2025, 3, 31), NOW, 1)));
        }

        @Test
        void theDrawdownIdComesFromTheAccountsSequence() {
            fixture.given(opened("1000"), borrowed("dd-1", "100", MAR_20, 60), frozen(ReasonCode.RISK_RULE, 50),
                            new AccountUnfrozen(ACCOUNT, ReasonCode.APPEAL_UPHELD, PersonalText.clear("ok"), List.of(2L), minutesBefore(40),
                                    OPS_ACTOR, null))
                    .when(new BorrowCommand(ACCOUNT, dec("50"), null, 7, null), actor(CUSTOMER_ACTOR))
                    .expectEvents(new FundsBorrowed(ACCOUNT, "dd-4", eur("50"), 7, LocalDate.of(2025, 3, 8), NOW,
                            CUSTOMER_ACTOR, null));
        }

        @Test
        void theDueDateIsTheUtcDateOfTheClockPlusTheTerm() {
            Instant lateEvening = Instant.parse("2025-12-31T23:59:59Z");

            fixture(Clock.fixed(lateEvening, ZoneOffset.ofHours(8)))
                    .given(opened("1000"))
                    .when(new BorrowCommand(ACCOUNT, dec("10"), "EUR", 1, null), actor(CUSTOMER_ACTOR))
                    .expectEvents(new FundsBorrowed(ACCOUNT, "dd-1", eur("10"), 1, LocalDate.of(2026, 1, 1),
                            lateEvening, CUSTOMER_ACTOR, null));
        }

        @Test
        void borrowingExactlyTheAvailableLimitIsAccepted() {
            FundsBorrowed expected = new FundsBorrowed(ACCOUNT, "dd-2", eur("600"), 30, LocalDate.of(2025, 3, 31), NOW,
                    CUSTOMER_ACTOR, "r-b");

            fixture.given(opened("1000"), borrowed("dd-1", "400", MAR_20, 60))
                    .when(borrow("600.00"), actor(CUSTOMER_ACTOR))
                    .expectEvents(expected)
                    .expectResultMessagePayload(outcome(AccountStatus.ACTIVE, "1000", "1000", "0", 2, expected, null));
        }

        @Test
        void borrowingOneCentBeyondTheAvailableLimitIsRefused() {
            fixture.given(opened("1000"), borrowed("dd-1", "400", MAR_20, 60))
                    .when(borrow("600.01"), actor(CUSTOMER_ACTOR))
                    .expectException(refused(RefusalCode.INSUFFICIENT_AVAILABLE_LIMIT, Map.of(
                            "creditLimit", "1000.00", "outstanding", "400.00", "available", "600.00",
                            "requested", "600.01")))
                    .expectNoEvents();
        }

        @Test
        void borrowingAfterALimitCutBelowTheOutstandingIsRefused() {
            fixture.given(opened("1000"), borrowed("dd-1", "400", MAR_20, 60), limitCut("1000", "300", 30))
                    .when(borrow("0.01"), actor(CUSTOMER_ACTOR))
                    .expectException(refused(RefusalCode.INSUFFICIENT_AVAILABLE_LIMIT,
                            Map.of("creditLimit", "300.00", "outstanding", "400.00", "available", "0.00")))
                    .expectNoEvents();
        }

        @Test
        void borrowingWhileFrozenIsRefusedWithTheFreezeInForce() {
            fixture.given(opened("1000"), frozen(ReasonCode.RISK_RULE, 30))
                    .when(borrow("1"), actor(CUSTOMER_ACTOR))
                    .expectException(refused(RefusalCode.ACCOUNT_FROZEN, Map.of("accountStatus", "FROZEN",
                            "reasonCode", "RISK_RULE", "eventSequence", "1",
                            "since", minutesBefore(30).toString())))
                    .expectNoEvents();
        }

        @Test
        void aFreezeIsReportedBeforeTheLimit() {
            fixture.given(opened("1000"), frozen(ReasonCode.SYSTEM_MAINTENANCE, 30))
                    .when(borrow("5000"), actor(CUSTOMER_ACTOR))
                    .expectException(refused(RefusalCode.ACCOUNT_FROZEN,
                            Map.of("reasonCode", "SYSTEM_MAINTENANCE")))
                    .expectNoEvents();
        }

        @Test
        void borrowingAfterTheFreezeIsLiftedIsAccepted() {
            fixture.given(opened("1000"), frozen(ReasonCode.RISK_RULE, 30),
                            new AccountUnfrozen(ACCOUNT, ReasonCode.APPEAL_UPHELD, PersonalText.clear("upheld"), List.of(1L),
                                    minutesBefore(10), OPS_ACTOR, null))
                    .when(borrow("1000"), actor(CUSTOMER_ACTOR))
                    .expectEvents(new FundsBorrowed(ACCOUNT, "dd-3", eur("1000"), 30, LocalDate.of(2025, 3, 31), NOW,
                            CUSTOMER_ACTOR, "r-b"));
        }

        @Test
        void borrowingFromAClosedAccountIsRefused() {
            fixture.given(opened("1000"), closed(5))
                    .when(borrow("1"), actor(CUSTOMER_ACTOR))
                    .expectException(refused(RefusalCode.ACCOUNT_CLOSED, Map.of("accountStatus", "CLOSED")))
                    .expectNoEvents();
        }

        @Test
        void borrowingInAnotherCurrencyIsRefused() {
            fixture.given(opened("1000"))
                    .when(new BorrowCommand(ACCOUNT, dec("10"), "USD", 30, null), actor(CUSTOMER_ACTOR))
                    .expectException(refused(RefusalCode.CURRENCY_MISMATCH,
                            Map.of("accountCurrency", "EUR", "requestedCurrency", "USD")))
                    .expectNoEvents();
        }

        @ParameterizedTest
        @ValueSource(ints = {1, 365})
        void termsAtTheBoundsAreAccepted(int termDays) {
            fixture.given(opened("1000"))
                    .when(new BorrowCommand(ACCOUNT, dec("10"), "EUR", termDays, null), actor(CUSTOMER_ACTOR))
                    .expectEvents(new FundsBorrowed(ACCOUNT, "dd-1", eur("10"), termDays, TODAY.plusDays(termDays),
                            NOW, CUSTOMER_ACTOR, null));
        }

        @ParameterizedTest
        @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 366, 10_000})
        void termsOutsideOneToThreeHundredSixtyFiveDaysAreRefused(int termDays) {
            fixture.given(opened("1000"))
                    .when(new BorrowCommand(ACCOUNT, dec("10"), "EUR", termDays, null), actor(CUSTOMER_ACTOR))
                    .expectException(refused(RefusalCode.VALIDATION_FAILED))
                    .expectNoEvents();
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "0.00", "-0.01", "-50", "1000000.01", "10.005", "0.001"})
        void nonPositiveOversizedOrOverPreciseAmountsAreRefused(String amount) {
            fixture.given(opened("1000000"))
                    .when(borrow(amount), actor(CUSTOMER_ACTOR))
                    .expectException(refused(RefusalCode.VALIDATION_FAILED))
                    .expectNoEvents();
        }

        @Test
        void aMissingAmountIsRefused() {
            fixture.given(opened("1000"))
                    .when(new BorrowCommand(ACCOUNT, null, "EUR", 30, null), actor(CUSTOMER_ACTOR))
                    .expectException(refused(RefusalCode.VALIDATION_FAILED))
                    .expectNoEvents();
        }

        @Test
        void theConfiguredMaximumItselfIsAccepted() {
            fixture.given(opened("1000000"))
                    .when(borrow("1000000.00"), actor(CUSTOMER_ACTOR))
                    .expectEvents(new FundsBorrowed(ACCOUNT, "dd-1", eur("1000000"), 30, LocalDate.of(2025, 3, 31),
                            NOW, CUSTOMER_ACTOR, "r-b"));
        }

        @Test
        void trailingZerosBeyondTwoDecimalsAreNotExtraPrecision() {
            fixture.given(opened("1000"))
                    .when(borrow("10.000"), actor(CUSTOMER_ACTOR))
                    .expectEvents(new FundsBorrowed(ACCOUNT, "dd-1", eur("10.00"), 30, LocalDate.of(2025, 3, 31), NOW,
                            CUSTOMER_ACTOR, "r-b"));
        }

        @Test
        void aLowerConfiguredMaximumIsEnforced() {
            FixtureConfiguration<LoanAccount> strict = new AggregateTestFixture<>(LoanAccount.class);
            strict.registerInjectableResource(CLOCK);
            strict.registerInjectableResource(new LedgerLimits(new BigDecimal("500.00"), 1, 365, 1000));
            strict.registerInjectableResource(AccountTestData.NO_RULES);

            strict.given(opened("1000"))
                    .when(borrow("500.01"), actor(CUSTOMER_ACTOR))
                    .expectException(refused(RefusalCode.VALIDATION_FAILED))
                    .expectNoEvents();
        }

        @Test
        void borrowingFromAnAccountThatWasNeverOpenedFindsNoAccount() {
            fixture.givenNoPriorActivity()
                    .when(borrow("10"), actor(CUSTOMER_ACTOR))
                    .expectException(AggregateNotFoundException.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class Repay {

        private RepayCommand repay(String amount) {
            return new RepayCommand(ACCOUNT, dec(amount), "EUR", "r-p");
        }

        private RepaymentReceived received(String amount, boolean early, boolean partialEarly,
                                           RepaymentAllocation... allocations) {
            return new RepaymentReceived(ACCOUNT, eur(amount), List.of(allocations), early, partialEarly, NOW,
                    CUSTOMER_ACTOR, "r-p");
        }

        private RepaymentAllocation allocation(String drawdownId, String principal, String remaining, LocalDate due,
                                               boolean beforeDue) {
            return new RepaymentAllocation(drawdownId, eur(principal), eur(remaining), due, beforeDue,
                    eur(remaining).zeroAmount());
        }

        @Test
        void aRepaymentSettlesEarliestDueFirstAndTiesEarliestBorrowed() {
            RepaymentReceived expected = received("250", true, true,
                    allocation("dd-2", "100", "0", MAR_20, true),
                    allocation("dd-3", "100", "0", MAR_20, true),
                    allocation("dd-1", "50", "50", APR_10, true));

            fixture.given(opened("1000"),
                            borrowed("dd-1", "100", APR_10, 90),
                            borrowed("dd-2", "100", MAR_20, 80),
                            borrowed("dd-3", "100", MAR_20, 70))
                    .when(repay("250"), actor(CUSTOMER_ACTOR))
                    .expectEvents(expected)
                    .expectResultMessagePayload(outcome(AccountStatus.ACTIVE, "1000", "50", "950", 4, null, expected))
                    .expectState(account -> assertThat(account.state().drawdowns())
                            .extracting(Drawdown::drawdownId, d -> d.outstanding().toPlainString())
                            .containsExactly(org.assertj.core.groups.Tuple.tuple("dd-1", "50.00")));
        }

        @Test
        void tiesAreBrokenByBorrowingOrderNotByDrawdownId() {
            fixture.given(opened("1000"),
                            borrowed("dd-b", "100", MAR_20, 90),
                            borrowed("dd-a", "100", MAR_20, 80))
                    .when(repay("30"), actor(CUSTOMER_ACTOR))
                    .expectEvents(received("30", true, true, allocation("dd-b", "30", "70", MAR_20, true)));
        }

        @Test
        void repayingAnOverdueDrawdownIsNotEarly() {
            fixture.given(opened("1000"), borrowed("dd-1", "100", FEB_15, 900))
                    .when(repay("100"), actor(CUSTOMER_ACTOR))
                    .expectEvents(received("100", false, false, allocation("dd-1", "100", "0", FEB_15, false)));
        }

        @Test
        void repayingPartOnTheDueDateIsNotEarly() {
            fixture.given(opened("1000"), borrowed("dd-1", "100", TODAY, 900))
                    .when(repay("40"), actor(CUSTOMER_ACTOR))
                    .expectEvents(received("40", false, false, allocation("dd-1", "40", "60", TODAY, false)));
        }

        @Test
        void settlingBeforeTheDueDateIsEarlyButNotPartialEarly() {
            fixture.given(opened("1000"), borrowed("dd-1", "100", MAR_20, 60))
                    .when(repay("100"), actor(CUSTOMER_ACTOR))
                    .expectEvents(received("100", true, false, allocation("dd-1", "100", "0", MAR_20, true)));
        }

        @Test
        void partOfADrawdownBeforeItsDueDateIsAPartialEarlyRepayment() {
            fixture.given(opened("1000"), borrowed("dd-1", "100", FEB_15, 900), borrowed("dd-2", "100", MAR_20, 60))
                    .when(repay("150"), actor(CUSTOMER_ACTOR))
                    .expectEvents(received("150", true, true,
                            allocation("dd-1", "100", "0", FEB_15, false),
                            allocation("dd-2", "50", "50", MAR_20, true)));
        }

        @Test
        void repaymentIsAcceptedWhileFrozenAndTheFreezeStays() {
            RepaymentReceived expected = received("40", true, true, allocation("dd-1", "40", "60", MAR_20, true));

            fixture.given(opened("1000"), borrowed("dd-1", "100", MAR_20, 60), frozen(ReasonCode.RISK_RULE, 30))
                    .when(repay("40"), actor(CUSTOMER_ACTOR))
                    .expectEvents(expected)
                    .expectResultMessagePayload(outcome(AccountStatus.FROZEN, "1000", "60", "0", 3, null, expected));
        }

        @Test
        void repaymentIsAcceptedUnderALimitCut() {
            fixture.given(opened("1000"), borrowed("dd-1", "400", MAR_20, 60), limitCut("1000", "300", 30))
                    .when(repay("150"), actor(CUSTOMER_ACTOR))
                    .expectEvents(received("150", true, true, allocation("dd-1", "150", "250", MAR_20, true)));
        }

        @Test
        void repayingExactlyTheOutstandingSettlesEverything() {
            fixture.given(opened("1000"), borrowed("dd-1", "100", MAR_20, 60), borrowed("dd-2", "0.01", APR_10, 50))
                    .when(repay("100.01"), actor(CUSTOMER_ACTOR))
                    .expectSuccessfulHandlerExecution()
                    .expectState(account -> {
                        assertThat(account.state().outstanding().zeroAmount()).isTrue();
                        assertThat(account.state().drawdowns()).isEmpty();
                    });
        }

        @Test
        void repayingMoreThanTheOutstandingIsRefusedNotTruncated() {
            fixture.given(opened("1000"), borrowed("dd-1", "100", MAR_20, 60))
                    .when(repay("100.01"), actor(CUSTOMER_ACTOR))
                    .expectException(refused(RefusalCode.REPAYMENT_EXCEEDS_OUTSTANDING,
                            Map.of("outstanding", "100.00", "requested", "100.01")))
                    .expectNoEvents();
        }

        @Test
        void repayingWithNothingOutstandingIsRefused() {
            fixture.given(opened("1000"))
                    .when(repay("0.01"), actor(CUSTOMER_ACTOR))
                    .expectException(refused(RefusalCode.REPAYMENT_EXCEEDS_OUTSTANDING, Map.of("outstanding", "0.00")))
                    .expectNoEvents();
        }

        @Test
        void repayingInAnotherCurrencyIsRefused() {
            fixture.given(opened("1000"), borrowed("dd-1", "100", MAR_20, 60))
                    .when(new RepayCommand(ACCOUNT, dec("10"), "GBP", null), actor(CUSTOMER_ACTOR))
                    .expectException(refused(RefusalCode.CURRENCY_MISMATCH))
                    .expectNoEvents();
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "-1", "10.001", "1000000.01"})
        void nonPositiveOverPreciseOrOversizedRepaymentsAreRefused(String amount) {
            fixture.given(opened("1000000"), borrowed("dd-1", "1000000", MAR_20, 60))
                    .when(repay(amount), actor(CUSTOMER_ACTOR))
                    .expectException(refused(RefusalCode.VALIDATION_FAILED))
                    .expectNoEvents();
        }
    }

    @Nested
    class Freeze {

        private FreezeAccountCommand freeze(ReasonCode reason, String note) {
            return new FreezeAccountCommand(ACCOUNT, reason, note, "r-f");
        }

        @Test
        void freezingRecordsWhoAndWhy() {
            fixture.given(opened("1000"), borrowed("dd-1", "100", MAR_20, 60))
                    .when(freeze(ReasonCode.RISK_RULE, "velocity rule v3: 5 borrowings in 24h"), actor(OPS_ACTOR))
                    .expectEvents(new AccountFrozen(ACCOUNT, ReasonCode.RISK_RULE,
                            PersonalText.clear("velocity rule v3: 5 borrowings in 24h"), NOW, OPS_ACTOR, "r-f"))
                    .expectResultMessagePayload(outcome(AccountStatus.FROZEN, "1000", "100", "0", 2, null, null))
                    .expectState(account -> assertThat(account.state().restrictions()).containsExactly(
                            new Restriction(2, RestrictionKind.FREEZE, ReasonCode.RISK_RULE, NOW, OPS_ACTOR)));
        }

        @ParameterizedTest
        @EnumSource(value = ReasonCode.class, names = {"MODEL_RESCORE", "RISK_RULE", "OVERDUE_HISTORY",
                "SYSTEM_MAINTENANCE", "MANUAL_REVIEW", "CUSTOMER_REQUEST"})
        void everyRestrictingReasonCanFreeze(ReasonCode reason) {
            fixture.given(opened("1000"))
                    .when(freeze(reason, "why"), actor(OPS_ACTOR))
                    .expectEvents(new AccountFrozen(ACCOUNT, reason, PersonalText.clear("why"), NOW, OPS_ACTOR, "r-f"));
        }

        @ParameterizedTest
        @EnumSource(value = ReasonCode.class, names = {"APPEAL_UPHELD", "COOL_OFF_ELAPSED", "RESCORED",
                "MAINTENANCE_ENDED"})
        void aLiftingOnlyReasonCannotFreeze(ReasonCode reason) {
            fixture.given(opened("1000"))
                    .when(freeze(reason, "why"), actor(OPS_ACTOR))
                    .expectException(refused(RefusalCode.VALIDATION_FAILED))
                    .expectNoEvents();
        }

        @Test
        void freezingWithoutAReasonIsRefused() {
            fixture.given(opened("1000"))
                    .when(freeze(null, "why"), actor(OPS_ACTOR))
                    .expectException(refused(RefusalCode.VALIDATION_FAILED))
                    .expectNoEvents();
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"   ", "\t\n"})
        void freezingWithoutANoteIsRefused(String note) {
            fixture.given(opened("1000"))
                    .when(freeze(ReasonCode.MANUAL_REVIEW, note), actor(OPS_ACTOR))
                    .expectException(refused(RefusalCode.VALIDATION_FAILED))
                    .expectNoEvents();
        }

        @Test
        void aNoteLongerThanTheConfiguredMaximumIsRefused() {
            fixture.given(opened("1000"))
                    .when(freeze(ReasonCode.MANUAL_REVIEW, "x".repeat(LIMITS.maxNoteLength() + 1)), actor(OPS_ACTOR))
                    .expectException(refused(RefusalCode.VALIDATION_FAILED))
                    .expectNoEvents();
        }

        @Test
        void aNoteOfExactlyTheMaximumIsAccepted() {
            String note = "x".repeat(LIMITS.maxNoteLength());

            fixture.given(opened("1000"))
                    .when(freeze(ReasonCode.MANUAL_REVIEW, note), actor(OPS_ACTOR))
                    .expectEvents(new AccountFrozen(ACCOUNT, ReasonCode.MANUAL_REVIEW, PersonalText.clear(note), NOW, OPS_ACTOR, "r-f"));
        }

        @Test
        void freezingAFrozenAccountAddsASecondFreeze() {
            fixture.given(opened("1000"), frozen(ReasonCode.RISK_RULE, 30))
                    .when(freeze(ReasonCode.SYSTEM_MAINTENANCE, "migration"), actor(OPS_ACTOR))
                    .expectEvents(new AccountFrozen(ACCOUNT, ReasonCode.SYSTEM_MAINTENANCE, PersonalText.clear("migration"), NOW, OPS_ACTOR,
                            "r-f"))
                    .expectState(account -> assertThat(account.state().restrictionsOfKind(RestrictionKind.FREEZE))
                            .extracting(Restriction::eventSequence).containsExactly(1L, 2L));
        }

        @Test
        void freezingAClosedAccountIsRefused() {
            fixture.given(opened("1000"), closed(5))
                    .when(freeze(ReasonCode.RISK_RULE, "why"), actor(OPS_ACTOR))
                    .expectException(refused(RefusalCode.ACCOUNT_CLOSED))
                    .expectNoEvents();
        }
    }

    @Nested
    class Unfreeze {

        private UnfreezeAccountCommand unfreeze(ReasonCode reason, String note) {
            return new UnfreezeAccountCommand(ACCOUNT, reason, note, "r-u");
        }

        @Test
        void unfreezingLiftsEveryFreezeInForceAndRecordsWhoAndWhy() {
            fixture.given(opened("1000"), frozen(ReasonCode.RISK_RULE, 30), frozen(ReasonCode.SYSTEM_MAINTENANCE, 20))
                    .when(unfreeze(ReasonCode.APPEAL_UPHELD, "appeal A-17 upheld"), actor(OPS_ACTOR))
                    .expectEvents(new AccountUnfrozen(ACCOUNT, ReasonCode.APPEAL_UPHELD, PersonalText.clear("appeal A-17 upheld"),
                            List.of(1L, 2L), NOW, OPS_ACTOR, "r-u"))
                    .expectResultMessagePayload(outcome(AccountStatus.ACTIVE, "1000", "0", "1000", 3, null, null));
        }

        @ParameterizedTest
        @EnumSource(value = ReasonCode.class, names = {"APPEAL_UPHELD", "COOL_OFF_ELAPSED", "RESCORED",
                "MAINTENANCE_ENDED", "MANUAL_REVIEW"})
        void everyLiftingReasonCanUnfreeze(ReasonCode reason) {
            fixture.given(opened("1000"), frozen(ReasonCode.RISK_RULE, 30))
                    .when(unfreeze(reason, "why"), actor(OPS_ACTOR))
                    .expectEvents(new AccountUnfrozen(ACCOUNT, reason, PersonalText.clear("why"), List.of(1L), NOW, OPS_ACTOR, "r-u"));
        }

        @ParameterizedTest
        @EnumSource(value = ReasonCode.class, names = {"MODEL_RESCORE", "RISK_RULE", "OVERDUE_HISTORY",
                "SYSTEM_MAINTENANCE", "CUSTOMER_REQUEST"})
        void aRestrictingOnlyReasonCannotUnfreeze(ReasonCode reason) {
            fixture.given(opened("1000"), frozen(ReasonCode.RISK_RULE, 30))
                    .when(unfreeze(reason, "why"), actor(OPS_ACTOR))
                    .expectException(refused(RefusalCode.VALIDATION_FAILED))
                    .expectNoEvents();
        }

        @Test
        void unfreezingWithoutAReasonIsRefused() {
            fixture.given(opened("1000"), frozen(ReasonCode.RISK_RULE, 30))
                    .when(unfreeze(null, "why"), actor(OPS_ACTOR))
                    .expectException(refused(RefusalCode.VALIDATION_FAILED))
                    .expectNoEvents();
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {" "})
        void unfreezingWithoutANoteIsRefused(String note) {
            fixture.given(opened("1000"), frozen(ReasonCode.RISK_RULE, 30))
                    .when(unfreeze(ReasonCode.APPEAL_UPHELD, note), actor(OPS_ACTOR))
                    .expectException(refused(RefusalCode.VALIDATION_FAILED))
                    .expectNoEvents();
        }

        @Test
        void unfreezingAnAccountThatIsNotFrozenIsRefused() {
            fixture.given(opened("1000"))
                    .when(unfreeze(ReasonCode.APPEAL_UPHELD, "why"), actor(OPS_ACTOR))
                    .expectException(refused(RefusalCode.NOT_RESTRICTED, Map.of("accountStatus", "ACTIVE")))
                    .expectNoEvents();
        }

        @Test
        void unfreezingDoesNotLiftALimitCut() {
            fixture.given(opened("1000"), borrowed("dd-1", "400", MAR_20, 60), limitCut("1000", "300", 30))
                    .when(unfreeze(ReasonCode.APPEAL_UPHELD, "why"), actor(OPS_ACTOR))
                    .expectException(refused(RefusalCode.NOT_RESTRICTED))
                    .expectNoEvents();
        }

        @Test
        void unfreezingLeavesALimitCutInForce() {
            fixture.given(opened("1000"), borrowed("dd-1", "400", MAR_20, 60), limitCut("1000", "300", 30),
                            frozen(ReasonCode.RISK_RULE, 20))
                    .when(unfreeze(ReasonCode.APPEAL_UPHELD, "why"), actor(OPS_ACTOR))
                    .expectEvents(new AccountUnfrozen(ACCOUNT, ReasonCode.APPEAL_UPHELD, PersonalText.clear("why"), List.of(3L), NOW,
                            OPS_ACTOR, "r-u"))
                    .expectState(account -> {
                        assertThat(account.state().status()).isEqualTo(AccountStatus.ACTIVE);
                        assertThat(account.state().restrictions()).extracting(Restriction::kind)
                                .containsExactly(RestrictionKind.LIMIT_CUT);
                        assertThat(account.state().available().zeroAmount()).isTrue();
                    });
        }

        @Test
        void unfreezingAClosedAccountIsRefused() {
            fixture.given(opened("1000"), frozen(ReasonCode.RISK_RULE, 30), closed(5))
                    .when(unfreeze(ReasonCode.APPEAL_UPHELD, "why"), actor(OPS_ACTOR))
                    .expectException(refused(RefusalCode.ACCOUNT_CLOSED))
                    .expectNoEvents();
        }
    }

    @Nested
    class ChangeCreditLimit {

        private ChangeCreditLimitCommand change(String limit, ReasonCode reason) {
            return new ChangeCreditLimitCommand(ACCOUNT, limit == null ? null : dec(limit), "EUR", reason, "rescore",
                    "r-l");
        }

        private CreditLimitChanged changed(String from, String to, ReasonCode reason, boolean cut, Long... lifted) {
            return new CreditLimitChanged(ACCOUNT, eur(from), eur(to), reason, PersonalText.clear("rescore"), cut, List.of(lifted), NOW,
                    OPS_ACTOR, "r-l");
        }

        @Test
        void raisingTheLimitRaisesWhatIsAvailable() {
            fixture.given(opened("1000"), borrowed("dd-1", "400", MAR_20, 60))
                    .when(change("2000", ReasonCode.RESCORED), actor(OPS_ACTOR))
                    .expectEvents(changed("1000", "2000", ReasonCode.RESCORED, false))
                    .expectResultMessagePayload(outcome(AccountStatus.ACTIVE, "2000", "400", "1600", 2, null, null));
        }

        @Test
        void loweringAboveTheOutstandingIsNoRestriction() {
            fixture.given(opened("1000"), borrowed("dd-1", "400", MAR_20, 60))
                    .when(change("600", ReasonCode.MODEL_RESCORE), actor(OPS_ACTOR))
                    .expectEvents(changed("1000", "600", ReasonCode.MODEL_RESCORE, false))
                    .expectState(account -> assertThat(account.state().restrictions()).isEmpty());
        }

        @Test
        void loweringBelowTheOutstandingIsAllowedAndImposesALimitCut() {
            fixture.given(opened("1000"), borrowed("dd-1", "400", MAR_20, 60))
                    .when(change("300", ReasonCode.MODEL_RESCORE), actor(OPS_ACTOR))
                    .expectEvents(changed("1000", "300", ReasonCode.MODEL_RESCORE, true))
                    .expectResultMessagePayload(outcome(AccountStatus.ACTIVE, "300", "400", "0", 2, null, null))
                    .expectState(account -> assertThat(account.state().restrictions()).containsExactly(
                            new Restriction(2, RestrictionKind.LIMIT_CUT, ReasonCode.MODEL_RESCORE, NOW, OPS_ACTOR,
                                    null, null, Money.of("EUR", "1000"), null)));
        }

        @Test
        void loweringToExactlyTheOutstandingLeavesNothingAndIsALimitCut() {
            fixture.given(opened("1000"), borrowed("dd-1", "400", MAR_20, 60))
                    .when(change("400", ReasonCode.RISK_RULE), actor(OPS_ACTOR))
                    .expectEvents(changed("1000", "400", ReasonCode.RISK_RULE, true));
        }

        @Test
        void cuttingToZeroWithNothingOutstandingIsALimitCut() {
            fixture.given(opened("1000"))
                    .when(change("0", ReasonCode.OVERDUE_HISTORY), actor(OPS_ACTOR))
                    .expectEvents(changed("1000", "0", ReasonCode.OVERDUE_HISTORY, true));
        }

        @Test
        void raisingAboveTheOutstandingLiftsTheLimitCuts() {
            fixture.given(opened("1000"), borrowed("dd-1", "400", MAR_20, 60), limitCut("1000", "300", 30),
                            limitCut("300", "200", 20))
                    .when(change("900", ReasonCode.RESCORED), actor(OPS_ACTOR))
                    .expectEvents(changed("200", "900", ReasonCode.RESCORED, false, 2L, 3L))
                    .expectResultMessagePayload(outcome(AccountStatus.ACTIVE, "900", "400", "500", 4, null, null))
                    .expectState(account -> assertThat(account.state().restrictions()).isEmpty());
        }

        @Test
        void raisingToNoMoreThanTheOutstandingKeepsTheLimitCut() {
            fixture.given(opened("1000"), borrowed("dd-1", "400", MAR_20, 60), limitCut("1000", "300", 30))
                    .when(change("400", ReasonCode.RESCORED), actor(OPS_ACTOR))
                    .expectEvents(changed("300", "400", ReasonCode.RESCORED, false))
                    .expectState(account -> assertThat(account.state().restrictions()).extracting(Restriction::kind)
                            .containsExactly(RestrictionKind.LIMIT_CUT));
        }

        @Test
        void raisingTheLimitLeavesAFreezeInForce() {
            fixture.given(opened("1000"), frozen(ReasonCode.RISK_RULE, 30))
                    .when(change("2000", ReasonCode.RESCORED), actor(OPS_ACTOR))
                    .expectEvents(changed("1000", "2000", ReasonCode.RESCORED, false))
                    .expectResultMessagePayload(outcome(AccountStatus.FROZEN, "2000", "0", "0", 2, null, null));
        }

        @ParameterizedTest
        @EnumSource(value = ReasonCode.class, names = {"APPEAL_UPHELD", "COOL_OFF_ELAPSED", "RESCORED",
                "MAINTENANCE_ENDED"})
        void loweringNeedsARestrictingReason(ReasonCode reason) {
            fixture.given(opened("1000"))
                    .when(change("900", reason), actor(OPS_ACTOR))
                    .expectException(refused(RefusalCode.VALIDATION_FAILED))
                    .expectNoEvents();
        }

        @Test
        void changingWithoutAReasonIsRefused() {
            fixture.given(opened("1000"))
                    .when(change("2000", null), actor(OPS_ACTOR))
                    .expectException(refused(RefusalCode.VALIDATION_FAILED))
                    .expectNoEvents();
        }

        @Test
        void changingWithoutANoteIsRefused() {
            fixture.given(opened("1000"))
                    .when(new ChangeCreditLimitCommand(ACCOUNT, dec("2000"), "EUR", ReasonCode.RESCORED, " ", null),
                            actor(OPS_ACTOR))
                    .expectException(refused(RefusalCode.VALIDATION_FAILED))
                    .expectNoEvents();
        }

        @ParameterizedTest
        @ValueSource(strings = {"-0.01", "1000000.01", "100.001"})
        void negativeOversizedOrOverPreciseLimitsAreRefused(String limit) {
            fixture.given(opened("1000"))
                    .when(change(limit, ReasonCode.MANUAL_REVIEW), actor(OPS_ACTOR))
                    .expectException(refused(RefusalCode.VALIDATION_FAILED))
                    .expectNoEvents();
        }

        @Test
        void aMissingLimitIsRefused() {
            fixture.given(opened("1000"))
                    .when(change(null, ReasonCode.MANUAL_REVIEW), actor(OPS_ACTOR))
                    .expectException(refused(RefusalCode.VALIDATION_FAILED))
                    .expectNoEvents();
        }

        @Test
        void changingInAnotherCurrencyIsRefused() {
            fixture.given(opened("1000"))
                    .when(new ChangeCreditLimitCommand(ACCOUNT, dec("2000"), "USD", ReasonCode.RESCORED, "x", null),
                            actor(OPS_ACTOR))
                    .expectException(refused(RefusalCode.CURRENCY_MISMATCH))
                    .expectNoEvents();
        }

        @Test
        void changingAClosedAccountIsRefused() {
            fixture.given(opened("1000"), closed(5))
                    .when(change("2000", ReasonCode.RESCORED), actor(OPS_ACTOR))
                    .expectException(refused(RefusalCode.ACCOUNT_CLOSED))
                    .expectNoEvents();
        }
    }

    @Nested
    class EraseCustomerData {

        @Test
        void anErasureIsRecordedOnAClosedAccountAndChangesNothingElse() {
            fixture.given(opened("1000"), closed(5))
                    .when(new EraseCustomerDataCommand(ACCOUNT, CUSTOMER, "r-e"), actor(OPS_ACTOR))
                    .expectEvents(new PersonalDataErased(ACCOUNT, CUSTOMER, NOW, OPS_ACTOR, "r-e"))
                    .expectState(account -> {
                        assertThat(account.state().status()).isEqualTo(AccountStatus.CLOSED);
                        assertThat(account.state().version()).isEqualTo(2);
                    });
        }

        @Test
        void anotherCustomersErasureIsRefused() {
            fixture.given(opened("1000"))
                    .when(new EraseCustomerDataCommand(ACCOUNT, "cust-2", "r-e"), actor(OPS_ACTOR))
                    .expectException(refused(RefusalCode.VALIDATION_FAILED))
                    .expectNoEvents();
        }

        @Test
        void aNoteIsPersonalTextOfTheAccountsCustomerAndNeverPrinted() {
            AccountState state = AccountFold.replay(ACCOUNT, List.of(opened("1000")));
            DecisionContext context = new DecisionContext(NOW, OPS_ACTOR, new LedgerLimits(new BigDecimal("500.00"), 1, 365, 1000));

            AccountFrozen frozen = (AccountFrozen) LoanAccountDecider.freeze(state,
                    new FreezeAccountCommand(ACCOUNT, ReasonCode.MANUAL_REVIEW, "called Ms Zhao", "r-f"), context).get(0);

            assertThat(frozen.note().subject()).isEqualTo(CUSTOMER);
            assertThat(frozen.note().personal()).isTrue();
            assertThat(frozen.note().text()).isEqualTo("called Ms Zhao");
            assertThat(frozen.toString()).doesNotContain("Zhao").contains("note=[personal text]");
        }
    }

    @Nested
    class Close {

        private CloseAccountCommand close(ReasonCode reason) {
            return new CloseAccountCommand(ACCOUNT, reason, "customer asked", "r-c");
        }

        @Test
        void closingWithNothingOutstandingClosesForGood() {
            fixture.given(opened("1000"), borrowed("dd-1", "100", MAR_20, 60),
                            new RepaymentReceived(ACCOUNT, eur("100"), List.of(new RepaymentAllocation("dd-1",
                                    eur("100"), eur("0"), MAR_20, true, true)), true, false, minutesBefore(30),
                                    CUSTOMER_ACTOR, null))
                    .when(close(ReasonCode.CUSTOMER_REQUEST), actor(OPS_ACTOR))
                    .expectEvents(new AccountClosed(ACCOUNT, ReasonCode.CUSTOMER_REQUEST, PersonalText.clear("customer asked"), NOW,
                            OPS_ACTOR, "r-c"))
                    .expectResultMessagePayload(outcome(AccountStatus.CLOSED, "1000", "0", "0", 3, null, null));
        }

        @Test
        void closingAFrozenAccountClearsItsRestrictions() {
            fixture.given(opened("1000"), frozen(ReasonCode.RISK_RULE, 30))
                    .when(close(ReasonCode.MANUAL_REVIEW), actor(OPS_ACTOR))
                    .expectSuccessfulHandlerExecution()
                    .expectState(account -> {
                        assertThat(account.state().status()).isEqualTo(AccountStatus.CLOSED);
                        assertThat(account.state().restrictions()).isEmpty();
                    });
        }

        @Test
        void closingWithSomethingOutstandingIsRefused() {
            fixture.given(opened("1000"), borrowed("dd-1", "0.01", MAR_20, 60))
                    .when(close(ReasonCode.CUSTOMER_REQUEST), actor(OPS_ACTOR))
                    .expectException(refused(RefusalCode.OUTSTANDING_NOT_ZERO, Map.of("outstanding", "0.01")))
                    .expectNoEvents();
        }

        @Test
        void closingAClosedAccountIsRefused() {
            fixture.given(opened("1000"), closed(5))
                    .when(close(ReasonCode.CUSTOMER_REQUEST), actor(OPS_ACTOR))
                    .expectException(refused(RefusalCode.ACCOUNT_CLOSED))
                    .expectNoEvents();
        }

        @Test
        void closingForALiftingReasonIsRefused() {
            fixture.given(opened("1000"))
                    .when(close(ReasonCode.APPEAL_UPHELD), actor(OPS_ACTOR))
                    .expectException(refused(RefusalCode.VALIDATION_FAILED))
                    .expectNoEvents();
        }

        @Test
        void closingWithoutANoteIsRefused() {
            fixture.given(opened("1000"))
                    .when(new CloseAccountCommand(ACCOUNT, ReasonCode.CUSTOMER_REQUEST, null, null), actor(OPS_ACTOR))
                    .expectException(refused(RefusalCode.VALIDATION_FAILED))
                    .expectNoEvents();
        }
    }
}
