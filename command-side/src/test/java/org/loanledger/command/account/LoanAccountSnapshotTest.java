package org.loanledger.command.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.loanledger.command.account.AccountTestData.ACCOUNT;
import static org.loanledger.command.account.AccountTestData.CLOCK;
import static org.loanledger.command.account.AccountTestData.CUSTOMER;
import static org.loanledger.command.account.AccountTestData.CUSTOMER_ACTOR;
import static org.loanledger.command.account.AccountTestData.LIMITS;
import static org.loanledger.command.account.AccountTestData.NOW;
import static org.loanledger.command.account.AccountTestData.OPS_ACTOR;
import static org.loanledger.command.account.AccountTestData.actor;
import static org.loanledger.command.account.AccountTestData.by;
import static org.loanledger.command.account.AccountTestData.dec;
import static org.loanledger.command.account.AccountTestData.eur;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.loanledger.shared.account.AccountCommand;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.account.AccountFold;
import org.loanledger.shared.account.AccountFrozen;
import org.loanledger.shared.account.AccountOpened;
import org.loanledger.shared.account.AccountStatus;
import org.loanledger.shared.account.BorrowCommand;
import org.loanledger.shared.account.ChangeCreditLimitCommand;
import org.loanledger.shared.account.CommandRefusedException;
import org.loanledger.shared.account.FileAppealCommand;
import org.loanledger.shared.account.FreezeAccountCommand;
import org.loanledger.shared.account.FundsBorrowed;
import org.loanledger.shared.account.OpenAccountCommand;
import org.loanledger.shared.account.ReasonCode;
import org.loanledger.shared.account.RefusalCode;
import org.loanledger.shared.account.RepayCommand;
import org.loanledger.shared.integrity.HashChain;
import org.loanledger.shared.json.LedgerJson;
import org.loanledger.shared.personal.PersonalText;

/**
 * A snapshot is the aggregate written as storage JSON, as Axon's snapshotter does; an account loaded from it must be
 * the same account: the same state, the same chain head and the same memory of requests.
 */
class LoanAccountSnapshotTest {

    private final Serializer serializer = InMemoryLedger.storageSerializer();

    private final OpenAccountCommand open = new OpenAccountCommand(ACCOUNT, CUSTOMER, "EUR", dec("1000"), "r-open");
    private final BorrowCommand borrow = new BorrowCommand(ACCOUNT, dec("300"), "EUR", 30, "r-borrow");
    private final BorrowCommand borrowAgain = new BorrowCommand(ACCOUNT, dec("0.10"), null, 365, "r-borrow-2");
    private final FreezeAccountCommand freeze = new FreezeAccountCommand(ACCOUNT, ReasonCode.RISK_RULE, "velocity",
            null);
    private final RepayCommand repay = new RepayCommand(ACCOUNT, dec("120.50"), "EUR", "r-repay");
    private final ChangeCreditLimitCommand cut = new ChangeCreditLimitCommand(ACCOUNT, dec("100"), "EUR",
            ReasonCode.MODEL_RESCORE, "model v7 \"cutoff\" 0.62", "r-cut");

    private LoanAccount accountAfterHistory() {
        AtomicReference<LoanAccount> account = new AtomicReference<>();
        LoanAccountTest.fixture(CLOCK)
                .givenCommands(by(OPS_ACTOR, open), by(CUSTOMER_ACTOR, borrow), by(CUSTOMER_ACTOR, borrowAgain),
                        by(OPS_ACTOR, freeze), by(CUSTOMER_ACTOR, repay))
                .when(cut, actor(OPS_ACTOR))
                .expectSuccessfulHandlerExecution()
                .expectState(account::set);
        return account.get();
    }

    @Test
    void anAccountReadBackFromItsSnapshotIsTheSameAccount() {
        LoanAccount original = accountAfterHistory();

        SerializedObject<String> snapshot = serializer.serialize(original, String.class);
        LoanAccount restored = serializer.deserialize(snapshot);

        assertThat(restored).isNotSameAs(original);
        assertThat(restored.state()).isEqualTo(original.state());
        assertThat(restored.state().drawdowns()).hasSize(2);
        assertThat(restored.state().restrictions()).hasSize(2);
        assertThat(restored).extracting("accountId").isEqualTo(ACCOUNT);
        assertThat(restored).extracting("chainHead").isEqualTo(readField(original, "chainHead"))
                .isNotEqualTo(HashChain.GENESIS);
        Map<?, ?> originalMemory = (Map<?, ?>) readField(original, "appliedRequests");
        Map<?, ?> restoredMemory = (Map<?, ?>) readField(restored, "appliedRequests");
        // Order matters: the oldest keys are forgotten first.
        assertThat(new ArrayList<>(restoredMemory.entrySet())).isEqualTo(new ArrayList<>(originalMemory.entrySet()));
        assertThat(new ArrayList<Object>(restoredMemory.keySet())).containsExactly("r-open", "r-borrow", "r-borrow-2", "r-repay", "r-cut");
        assertThat(restored).usingRecursiveComparison().isEqualTo(original);
    }

    @Test
    void theSnapshotIsMadeOfFieldsWithPlainDecimals() throws Exception {
        String json = serializer.serialize(accountAfterHistory(), String.class).getData();
        JsonNode state = LedgerJson.storageMapper().readTree(json).get("state");

        assertThat(json).contains("\"amount\":300.00", "\"amount\":0.10").doesNotContain("E+");
        // Derived values are recomputed on load, never stored.
        assertThat(state.has("available")).isFalse();
        assertThat(state.has("opened")).isFalse();
        assertThat(state.get("outstanding").get("amount").decimalValue()).isEqualByComparingTo("179.60");
    }

    @Test
    void anAccountLoadedFromASnapshotAnswersRetriesAndContinuesTheChain() {
        InMemoryLedger.MovableClock clock = new InMemoryLedger.MovableClock(NOW);
        List<DomainEventMessage<?>> history;
        LoanAccount snapshotted;
        CommandOutcome firstBorrowing;
        try (InMemoryLedger original = new InMemoryLedger(InMemoryLedger.Loading.CACHED, clock, LIMITS, 0)) {
            original.send(OPS_ACTOR, open);
            firstBorrowing = original.send(CUSTOMER_ACTOR, borrow);
            original.send(OPS_ACTOR, freeze);
            original.send(CUSTOMER_ACTOR, repay);
            history = original.events(ACCOUNT);
            snapshotted = serializer.deserialize(serializer.serialize(original.load(ACCOUNT), String.class));
            assertThat(firstBorrowing.borrowed()).isNotNull();
        }
        long lastSequence = history.get(history.size() - 1).getSequenceNumber();
        String head = (String) history.get(history.size() - 1).getMetaData().get(HashChain.METADATA_KEY);

        clock.advance(Duration.ofDays(2));
        // The same history with a snapshot at its head: whatever the account knows, it knows from the snapshot; the
        // store is read only for the borrowing the retried request's answer carries.
        try (InMemoryLedger restored = new InMemoryLedger(InMemoryLedger.Loading.CACHED, clock, LIMITS, 0)) {
            restored.storeHistory(history);
            restored.storeSnapshot(new GenericDomainEventMessage<>(LoanAccount.class.getSimpleName(), ACCOUNT,
                    lastSequence, snapshotted));

            CommandOutcome retried = restored.send(CUSTOMER_ACTOR, borrow);
            assertThat(retried).isEqualTo(firstBorrowing);
            assertThat(retried.borrowed()).isEqualTo((FundsBorrowed) history.get(1).getPayload());
            assertThat(retried.outstanding()).isEqualTo(eur("300"));
            assertThat(restored.events(ACCOUNT)).hasSize(history.size());

            restored.send(OPS_ACTOR, new ChangeCreditLimitCommand(ACCOUNT, dec("2000"), null, ReasonCode.RESCORED,
                    "rescored", "r-raise"));
            List<DomainEventMessage<?>> appended = restored.events(ACCOUNT);
            assertThat(appended).hasSize(history.size() + 1);
            DomainEventMessage<?> next = appended.get(history.size());
            assertThat(next.getSequenceNumber()).isEqualTo(lastSequence + 1);
            assertThat(next.getMetaData().get(HashChain.METADATA_KEY)).isEqualTo(
                    HashChain.link(head, lastSequence + 1, ((AccountEvent) next.getPayload()).occurredAt(),
                            next.getPayload()));

            List<AccountEvent> all = new ArrayList<>();
            history.forEach(m -> all.add((AccountEvent) m.getPayload()));
            all.add((AccountEvent) next.getPayload());
            assertThat(restored.load(ACCOUNT).state()).isEqualTo(AccountFold.replay(ACCOUNT, all));
        }
    }

    private static Object readField(LoanAccount account, String name) {
        try {
            var field = LoanAccount.class.getDeclaredField(name);
            field.setAccessible(true);
            return field.get(account);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("LoanAccount has no field " + name, e);
        }
    }

    /**
     * Every load reads the latest snapshot, taken after each command: a repeat is answered by an account that knows
     * the request only from its snapshot, with the store read back only for the event its answer carries.
     */
    @Nested
    class RepeatsAfterASnapshot {

        private final InMemoryLedger.MovableClock clock = new InMemoryLedger.MovableClock(NOW);
        private InMemoryLedger ledger;

        @BeforeEach
        void openTheAccount() {
            ledger = new InMemoryLedger(InMemoryLedger.Loading.SNAPSHOTS, clock, LIMITS, 1);
            ledger.send(OPS_ACTOR, open);
        }

        @AfterEach
        void stop() {
            ledger.close();
        }

        /** Sends {@code repeat} once a snapshot covers the request that ended at {@code version}. */
        private CommandOutcome repeatFromSnapshot(String actor, AccountCommand repeat, long version) {
            assertThat(ledger.snapshotSequence(ACCOUNT)).as("latest snapshot").isGreaterThanOrEqualTo(version);
            int stored = ledger.events(ACCOUNT).size();
            CommandOutcome repeated = ledger.send(actor, repeat);
            assertThat(ledger.events(ACCOUNT)).as("a repeat stores nothing").hasSize(stored);
            return repeated;
        }

        @Test
        void aRepeatedBorrowingGetsTheFirstAnswerWithItsBorrowing() {
            CommandOutcome first = ledger.send(CUSTOMER_ACTOR, borrow);
            clock.advance(Duration.ofDays(1));
            ledger.send(CUSTOMER_ACTOR, repay);

            CommandOutcome repeated = repeatFromSnapshot(CUSTOMER_ACTOR, borrow, first.version());

            assertThat(repeated).isEqualTo(first);
            assertThat(repeated.borrowed().amount()).isEqualTo(eur("300"));
            assertThat(repeated.outstanding()).isEqualTo(eur("300"));
        }

        @Test
        void aRepeatedRepaymentGetsTheFirstAnswerWithItsAllocations() {
            ledger.send(CUSTOMER_ACTOR, borrow);
            clock.advance(Duration.ofDays(1));
            CommandOutcome first = ledger.send(CUSTOMER_ACTOR, repay);
            ledger.send(CUSTOMER_ACTOR, borrowAgain);

            CommandOutcome repeated = repeatFromSnapshot(CUSTOMER_ACTOR, repay, first.version());

            assertThat(repeated).isEqualTo(first);
            assertThat(repeated.repaid().allocations()).hasSize(1);
            assertThat(repeated.outstanding()).isEqualTo(eur("179.50"));
        }

        @Test
        void aRepeatedAppealGetsTheFirstAnswerWithoutTheStatement() {
            FileAppealCommand appeal = new FileAppealCommand(ACCOUNT, "I repaid early on purpose", null, "r-appeal");
            ledger.send(OPS_ACTOR, freeze);
            CommandOutcome first = ledger.send(CUSTOMER_ACTOR, appeal);

            CommandOutcome repeated = repeatFromSnapshot(CUSTOMER_ACTOR, appeal, first.version());

            assertThat(repeated).isEqualTo(first);
            assertThat(repeated.appealed()).isNotNull();
            assertThat(repeated.appealed().statement()).isNull();
            assertThat(repeated.status()).isEqualTo(AccountStatus.FROZEN);
        }

        @Test
        void aRepeatedOpeningGetsTheFirstAnswer() {
            ledger.send(CUSTOMER_ACTOR, borrow);

            CommandOutcome repeated = repeatFromSnapshot(OPS_ACTOR, open, 0);

            assertThat(repeated).isEqualTo(new CommandOutcome(ACCOUNT, CUSTOMER, "EUR", AccountStatus.ACTIVE,
                    eur("1000"), eur("0"), eur("1000"), 0, null, null));
        }

        @Test
        void aKeyReusedForAnotherRequestIsStillRefused() {
            CommandOutcome first = ledger.send(CUSTOMER_ACTOR, borrow);
            ledger.send(CUSTOMER_ACTOR, repay);
            assertThat(ledger.snapshotSequence(ACCOUNT)).isGreaterThan(first.version());
            int stored = ledger.events(ACCOUNT).size();

            assertThatThrownBy(() -> ledger.send(CUSTOMER_ACTOR,
                    new BorrowCommand(ACCOUNT, dec("300.01"), "EUR", 30, "r-borrow")))
                    .isInstanceOfSatisfying(CommandRefusedException.class,
                            refused -> assertThat(refused.code()).isEqualTo(RefusalCode.IDEMPOTENCY_KEY_REUSED));
            assertThat(ledger.events(ACCOUNT)).hasSize(stored);
        }
    }

    /** The memory of requests is bounded, and a full one is what every snapshot of a busy account carries. */
    @Nested
    class FullMemory {

        private FreezeAccountCommand freeze(int n) {
            return new FreezeAccountCommand(ACCOUNT, ReasonCode.RISK_RULE, "rule hit " + n, "r-freeze-" + n);
        }

        /** The opening request and then {@code freezes} more, each stored with its request hash. */
        private List<Object> history(int freezes) {
            List<Object> events = new ArrayList<>();
            events.add(AccountTestData.answering(open, new AccountOpened(ACCOUNT, CUSTOMER, "EUR", eur("1000"),
                    AccountTestData.minutesBefore(5000), OPS_ACTOR, "r-open")));
            for (int n = 1; n <= freezes; n++) {
                events.add(AccountTestData.answering(freeze(n), new AccountFrozen(ACCOUNT, ReasonCode.RISK_RULE,
                        PersonalText.clear("rule hit " + n), AccountTestData.minutesBefore(5000 - n), "risk-engine",
                        "r-freeze-" + n)));
            }
            return events;
        }

        @Test
        void aSnapshotKeepsTheNewestRequestsInOrderAndForgetsTheOldest() {
            AtomicReference<LoanAccount> account = new AtomicReference<>();
            LoanAccountTest.fixture(CLOCK).given(history(LoanAccount.REMEMBERED_REQUESTS))
                    .when(freeze(1), actor(OPS_ACTOR))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectState(account::set);

            LoanAccount restored = serializer.deserialize(serializer.serialize(account.get(), String.class));
            List<Object> keys = new ArrayList<>(((Map<?, ?>) readField(restored, "appliedRequests")).keySet());

            assertThat(keys).hasSize(LoanAccount.REMEMBERED_REQUESTS).doesNotContain("r-open");
            assertThat(keys.get(0)).isEqualTo("r-freeze-1");
            assertThat(keys.get(keys.size() - 1)).isEqualTo("r-freeze-" + LoanAccount.REMEMBERED_REQUESTS);
        }

        @Test
        void aFullMemoryTakesUnderOneHundredCharactersARequestInTheSnapshot() throws Exception {
            AtomicReference<LoanAccount> account = new AtomicReference<>();
            LoanAccountTest.fixture(CLOCK).given(history(LoanAccount.REMEMBERED_REQUESTS))
                    .when(freeze(LoanAccount.REMEMBERED_REQUESTS), actor(OPS_ACTOR))
                    .expectNoEvents()
                    .expectState(account::set);

            String json = serializer.serialize(account.get(), String.class).getData();
            JsonNode memory = LedgerJson.storageMapper().readTree(json).get("appliedRequests");

            assertThat(memory.size()).isEqualTo(LoanAccount.REMEMBERED_REQUESTS);
            assertThat(memory.toString().length()).isLessThan(100 * LoanAccount.REMEMBERED_REQUESTS);
            assertThat(memory.get("r-freeze-1").isTextual()).isTrue();
        }
    }
}
