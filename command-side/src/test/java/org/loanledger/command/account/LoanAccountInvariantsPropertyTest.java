package org.loanledger.command.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.loanledger.command.account.AccountTestData.LIMITS;
import static org.loanledger.command.account.AccountTestData.NOW;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.loanledger.command.account.InMemoryLedger.Loading;
import org.loanledger.command.account.InMemoryLedger.MovableClock;
import org.loanledger.shared.account.AccountClosed;
import org.loanledger.shared.account.AccountCommand;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.account.AccountFold;
import org.loanledger.shared.account.AccountFrozen;
import org.loanledger.shared.account.AccountOpened;
import org.loanledger.shared.account.AccountState;
import org.loanledger.shared.account.AccountStatus;
import org.loanledger.shared.account.AccountUnfrozen;
import org.loanledger.shared.account.BorrowCommand;
import org.loanledger.shared.account.ChangeCreditLimitCommand;
import org.loanledger.shared.account.CloseAccountCommand;
import org.loanledger.shared.account.CommandRefusedException;
import org.loanledger.shared.account.CreditLimitChanged;
import org.loanledger.shared.account.Drawdown;
import org.loanledger.shared.account.FreezeAccountCommand;
import org.loanledger.shared.account.FundsBorrowed;
import org.loanledger.shared.account.OpenAccountCommand;
import org.loanledger.shared.account.ReasonCode;
import org.loanledger.shared.account.RefusalCode;
import org.loanledger.shared.account.RepayCommand;
import org.loanledger.shared.account.RepaymentAllocation;
import org.loanledger.shared.account.RepaymentReceived;
import org.loanledger.shared.account.UnfreezeAccountCommand;
import org.loanledger.shared.integrity.HashChain;
import org.loanledger.shared.money.Money;

/**
 * Random command sequences, refusals included, against a simple independent model of an account.
 *
 * <p>After every command: the aggregate decided as the model says (the same success or the same refusal code),
 * a refused or repeated command stored nothing, a borrowing never took the outstanding above the limit of that
 * moment, the outstanding is never negative, the fold of the stored events equals the aggregate's state and the
 * model, and the new event continues the hash chain. Half of the accounts live in a cache (one instance evolves
 * across commands), half are reloaded from JSON snapshots every few events.
 *
 * <p>Reproduce a failure with {@code -Dledger.property.seed=<seed from the message>}; each sequence's seed is the
 * base seed plus its index.
 */
class LoanAccountInvariantsPropertyTest {

    private static final long BASE_SEED = Long.getLong("ledger.property.seed", 20250301L);
    private static final int SEQUENCES = Integer.getInteger("ledger.property.sequences", 200);
    private static final int COMMANDS_PER_SEQUENCE = Integer.getInteger("ledger.property.commands", 60);
    private static final int SNAPSHOT_EVERY_EVENTS = 5;
    private static final List<String> CURRENCIES = List.of("EUR", "USD", "CNY");

    private final Map<RefusalCode, Integer> refusalsSeen = new EnumMap<>(RefusalCode.class);
    private final Map<String, Integer> successesSeen = new HashMap<>();

    @Test
    void randomCommandSequencesKeepTheLedgerInvariants() {
        MovableClock clock = new MovableClock(NOW);
        try (InMemoryLedger cached = new InMemoryLedger(Loading.CACHED, clock, LIMITS, 0);
             InMemoryLedger snapshotting = new InMemoryLedger(Loading.SNAPSHOTS, clock, LIMITS, SNAPSHOT_EVERY_EVENTS)) {
            for (int index = 0; index < SEQUENCES; index++) {
                long seed = BASE_SEED + index;
                InMemoryLedger ledger = index % 2 == 0 ? cached : snapshotting;
                new Sequence(seed, ledger, "acc-" + seed, clock).play(COMMANDS_PER_SEQUENCE);
            }
            assertThat(snapshotting.snapshotsTaken()).as("snapshots taken").isPositive();
        }

        // A generator that never reaches the boundaries would make every check above vacuous.
        assertThat(refusalsSeen.keySet()).as("refusals exercised (base seed %d)", BASE_SEED)
                .contains(RefusalCode.VALIDATION_FAILED, RefusalCode.ACCOUNT_EXISTS, RefusalCode.ACCOUNT_FROZEN,
                        RefusalCode.ACCOUNT_CLOSED, RefusalCode.INSUFFICIENT_AVAILABLE_LIMIT,
                        RefusalCode.REPAYMENT_EXCEEDS_OUTSTANDING, RefusalCode.CURRENCY_MISMATCH,
                        RefusalCode.NOT_RESTRICTED, RefusalCode.OUTSTANDING_NOT_ZERO,
                        RefusalCode.IDEMPOTENCY_KEY_REUSED);
        assertThat(successesSeen).as("successes exercised (base seed %d)", BASE_SEED)
                .containsKeys("open", "borrow", "borrowExactlyAvailable", "repay", "repayAll", "freeze", "unfreeze",
                        "limitCut", "limitLiftsCut", "close", "retry");
    }

    /** What the model says an account is; kept apart from the ledger's own code. */
    private static final class Model {
        String currency;
        boolean opened;
        boolean closed;
        int freezesInForce;
        Money limit;
        Money outstanding;

        Money available() {
            return closed || freezesInForce > 0 ? Money.zero(currency) : limit.minusFloorZero(outstanding);
        }

        AccountStatus status() {
            return closed ? AccountStatus.CLOSED : freezesInForce > 0 ? AccountStatus.FROZEN : AccountStatus.ACTIVE;
        }
    }

    private record Answered(String actor, AccountCommand command, CommandOutcome outcome) {
    }

    private final class Sequence {

        private final long seed;
        private final Random random;
        private final InMemoryLedger ledger;
        private final String accountId;
        private final MovableClock clock;
        private final Model model = new Model();
        private final Map<String, Answered> answered = new HashMap<>();
        private final List<String> trail = new ArrayList<>();
        private String chainHead = HashChain.GENESIS;
        private AccountState current;
        private int storedCount;
        private int step;

        Sequence(long seed, InMemoryLedger ledger, String accountId, MovableClock clock) {
            this.seed = seed;
            this.random = new Random(seed);
            this.ledger = ledger;
            this.accountId = accountId;
            this.clock = clock;
        }

        void play(int commands) {
            model.currency = CURRENCIES.get(random.nextInt(CURRENCIES.size()));
            for (step = 0; step < commands; step++) {
                clock.advance(Duration.ofMinutes(random.nextInt(3 * 24 * 60)));
                String actor = random.nextBoolean() ? "customer:" + accountId : "ops:" + random.nextInt(3);
                AccountCommand command = step == 0 ? openCommand() : nextCommand();
                run(actor, command);
            }
            checkStorageRoundTrip();
        }

        private void run(String actor, AccountCommand command) {
            trail.add(actor + " " + command);
            String context = "seed " + seed + " (base " + BASE_SEED + "), account " + accountId + ", step " + step
                    + ", command " + command + "\nlast commands:\n  "
                    + String.join("\n  ", trail.subList(Math.max(0, trail.size() - 8), trail.size()));
            Answered prior = command.requestId() == null ? null : answered.get(command.requestId());
            Expectation expected = prior == null ? expect(command)
                    : prior.command().equals(command) ? Expectation.repeatOf(prior.outcome())
                    : Expectation.refusal(RefusalCode.IDEMPOTENCY_KEY_REUSED);
            AccountState before = model.opened ? current : AccountState.unopened(accountId);
            int storedBefore = storedCount;

            CommandOutcome outcome = null;
            RefusalCode refusal = null;
            try {
                outcome = ledger.send(actor, command);
            } catch (CommandRefusedException e) {
                refusal = e.code();
            } catch (RuntimeException e) {
                fail("unexpected exception; " + context, e);
            }

            assertThat(refusal).as("refusal; %s", context).isEqualTo(expected.refusal());
            List<DomainEventMessage<?>> stored = ledger.events(accountId);
            if (refusal != null) {
                refusalsSeen.merge(refusal, 1, Integer::sum);
                assertThat(stored).as("a refused command stores nothing; %s", context).hasSize(storedBefore);
            } else if (expected.repeated() != null) {
                successesSeen.merge("retry", 1, Integer::sum);
                assertThat(outcome).as("a repeated request returns its first outcome; %s", context)
                        .isEqualTo(expected.repeated());
                assertThat(stored).as("a repeated request stores nothing; %s", context).hasSize(storedBefore);
            } else {
                assertThat(stored).as("a command that succeeded stores one event; %s", context)
                        .hasSize(storedBefore + 1);
                DomainEventMessage<?> appended = stored.get(stored.size() - 1);
                checkAppended(appended, actor, command, context);
                checkDecision(before, (AccountEvent) appended.getPayload(), command, context);
                apply(command, (AccountEvent) appended.getPayload());
                if (command.requestId() != null) {
                    answered.put(command.requestId(), new Answered(actor, command, outcome));
                }
            }
            storedCount = stored.size();
            if (model.opened) {
                current = checkState(stored, outcome, refusal == null && expected.repeated() == null, context);
            }
        }

        private void checkAppended(DomainEventMessage<?> appended, String actor, AccountCommand command,
                                   String context) {
            AccountEvent event = (AccountEvent) appended.getPayload();
            String link = HashChain.link(chainHead, appended.getSequenceNumber(), event.occurredAt(), event);
            assertThat(appended.getMetaData().get(HashChain.METADATA_KEY)).as("chain link; %s", context)
                    .isEqualTo(link);
            chainHead = link;
            assertThat(appended.getMetaData().get(LoanAccount.REQUEST_HASH)).as("request hash; %s", context)
                    .isEqualTo(command.requestId() == null ? null : LoanAccount.requestHash(command));
            assertThat(appended.getMetaData().get(LoanAccount.ACTOR)).as("actor metadata; %s", context)
                    .isEqualTo(actor);
            assertThat(event.actor()).as("actor; %s", context).isEqualTo(actor);
            assertThat(event.requestId()).as("request id; %s", context).isEqualTo(command.requestId());
            assertThat(event.occurredAt()).as("time from the clock; %s", context).isEqualTo(clock.instant());
        }

        /** Checks the recorded decision against the state it was made on. */
        private void checkDecision(AccountState before, AccountEvent event, AccountCommand command, String context) {
            if (command instanceof BorrowCommand borrow) {
                FundsBorrowed borrowed = (FundsBorrowed) event;
                assertThat(borrowed.amount().amount()).as("borrowed amount; %s", context)
                        .isEqualByComparingTo(borrow.amount());
                assertThat(borrowed.dueDate()).as("due date; %s", context)
                        .isEqualTo(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(borrow.termDays()));
                assertThat(before.outstanding().plus(borrowed.amount())).as("invariant 1; %s", context)
                        .isLessThanOrEqualTo(before.creditLimit());
                successesSeen.merge(borrowed.amount().equals(before.available()) ? "borrowExactlyAvailable" : "borrow",
                        1, Integer::sum);
            } else if (command instanceof RepayCommand) {
                checkAllocation(before, (RepaymentReceived) event, context);
                successesSeen.merge(before.outstanding().equals(((RepaymentReceived) event).amount()) ? "repayAll"
                        : "repay", 1, Integer::sum);
            } else if (command instanceof ChangeCreditLimitCommand) {
                CreditLimitChanged changed = (CreditLimitChanged) event;
                boolean lowered = changed.newLimit().compareTo(before.creditLimit()) < 0;
                assertThat(changed.imposesLimitCut()).as("limit cut; %s", context)
                        .isEqualTo(lowered && !changed.newLimit().greaterThan(before.outstanding()));
                if (changed.imposesLimitCut()) {
                    successesSeen.merge("limitCut", 1, Integer::sum);
                }
                if (!changed.liftedRestrictions().isEmpty()) {
                    successesSeen.merge("limitLiftsCut", 1, Integer::sum);
                }
            } else {
                String kind = event instanceof AccountOpened ? "open"
                        : event instanceof AccountFrozen ? "freeze"
                        : event instanceof AccountUnfrozen ? "unfreeze"
                        : event instanceof AccountClosed ? "close"
                        : event.getClass().getSimpleName();
                successesSeen.merge(kind, 1, Integer::sum);
            }
        }

        /** Earliest due first, ties earliest borrowed: the allocations walk the open drawdowns in that order. */
        private void checkAllocation(AccountState before, RepaymentReceived repaid, String context) {
            List<Drawdown> order = new ArrayList<>(before.drawdowns());
            order.sort(Drawdown.SETTLEMENT_ORDER);
            Money left = repaid.amount();
            List<RepaymentAllocation> allocations = repaid.allocations();
            for (int i = 0; i < allocations.size(); i++) {
                RepaymentAllocation allocation = allocations.get(i);
                Drawdown drawdown = order.get(i);
                Money share = left.min(drawdown.outstanding());
                assertThat(allocation.drawdownId()).as("allocation %d goes to %s; %s", i, drawdown.drawdownId(),
                        context).isEqualTo(drawdown.drawdownId());
                assertThat(allocation.principal()).as("allocation %d principal; %s", i, context).isEqualTo(share);
                assertThat(allocation.settled()).as("allocation %d settled; %s", i, context)
                        .isEqualTo(share.equals(drawdown.outstanding()));
                left = left.minus(share);
            }
            assertThat(left.zeroAmount()).as("the whole repayment is allocated; %s", context).isTrue();
            assertThat(repaid.partialEarly()).as("partial early flag; %s", context)
                    .isEqualTo(allocations.stream().anyMatch(RepaymentAllocation::partialEarly));
        }

        /** Checks the account after a command and returns its state, the fold of its stored events. */
        private AccountState checkState(List<DomainEventMessage<?>> stored, CommandOutcome outcome, boolean changed,
                                        String context) {
            AccountState replayed = AccountFold.replay(accountId,
                    stored.stream().map(m -> (AccountEvent) m.getPayload()).toList());
            AccountState aggregate = ledger.load(accountId).state();
            assertThat(aggregate).as("the fold of the stored events is the aggregate's state; %s", context)
                    .isEqualTo(replayed);
            assertThat(replayed.outstanding().negative()).as("outstanding never negative; %s", context).isFalse();
            assertThat(replayed.status()).as("status against the model; %s", context).isEqualTo(model.status());
            assertThat(replayed.creditLimit()).as("limit against the model; %s", context).isEqualTo(model.limit);
            assertThat(replayed.outstanding()).as("outstanding against the model; %s", context)
                    .isEqualTo(model.outstanding);
            assertThat(replayed.available()).as("available against the model; %s", context)
                    .isEqualTo(model.available());
            if (changed) {
                assertThat(outcome.outstanding()).as("outcome; %s", context).isEqualTo(replayed.outstanding());
                assertThat(outcome.available()).as("outcome; %s", context).isEqualTo(replayed.available());
                assertThat(outcome.status()).as("outcome; %s", context).isEqualTo(replayed.status());
                assertThat(outcome.version()).as("outcome; %s", context).isEqualTo(replayed.version());
            }
            return replayed;
        }

        /** Events and the aggregate survive the storage JSON: replaying read-back events gives the same account. */
        private void checkStorageRoundTrip() {
            Serializer serializer = InMemoryLedger.storageSerializer();
            List<AccountEvent> readBack = ledger.events(accountId).stream()
                    .map(m -> (AccountEvent) serializer.deserialize(serializer.serialize(m.getPayload(), String.class)))
                    .toList();
            String context = "seed " + seed + ", account " + accountId;
            assertThat(AccountFold.replay(accountId, readBack)).as("replay of read-back events; %s", context)
                    .isEqualTo(replay());
            LoanAccount account = ledger.load(accountId);
            LoanAccount snapshot = serializer.deserialize(serializer.serialize(account, String.class));
            assertThat(snapshot).as("snapshot round trip; %s", context).usingRecursiveComparison().isEqualTo(account);
        }

        private AccountState replay() {
            return AccountFold.replay(accountId, ledger.events(accountId).stream()
                    .map(m -> (AccountEvent) m.getPayload()).toList());
        }

        private void apply(AccountCommand command, AccountEvent event) {
            if (event instanceof AccountOpened e) {
                model.opened = true;
                model.limit = e.creditLimit();
                model.outstanding = Money.zero(model.currency);
            } else if (event instanceof FundsBorrowed e) {
                model.outstanding = model.outstanding.plus(e.amount());
            } else if (event instanceof RepaymentReceived e) {
                model.outstanding = model.outstanding.minus(e.amount());
            } else if (event instanceof AccountFrozen) {
                model.freezesInForce++;
            } else if (event instanceof AccountUnfrozen) {
                model.freezesInForce = 0;
            } else if (event instanceof CreditLimitChanged) {
                model.limit = money(((ChangeCreditLimitCommand) command).creditLimit());
            } else if (event instanceof AccountClosed) {
                model.closed = true;
                model.freezesInForce = 0;
            }
        }

        // ---- the model's decisions

        private Expectation expect(AccountCommand command) {
            return Expectation.refusal(refusalFor(command));
        }

        private RefusalCode refusalFor(AccountCommand command) {
            if (command instanceof OpenAccountCommand c) {
                return model.opened ? RefusalCode.ACCOUNT_EXISTS
                        : invalidAmount(c.creditLimit(), false) ? RefusalCode.VALIDATION_FAILED : null;
            }
            if (command instanceof BorrowCommand c) {
                return invalidAmount(c.amount(), false) ? RefusalCode.VALIDATION_FAILED
                        : c.termDays() < LIMITS.minTermDays() || c.termDays() > LIMITS.maxTermDays()
                        ? RefusalCode.VALIDATION_FAILED
                        : foreign(c.currency()) ? RefusalCode.CURRENCY_MISMATCH
                        : model.closed ? RefusalCode.ACCOUNT_CLOSED
                        : model.freezesInForce > 0 ? RefusalCode.ACCOUNT_FROZEN
                        : money(c.amount()).greaterThan(model.available()) ? RefusalCode.INSUFFICIENT_AVAILABLE_LIMIT
                        : null;
            }
            if (command instanceof RepayCommand c) {
                return invalidAmount(c.amount(), false) ? RefusalCode.VALIDATION_FAILED
                        : foreign(c.currency()) ? RefusalCode.CURRENCY_MISMATCH
                        : money(c.amount()).greaterThan(model.outstanding) ? RefusalCode.REPAYMENT_EXCEEDS_OUTSTANDING
                        : null;
            }
            if (command instanceof FreezeAccountCommand c) {
                return c.reasonCode() == null || !c.reasonCode().restricts() || blank(c.note())
                        ? RefusalCode.VALIDATION_FAILED
                        : model.closed ? RefusalCode.ACCOUNT_CLOSED : null;
            }
            if (command instanceof UnfreezeAccountCommand c) {
                return c.reasonCode() == null || !c.reasonCode().lifts() || blank(c.note())
                        ? RefusalCode.VALIDATION_FAILED
                        : model.closed ? RefusalCode.ACCOUNT_CLOSED
                        : model.freezesInForce == 0 ? RefusalCode.NOT_RESTRICTED : null;
            }
            if (command instanceof ChangeCreditLimitCommand c) {
                return invalidAmount(c.creditLimit(), true) || c.reasonCode() == null || blank(c.note())
                        ? RefusalCode.VALIDATION_FAILED
                        : foreign(c.currency()) ? RefusalCode.CURRENCY_MISMATCH
                        : model.closed ? RefusalCode.ACCOUNT_CLOSED
                        : money(c.creditLimit()).compareTo(model.limit) < 0 && !c.reasonCode().restricts()
                        ? RefusalCode.VALIDATION_FAILED : null;
            }
            CloseAccountCommand c = (CloseAccountCommand) command;
            return c.reasonCode() == null || !c.reasonCode().restricts() || blank(c.note())
                    ? RefusalCode.VALIDATION_FAILED
                    : model.closed ? RefusalCode.ACCOUNT_CLOSED
                    : !model.outstanding.zeroAmount() ? RefusalCode.OUTSTANDING_NOT_ZERO : null;
        }

        private boolean invalidAmount(BigDecimal value, boolean zeroAllowed) {
            return value == null || value.signum() < 0 || (!zeroAllowed && value.signum() == 0)
                    || value.compareTo(LIMITS.maxAmount()) > 0 || value.stripTrailingZeros().scale() > Money.SCALE;
        }

        private boolean foreign(String currency) {
            return currency != null && !currency.equals(model.currency);
        }

        private Money money(BigDecimal value) {
            return Money.of(model.currency, value);
        }

        private static boolean blank(String note) {
            return note == null || note.isBlank();
        }

        // ---- generators: mostly plausible requests, with every kind of mistake mixed in

        private AccountCommand openCommand() {
            return new OpenAccountCommand(accountId, "cust-" + seed, model.currency, cents(10_000, 5_000_000),
                    requestId());
        }

        private AccountCommand nextCommand() {
            int pick = random.nextInt(100);
            if (pick < 28) {
                return new BorrowCommand(accountId, borrowAmount(), currency(), termDays(), requestId());
            } else if (pick < 50) {
                return new RepayCommand(accountId, repayAmount(), currency(), requestId());
            } else if (pick < 57) {
                return new FreezeAccountCommand(accountId, reason(), note(), requestId());
            } else if (pick < 66) {
                return new UnfreezeAccountCommand(accountId, reason(), note(), requestId());
            } else if (pick < 78) {
                return new ChangeCreditLimitCommand(accountId, newLimit(), currency(), reason(), note(), requestId());
            } else if (pick < 81) {
                return new CloseAccountCommand(accountId, reason(), note(), requestId());
            } else if (pick < 83) {
                return openCommand();
            } else if (!answered.isEmpty()) {
                return repeatOrReuse();
            }
            return new RepayCommand(accountId, repayAmount(), currency(), requestId());
        }

        private AccountCommand repeatOrReuse() {
            List<String> keys = new ArrayList<>(answered.keySet());
            keys.sort(null);
            Answered prior = answered.get(keys.get(random.nextInt(keys.size())));
            if (random.nextInt(4) > 0) {
                return prior.command();
            }
            // The same key with something else asked: a client bug the ledger must refuse, not apply.
            String key = prior.command().requestId();
            return random.nextBoolean()
                    ? new RepayCommand(accountId, new BigDecimal("0.01"), null, key)
                    : new BorrowCommand(accountId, new BigDecimal("0.01"), null, 1, key);
        }

        private BigDecimal borrowAmount() {
            Money available = model.available();
            return relativeTo(available.amount(), () -> cents(1, Math.max(2, model.limit.amount()
                    .movePointRight(2).longValue() * 3 / 2)));
        }

        private BigDecimal repayAmount() {
            return relativeTo(model.outstanding.amount(), () -> cents(1, 100_000));
        }

        /** An amount near a boundary, inside it, or invalid in one of the ways a client can get it wrong. */
        private BigDecimal relativeTo(BigDecimal boundary, Supplier<BigDecimal> anything) {
            int pick = random.nextInt(100);
            BigDecimal cent = new BigDecimal("0.01");
            if (pick < 15 && boundary.signum() > 0) {
                return boundary;
            } else if (pick < 27) {
                return boundary.add(cent);
            } else if (pick < 50 && boundary.compareTo(cent) > 0) {
                return cents(1, boundary.movePointRight(2).longValue());
            } else if (pick < 56 && boundary.compareTo(cent) > 0) {
                return boundary.subtract(cent);
            } else if (pick < 60) {
                return BigDecimal.ZERO;
            } else if (pick < 63) {
                return cents(1, 10_000).negate();
            } else if (pick < 67) {
                return cents(1, 10_000).add(new BigDecimal("0.001"));
            } else if (pick < 69) {
                return LIMITS.maxAmount().add(cent);
            } else if (pick < 72) {
                return cents(100, 1000).setScale(4, RoundingMode.UNNECESSARY);
            }
            return anything.get();
        }

        private BigDecimal newLimit() {
            int pick = random.nextInt(100);
            BigDecimal outstanding = model.outstanding.amount();
            if (pick < 15) {
                return outstanding;
            } else if (pick < 35 && outstanding.signum() > 0) {
                return cents(0, outstanding.movePointRight(2).longValue());
            } else if (pick < 40) {
                return BigDecimal.ZERO;
            } else if (pick < 43) {
                return new BigDecimal("-0.01");
            } else if (pick < 46) {
                return new BigDecimal("100.005");
            } else if (pick < 48) {
                return LIMITS.maxAmount().add(new BigDecimal("0.01"));
            } else if (pick < 55) {
                return model.limit.amount();
            }
            return outstanding.add(cents(1, 2_000_000));
        }

        private int termDays() {
            int pick = random.nextInt(100);
            if (pick < 4) {
                return 0;
            } else if (pick < 8) {
                return 366;
            } else if (pick < 10) {
                return -7;
            } else if (pick < 15) {
                return random.nextBoolean() ? 1 : 365;
            }
            return 1 + random.nextInt(365);
        }

        private String currency() {
            int pick = random.nextInt(100);
            if (pick < 6) {
                return CURRENCIES.get((CURRENCIES.indexOf(model.currency) + 1 + random.nextInt(2)) % CURRENCIES.size());
            }
            return pick < 50 ? model.currency : null;
        }

        private ReasonCode reason() {
            if (random.nextInt(100) < 3) {
                return null;
            }
            ReasonCode[] codes = ReasonCode.values();
            return codes[random.nextInt(codes.length)];
        }

        private String note() {
            int pick = random.nextInt(100);
            return pick < 3 ? null : pick < 6 ? "  " : "reviewed at step " + step;
        }

        private String requestId() {
            return random.nextInt(4) == 0 ? null : "r-" + step;
        }

        /** A random amount of whole cents in [fromCents, toCents]. */
        private BigDecimal cents(long fromCents, long toCents) {
            long span = Math.max(1, toCents - fromCents + 1);
            return BigDecimal.valueOf(fromCents + Math.floorMod(random.nextLong(), span), 2);
        }
    }

    /** What the model expects: a refusal code, the first outcome of a repeated request, or (both null) success. */
    private record Expectation(RefusalCode refusal, CommandOutcome repeated) {

        static Expectation refusal(RefusalCode code) {
            return new Expectation(code, null);
        }

        static Expectation repeatOf(CommandOutcome outcome) {
            return new Expectation(null, outcome);
        }
    }
}
