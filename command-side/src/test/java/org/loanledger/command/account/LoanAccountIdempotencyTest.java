package org.loanledger.command.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.loanledger.command.account.AccountTestData.ACCOUNT;
import static org.loanledger.command.account.AccountTestData.CLOCK;
import static org.loanledger.command.account.AccountTestData.CUSTOMER;
import static org.loanledger.command.account.AccountTestData.CUSTOMER_ACTOR;
import static org.loanledger.command.account.AccountTestData.NOW;
import static org.loanledger.command.account.AccountTestData.OPS_ACTOR;
import static org.loanledger.command.account.AccountTestData.actor;
import static org.loanledger.command.account.AccountTestData.answering;
import static org.loanledger.command.account.AccountTestData.by;
import static org.loanledger.command.account.AccountTestData.dec;
import static org.loanledger.command.account.AccountTestData.eur;
import static org.loanledger.command.account.AccountTestData.minutesBefore;
import static org.loanledger.command.account.AccountTestData.refused;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.loanledger.shared.account.AccountFrozen;
import org.loanledger.shared.account.AccountOpened;
import org.loanledger.shared.account.AccountStatus;
import org.loanledger.shared.account.BorrowCommand;
import org.loanledger.shared.account.CloseAccountCommand;
import org.loanledger.shared.account.FreezeAccountCommand;
import org.loanledger.shared.account.FundsBorrowed;
import org.loanledger.shared.account.OpenAccountCommand;
import org.loanledger.shared.account.ReasonCode;
import org.loanledger.shared.account.RefusalCode;
import org.loanledger.shared.account.RepayCommand;
import org.loanledger.shared.account.RepaymentAllocation;
import org.loanledger.shared.account.RepaymentReceived;
import org.loanledger.shared.personal.PersonalText;

/** A request carrying an idempotency key seen before on the account has no second effect (DOMAIN.md invariant 5). */
class LoanAccountIdempotencyTest {

    private static final LocalDate DUE = LocalDate.of(2025, 3, 31);

    private final OpenAccountCommand open = new OpenAccountCommand(ACCOUNT, CUSTOMER, "EUR", dec("1000"), "r-open");
    private final BorrowCommand borrow = new BorrowCommand(ACCOUNT, dec("300"), "EUR", 30, "r-borrow");
    private final RepayCommand repay = new RepayCommand(ACCOUNT, dec("50"), "EUR", "r-repay");
    private final FundsBorrowed firstBorrowing = new FundsBorrowed(ACCOUNT, "dd-1", eur("300"), 30, DUE, NOW,
            CUSTOMER_ACTOR, "r-borrow");
    private final CommandOutcome firstBorrowingOutcome = new CommandOutcome(ACCOUNT, CUSTOMER, "EUR",
            AccountStatus.ACTIVE, eur("1000"), eur("300"), eur("700"), 1, firstBorrowing, null);

    private FixtureConfiguration<LoanAccount> fixture;

    @BeforeEach
    void setUp() {
        fixture = LoanAccountTest.fixture(CLOCK);
    }

    @Nested
    class Repeated {

        @Test
        void aRepeatedBorrowingReturnsTheFirstOutcomeAndBorrowsNothingMore() {
            fixture.givenCommands(by(OPS_ACTOR, open), by(CUSTOMER_ACTOR, borrow), by(CUSTOMER_ACTOR, repay))
                    .when(borrow, actor(CUSTOMER_ACTOR))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(firstBorrowingOutcome)
                    .expectState(account -> assertThat(account.state().outstanding()).isEqualTo(eur("250")));
        }

        @Test
        void aRepeatedBorrowingIsAnsweredEvenAfterTheAccountWasFrozen() {
            fixture.givenCommands(by(OPS_ACTOR, open), by(CUSTOMER_ACTOR, borrow),
                            by(OPS_ACTOR, new FreezeAccountCommand(ACCOUNT, ReasonCode.RISK_RULE, "velocity", null)))
                    .when(borrow, actor(CUSTOMER_ACTOR))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(firstBorrowingOutcome);
        }

        @Test
        void aRepeatedOpeningReturnsTheFirstOutcomeRatherThanAccountExists() {
            fixture.givenCommands(by(OPS_ACTOR, open))
                    .when(open, actor(OPS_ACTOR))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(new CommandOutcome(ACCOUNT, CUSTOMER, "EUR", AccountStatus.ACTIVE,
                            eur("1000"), eur("0"), eur("1000"), 0, null, null));
        }

        @Test
        void aRepeatedRepaymentReturnsItsAllocationAndRepaysNothingMore() {
            RepaymentReceived firstRepayment = new RepaymentReceived(ACCOUNT, eur("50"), List.of(
                    new RepaymentAllocation("dd-1", eur("50"), eur("250"), DUE, true, false)), true, true, NOW,
                    CUSTOMER_ACTOR, "r-repay");

            fixture.givenCommands(by(OPS_ACTOR, open), by(CUSTOMER_ACTOR, borrow), by(CUSTOMER_ACTOR, repay),
                            by(CUSTOMER_ACTOR, new RepayCommand(ACCOUNT, dec("100"), null, "r-repay-2")))
                    .when(repay, actor(CUSTOMER_ACTOR))
                    .expectNoEvents()
                    .expectResultMessagePayload(new CommandOutcome(ACCOUNT, CUSTOMER, "EUR", AccountStatus.ACTIVE,
                            eur("1000"), eur("250"), eur("750"), 2, null, firstRepayment));
        }

        @Test
        void theMemoryIsRebuiltFromStoredEventsAndTheirRequestHashes() {
            AccountOpened opened = new AccountOpened(ACCOUNT, CUSTOMER, "EUR", eur("1000"), minutesBefore(60),
                    OPS_ACTOR, "r-open");
            FundsBorrowed borrowed = new FundsBorrowed(ACCOUNT, "dd-1", eur("300"), 30, DUE, minutesBefore(30),
                    CUSTOMER_ACTOR, "r-borrow");

            fixture.given(List.of(answering(open, opened), answering(borrow, borrowed)))
                    .when(borrow, actor(CUSTOMER_ACTOR))
                    .expectNoEvents()
                    .expectResultMessagePayload(new CommandOutcome(ACCOUNT, CUSTOMER, "EUR", AccountStatus.ACTIVE,
                            eur("1000"), eur("300"), eur("700"), 1, borrowed, null));
        }
    }

    @Nested
    class Reused {

        @Test
        void aKeyReusedForADifferentAmountIsRefused() {
            fixture.givenCommands(by(OPS_ACTOR, open), by(CUSTOMER_ACTOR, borrow))
                    .when(new BorrowCommand(ACCOUNT, dec("300.01"), "EUR", 30, "r-borrow"), actor(CUSTOMER_ACTOR))
                    .expectException(refused(RefusalCode.IDEMPOTENCY_KEY_REUSED, Map.of("requestId", "r-borrow")))
                    .expectNoEvents();
        }

        @Test
        void aKeyReusedForAnotherKindOfCommandIsRefused() {
            fixture.givenCommands(by(OPS_ACTOR, open), by(CUSTOMER_ACTOR, borrow))
                    .when(new RepayCommand(ACCOUNT, dec("300"), "EUR", "r-borrow"), actor(CUSTOMER_ACTOR))
                    .expectException(refused(RefusalCode.IDEMPOTENCY_KEY_REUSED))
                    .expectNoEvents();
        }

        @Test
        void commandsWithTheSameFieldsButOfAnotherKindAreDifferentRequests() {
            FreezeAccountCommand freeze = new FreezeAccountCommand(ACCOUNT, ReasonCode.MANUAL_REVIEW, "x", "r-1");
            CloseAccountCommand close = new CloseAccountCommand(ACCOUNT, ReasonCode.MANUAL_REVIEW, "x", "r-1");

            assertThat(LoanAccount.requestHash(freeze)).isNotEqualTo(LoanAccount.requestHash(close));

            fixture.givenCommands(by(OPS_ACTOR, open), by(OPS_ACTOR, freeze))
                    .when(close, actor(OPS_ACTOR))
                    .expectException(refused(RefusalCode.IDEMPOTENCY_KEY_REUSED))
                    .expectNoEvents();
        }

        @Test
        void theRequestHashIgnoresOnlyTheKey() {
            assertThat(LoanAccount.requestHash(borrow))
                    .isEqualTo(LoanAccount.requestHash(new BorrowCommand(ACCOUNT, dec("300"), "EUR", 30, "other")))
                    .isNotEqualTo(LoanAccount.requestHash(new BorrowCommand(ACCOUNT, dec("300"), "EUR", 31, "r-borrow")))
                    .isNotEqualTo(LoanAccount.requestHash(new BorrowCommand(ACCOUNT, dec("300"), null, 30, "r-borrow")))
                    .matches("[0-9a-f]{64}");
        }

        @Test
        void aNewKeyForAnIdenticalRequestIsANewRequest() {
            fixture.givenCommands(by(OPS_ACTOR, open), by(CUSTOMER_ACTOR, borrow))
                    .when(new BorrowCommand(ACCOUNT, dec("300"), "EUR", 30, "r-borrow-again"), actor(CUSTOMER_ACTOR))
                    .expectEvents(new FundsBorrowed(ACCOUNT, "dd-2", eur("300"), 30, DUE, NOW, CUSTOMER_ACTOR,
                            "r-borrow-again"));
        }

        @Test
        void requestsWithoutAKeyAreNeverDeduplicated() {
            BorrowCommand unkeyed = new BorrowCommand(ACCOUNT, dec("300"), "EUR", 30, null);

            fixture.givenCommands(by(OPS_ACTOR, open), by(CUSTOMER_ACTOR, unkeyed))
                    .when(unkeyed, actor(CUSTOMER_ACTOR))
                    .expectEvents(new FundsBorrowed(ACCOUNT, "dd-2", eur("300"), 30, DUE, NOW, CUSTOMER_ACTOR, null));
        }
    }

    @Nested
    class BoundedMemory {

        private FreezeAccountCommand freeze(int n) {
            return new FreezeAccountCommand(ACCOUNT, ReasonCode.RISK_RULE, "rule hit " + n, "r-freeze-" + n);
        }

        /** The opening request followed by {@code freezes} frozen requests, each stored with its request hash. */
        private List<Object> history(int freezes) {
            List<Object> events = new ArrayList<>();
            events.add(answering(open, new AccountOpened(ACCOUNT, CUSTOMER, "EUR", eur("1000"), minutesBefore(5000),
                    OPS_ACTOR, "r-open")));
            for (int n = 1; n <= freezes; n++) {
                events.add(answering(freeze(n), new AccountFrozen(ACCOUNT, ReasonCode.RISK_RULE, PersonalText.clear("rule hit " + n),
                        minutesBefore(5000 - n), "risk-engine", "r-freeze-" + n)));
            }
            return events;
        }

        @Test
        void theOldestKeyIsStillRememberedWhileTheMemoryIsNotFull() {
            fixture.given(history(LoanAccount.REMEMBERED_REQUESTS - 1))
                    .when(open, actor(OPS_ACTOR))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void theOldestKeyIsForgottenOnceMoreKeysThanRememberedWereUsed() {
            // Forgotten, the opening is decided again and refused because the account exists.
            fixture.given(history(LoanAccount.REMEMBERED_REQUESTS))
                    .when(open, actor(OPS_ACTOR))
                    .expectException(refused(RefusalCode.ACCOUNT_EXISTS))
                    .expectNoEvents();
        }

        @Test
        void theNextOldestKeyIsStillRememberedWhenTheOldestIsForgotten() {
            fixture.given(history(LoanAccount.REMEMBERED_REQUESTS))
                    .when(freeze(1), actor(OPS_ACTOR))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }
    }
}
