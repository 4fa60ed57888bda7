package org.loanledger.command.account;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.loanledger.shared.account.AccountClosed;
import org.loanledger.shared.account.Actors;
import org.loanledger.shared.account.Appeal;
import org.loanledger.shared.account.AppealDecided;
import org.loanledger.shared.account.AppealDecision;
import org.loanledger.shared.account.AppealFiled;
import org.loanledger.shared.account.CreditScoreRecorded;
import org.loanledger.shared.account.DecideAppealCommand;
import org.loanledger.shared.account.DrawdownOverdue;
import org.loanledger.shared.account.EndCoolOffCommand;
import org.loanledger.shared.account.EraseCustomerDataCommand;
import org.loanledger.shared.account.FileAppealCommand;
import org.loanledger.shared.account.MarkOverdueCommand;
import org.loanledger.shared.account.RecordCreditScoreCommand;
import org.loanledger.shared.account.RecordRiskSignalCommand;
import org.loanledger.shared.account.RiskSignalRecorded;
import org.loanledger.shared.account.AccountEvent;
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

/**
 * The account's decisions: {@code decide(state, command, context) -> events}, or a refusal.
 *
 * <p>Pure: the time, the actor and the limits come in through {@link DecisionContext}, ids are derived from the
 * account's own sequence, and nothing is read or written. Checks run in a fixed order (the request's own shape,
 * then its currency, then the account's status, then its balances) so the same request against the same state is
 * always refused for the same reason.
 */
public final class LoanAccountDecider {

    /** Ids, as the API defines them. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** The score range of the models this ledger takes scores from. */
    static final int MIN_SCORE = 0;
    static final int MAX_SCORE = 1000;
    /** A model reports a handful of factors; more would not be read. */
    static final int MAX_FACTORS = 10;
    private static final Pattern FACTOR = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern SIGNAL_TYPE = Pattern.compile("[A-Z][A-Z0-9_]{0,39}");
    private static final Pattern CHANNEL = Pattern.compile("[A-Z][A-Z0-9_]{0,31}");
    static final List<String> SEVERITIES = List.of("LOW", "MEDIUM", "HIGH");
    /** How far a signal's observation time may be ahead of the ledger's clock before it is refused as impossible. */
    private static final java.time.Duration CLOCK_SKEW = java.time.Duration.ofMinutes(5);

    private LoanAccountDecider() {
    }

    public static List<AccountEvent> open(AccountState state, OpenAccountCommand command, DecisionContext context) {
        requireId("accountId", command.accountId(), command.accountId());
        requireId("customerId", command.customerId(), command.accountId());
        if (state.opened()) {
            throw new CommandRefusedException(RefusalCode.ACCOUNT_EXISTS, command.accountId(),
                    "account " + command.accountId() + " already exists",
                    Map.of("accountId", command.accountId()));
        }
        String currency = requireCurrency(command.currency(), command.accountId());
        Money limit = requireAmount("creditLimit", currency, command.creditLimit(), command.accountId(), context, false);
        return List.of(new AccountOpened(command.accountId(), command.customerId(), currency, limit, context.now(),
                context.actor(), command.requestId()));
    }

    public static List<AccountEvent> borrow(AccountState state, BorrowCommand command, DecisionContext context) {
        Money amount = requireAmount("amount", state.currency(), command.amount(), state.accountId(), context, false);
        int minTerm = context.limits().minTermDays();
        int maxTerm = context.limits().maxTermDays();
        if (command.termDays() < minTerm || command.termDays() > maxTerm) {
            throw invalid(state.accountId(), "termDays must be between " + minTerm + " and " + maxTerm
                    + ", was " + command.termDays());
        }
        if (command.channel() != null && !CHANNEL.matcher(command.channel()).matches()) {
            throw invalid(state.accountId(), "channel must be an upper-case code such as APP, WEB or PARTNER");
        }
        requireSameCurrency(state, command.currency());
        requireNotClosed(state);
        requireNotFrozen(state);
        Money available = state.available();
        if (amount.greaterThan(available)) {
            Map<String, String> values = balances(state);
            values.put("requested", amount.toPlainString());
            throw new CommandRefusedException(RefusalCode.INSUFFICIENT_AVAILABLE_LIMIT, state.accountId(),
                    "borrowing " + amount.toPlainString() + " exceeds the available limit of " + available.toPlainString(),
                    values);
        }
        LocalDate dueDate = LocalDate.ofInstant(context.now(), ZoneOffset.UTC).plusDays(command.termDays());
        String drawdownId = "dd-" + state.nextSequence();
        return List.of(new FundsBorrowed(state.accountId(), drawdownId, amount, command.termDays(), dueDate,
                command.channel(), context.now(), context.actor(), command.requestId()));
    }

    public static List<AccountEvent> repay(AccountState state, RepayCommand command, DecisionContext context) {
        Money amount = requireAmount("amount", state.currency(), command.amount(), state.accountId(), context, false);
        requireSameCurrency(state, command.currency());
        if (amount.greaterThan(state.outstanding())) {
            Map<String, String> values = balances(state);
            values.put("requested", amount.toPlainString());
            throw new CommandRefusedException(RefusalCode.REPAYMENT_EXCEEDS_OUTSTANDING, state.accountId(),
                    "repaying " + amount.toPlainString() + " exceeds the outstanding principal of "
                            + state.outstanding().toPlainString(), values);
        }
        LocalDate today = LocalDate.ofInstant(context.now(), ZoneOffset.UTC);
        List<RepaymentAllocation> allocations = new ArrayList<>();
        Money left = amount;
        for (Drawdown drawdown : state.drawdowns()) {
            if (left.zeroAmount()) {
                break;
            }
            Money principal = left.min(drawdown.outstanding());
            Money remaining = drawdown.outstanding().minus(principal);
            allocations.add(new RepaymentAllocation(drawdown.drawdownId(), principal, remaining, drawdown.dueDate(),
                    today.isBefore(drawdown.dueDate()), remaining.zeroAmount()));
            left = left.minus(principal);
        }
        boolean early = allocations.stream().anyMatch(RepaymentAllocation::beforeDue);
        boolean partialEarly = allocations.stream().anyMatch(RepaymentAllocation::partialEarly);
        return List.of(new RepaymentReceived(state.accountId(), amount, allocations, early, partialEarly,
                context.now(), context.actor(), command.requestId()));
    }

    public static List<AccountEvent> freeze(AccountState state, FreezeAccountCommand command, DecisionContext context) {
        requireReason(command.reasonCode(), true, state.accountId());
        PersonalText note = requireNote(command.note(), state, context);
        if (command.batchId() != null && command.reasonCode() != ReasonCode.SYSTEM_MAINTENANCE) {
            throw invalid(state.accountId(), "a maintenance batch freezes for SYSTEM_MAINTENANCE only");
        }
        requireNotClosed(state);
        return List.of(new AccountFrozen(state.accountId(), command.reasonCode(), note, null, command.batchId(),
                context.now(), context.actor(), command.requestId()));
    }

    public static List<AccountEvent> unfreeze(AccountState state, UnfreezeAccountCommand command, DecisionContext context) {
        requireReason(command.reasonCode(), false, state.accountId());
        PersonalText note = requireNote(command.note(), state, context);
        requireNotClosed(state);
        List<Long> freezes = state.restrictionsOfKind(RestrictionKind.FREEZE).stream()
                .filter(r -> command.batchId() == null || command.batchId().equals(r.batchId()))
                .map(Restriction::eventSequence).toList();
        if (freezes.isEmpty()) {
            throw new CommandRefusedException(RefusalCode.NOT_RESTRICTED, state.accountId(),
                    "account " + state.accountId() + " has no freeze in force"
                            + (command.batchId() == null ? "" : " from maintenance batch " + command.batchId()),
                    Map.of("accountStatus", state.status().name()));
        }
        return List.of(new AccountUnfrozen(state.accountId(), command.reasonCode(), note, freezes, command.batchId(),
                context.now(), context.actor(), command.requestId()));
    }

    public static List<AccountEvent> changeCreditLimit(AccountState state, ChangeCreditLimitCommand command,
                                                       DecisionContext context) {
        Money newLimit = requireAmount("creditLimit", state.currency(), command.creditLimit(), state.accountId(),
                context, true);
        if (command.reasonCode() == null) {
            throw invalid(state.accountId(), "reasonCode is required");
        }
        PersonalText note = requireNote(command.note(), state, context);
        requireSameCurrency(state, command.currency());
        requireNotClosed(state);
        Money previous = state.creditLimit();
        boolean lowered = newLimit.compareTo(previous) < 0;
        if (lowered && !command.reasonCode().restricts()) {
            throw invalid(state.accountId(), "lowering the credit limit needs a restricting reason code, not "
                    + command.reasonCode());
        }
        boolean leavesNothing = newLimit.compareTo(state.outstanding()) <= 0;
        boolean imposesLimitCut = lowered && leavesNothing;
        List<Long> lifted = !lowered && !leavesNothing
                ? state.restrictionsOfKind(RestrictionKind.LIMIT_CUT).stream().map(Restriction::eventSequence).toList()
                : List.of();
        return List.of(new CreditLimitChanged(state.accountId(), previous, newLimit, command.reasonCode(), note,
                imposesLimitCut, lifted, context.now(), context.actor(), command.requestId()));
    }

    public static List<AccountEvent> close(AccountState state, CloseAccountCommand command, DecisionContext context) {
        requireReason(command.reasonCode(), true, state.accountId());
        PersonalText note = requireNote(command.note(), state, context);
        requireNotClosed(state);
        if (!state.outstanding().zeroAmount()) {
            throw new CommandRefusedException(RefusalCode.OUTSTANDING_NOT_ZERO, state.accountId(),
                    "account " + state.accountId() + " still has " + state.outstanding().toPlainString() + " outstanding",
                    balances(state));
        }
        return List.of(new AccountClosed(state.accountId(), command.reasonCode(), note, context.now(), context.actor(),
                command.requestId()));
    }

    public static List<AccountEvent> recordCreditScore(AccountState state, RecordCreditScoreCommand command,
                                                       DecisionContext context) {
        requireId("modelVersion", command.modelVersion(), state.accountId());
        if (command.score() == null || command.score() < MIN_SCORE || command.score() > MAX_SCORE) {
            throw invalid(state.accountId(), "score must be between " + MIN_SCORE + " and " + MAX_SCORE);
        }
        List<String> factors = command.factors() == null ? List.of() : command.factors();
        if (factors.size() > MAX_FACTORS || factors.stream().anyMatch(f -> f == null || !FACTOR.matcher(f).matches())) {
            throw invalid(state.accountId(), "factors: at most " + MAX_FACTORS + " codes of 1-64 characters A-Z, a-z, 0-9, '_', '.' or '-'");
        }
        requireNotClosed(state);
        LocalDate dataDate = command.dataDate() != null ? command.dataDate() : LocalDate.ofInstant(context.now(), ZoneOffset.UTC);
        return List.of(new CreditScoreRecorded(state.accountId(), command.modelVersion(), command.score(), factors,
                dataDate, context.now(), context.actor(), command.requestId()));
    }

    public static List<AccountEvent> recordRiskSignal(AccountState state, RecordRiskSignalCommand command,
                                                      DecisionContext context) {
        if (command.signalType() == null || !SIGNAL_TYPE.matcher(command.signalType()).matches()) {
            throw invalid(state.accountId(), "type must be an upper-case code such as LOGIN_ANOMALY");
        }
        if (command.severity() == null || !SEVERITIES.contains(command.severity())) {
            throw invalid(state.accountId(), "severity must be one of " + SEVERITIES);
        }
        requireId("source", command.source(), state.accountId());
        if (command.observedAt() == null || command.observedAt().isAfter(context.now().plus(CLOCK_SKEW))) {
            throw invalid(state.accountId(), "observedAt is required and cannot be in the future");
        }
        requireNotClosed(state);
        return List.of(new RiskSignalRecorded(state.accountId(), command.signalType(), command.severity(),
                command.source(), command.observedAt(), context.now(), context.actor(), command.requestId()));
    }

    /** Records an overdue episode when the drawdown is past its due date with principal left; otherwise nothing. */
    public static List<AccountEvent> markOverdue(AccountState state, MarkOverdueCommand command, DecisionContext context) {
        LocalDate today = LocalDate.ofInstant(context.now(), ZoneOffset.UTC);
        return state.drawdown(command.drawdownId())
                .filter(d -> !d.overdue() && today.isAfter(d.dueDate()) && d.outstanding().positive())
                .<List<AccountEvent>>map(d -> List.of(new DrawdownOverdue(state.accountId(), d.drawdownId(), d.dueDate(),
                        d.outstanding(), context.now(), Actors.LEDGER, null)))
                .orElse(List.of());
    }

    /** Lifts a freeze whose cool-off has ended, if it is still in force; otherwise nothing. */
    public static List<AccountEvent> endCoolOff(AccountState state, EndCoolOffCommand command, DecisionContext context) {
        return state.restriction(command.restrictionSequence())
                .filter(r -> r.kind() == RestrictionKind.FREEZE && r.liftsAt() != null && !r.liftsAt().isAfter(context.now()))
                .<List<AccountEvent>>map(r -> List.of(new AccountUnfrozen(state.accountId(), ReasonCode.COOL_OFF_ELAPSED,
                        PersonalText.clear("the cool-off of " + (r.ruleId() == null ? "the freeze" : "rule " + r.ruleId())
                                + " ended at " + r.liftsAt()), List.of(r.eventSequence()), context.now(), Actors.LEDGER, null)))
                .orElse(List.of());
    }

    public static List<AccountEvent> fileAppeal(AccountState state, FileAppealCommand command, DecisionContext context) {
        if (command.statement() == null || command.statement().isBlank()) {
            throw invalid(state.accountId(), "statement is required: say what you dispute");
        }
        if (command.statement().length() > context.limits().maxNoteLength()) {
            throw invalid(state.accountId(), "statement is longer than " + context.limits().maxNoteLength() + " characters");
        }
        Restriction appealed = (command.restrictionSequence() == null ? state.restrictionInForce()
                : state.restriction(command.restrictionSequence()))
                .orElseThrow(() -> new CommandRefusedException(RefusalCode.NOT_RESTRICTED, state.accountId(),
                        command.restrictionSequence() == null ? "account " + state.accountId() + " has no restriction to appeal"
                                : "restriction " + command.restrictionSequence() + " is not in force on account " + state.accountId(),
                        Map.of("accountStatus", state.status().name())));
        state.openAppeals().stream().filter(a -> a.restrictionSequence() == appealed.eventSequence()).findFirst()
                .ifPresent(open -> {
                    throw new CommandRefusedException(RefusalCode.APPEAL_ALREADY_OPEN, state.accountId(),
                            "appeal " + open.appealId() + " against this restriction is still open",
                            Map.of("appealId", open.appealId(), "dueBy", open.dueBy().toString()));
                });
        return List.of(new AppealFiled(state.accountId(), "ap-" + state.nextSequence(), appealed.eventSequence(),
                PersonalText.of(state.customerId(), command.statement()),
                context.now().plus(context.limits().appealServiceLevel()), context.now(),
                context.actor(), command.requestId()));
    }

    /**
     * Records that the customer's personal data was erased (their keys are already gone). Any account of the
     * customer, in any status: a closed account's notes are personal data too.
     */
    public static List<AccountEvent> eraseCustomerData(AccountState state, EraseCustomerDataCommand command,
                                                       DecisionContext context) {
        if (command.customerId() == null || !command.customerId().equals(state.customerId())) {
            throw invalid(state.accountId(), "account " + state.accountId() + " is not an account of this customer");
        }
        return List.of(new PersonalDataErased(state.accountId(), state.customerId(), context.now(), context.actor(),
                command.requestId()));
    }

    public static List<AccountEvent> decideAppeal(AccountState state, DecideAppealCommand command, DecisionContext context) {
        if (command.decision() == null) {
            throw invalid(state.accountId(), "decision must be UPHOLD or REJECT");
        }
        PersonalText note = requireNote(command.note(), state, context);
        Appeal appeal = state.openAppeals().stream().filter(a -> a.appealId().equals(command.appealId())).findFirst()
                .orElseThrow(() -> new CommandRefusedException(RefusalCode.APPEAL_NOT_FOUND, state.accountId(),
                        "no open appeal " + command.appealId() + " on account " + state.accountId(),
                        Map.of("appealId", String.valueOf(command.appealId()))));
        List<AccountEvent> events = new ArrayList<>();
        events.add(new AppealDecided(state.accountId(), appeal.appealId(), command.decision(), note, context.now(),
                context.actor(), command.requestId()));
        if (command.decision() == AppealDecision.UPHOLD) {
            state.restriction(appeal.restrictionSequence()).ifPresent(r -> events.add(r.kind() == RestrictionKind.FREEZE
                    ? new AccountUnfrozen(state.accountId(), ReasonCode.APPEAL_UPHELD, note, List.of(r.eventSequence()),
                    context.now(), context.actor(), command.requestId())
                    : new CreditLimitChanged(state.accountId(), state.creditLimit(),
                    r.limitBefore() != null ? r.limitBefore() : state.creditLimit(), ReasonCode.APPEAL_UPHELD, note, false,
                    List.of(r.eventSequence()), context.now(), context.actor(), command.requestId())));
        }
        return events;
    }

    private static void requireNotClosed(AccountState state) {
        if (state.status() == AccountStatus.CLOSED) {
            throw new CommandRefusedException(RefusalCode.ACCOUNT_CLOSED, state.accountId(),
                    "account " + state.accountId() + " is closed", Map.of("accountStatus", AccountStatus.CLOSED.name()));
        }
    }

    private static void requireNotFrozen(AccountState state) {
        if (state.status() == AccountStatus.FROZEN) {
            Map<String, String> values = new LinkedHashMap<>();
            values.put("accountStatus", AccountStatus.FROZEN.name());
            state.restrictionsOfKind(RestrictionKind.FREEZE).stream().reduce((first, second) -> second).ifPresent(r -> {
                values.put("reasonCode", r.reasonCode().name());
                values.put("since", r.since().toString());
                values.put("eventSequence", Long.toString(r.eventSequence()));
            });
            throw new CommandRefusedException(RefusalCode.ACCOUNT_FROZEN, state.accountId(),
                    "account " + state.accountId() + " is frozen", values);
        }
    }

    private static void requireSameCurrency(AccountState state, String currency) {
        if (currency != null && !currency.equals(state.currency())) {
            throw new CommandRefusedException(RefusalCode.CURRENCY_MISMATCH, state.accountId(),
                    "account " + state.accountId() + " is in " + state.currency() + ", not " + currency,
                    Map.of("accountCurrency", state.currency(), "requestedCurrency", currency));
        }
    }

    private static Money requireAmount(String field, String currency, BigDecimal value, String accountId,
                                       DecisionContext context, boolean zeroAllowed) {
        if (value == null) {
            throw invalid(accountId, field + " is required");
        }
        if (value.signum() < 0 || (!zeroAllowed && value.signum() == 0)) {
            throw invalid(accountId, field + " must be " + (zeroAllowed ? "zero or more" : "positive")
                    + ", was " + value.toPlainString());
        }
        if (value.compareTo(context.limits().maxAmount()) > 0) {
            throw invalid(accountId, field + " " + value.toPlainString() + " is over the maximum of "
                    + context.limits().maxAmount().toPlainString());
        }
        try {
            return Money.of(currency, value);
        } catch (IllegalArgumentException e) {
            throw invalid(accountId, field + ": " + e.getMessage());
        }
    }

    private static String requireCurrency(String currency, String accountId) {
        try {
            Money.requireSupportedCurrency(currency);
            return currency;
        } catch (IllegalArgumentException e) {
            throw invalid(accountId, e.getMessage());
        }
    }

    private static void requireReason(ReasonCode reasonCode, boolean restricting, String accountId) {
        if (reasonCode == null) {
            throw invalid(accountId, "reasonCode is required");
        }
        if (restricting ? !reasonCode.restricts() : !reasonCode.lifts()) {
            throw invalid(accountId, reasonCode + " is not a reason for " + (restricting ? "restricting" : "lifting")
                    + " an account");
        }
    }

    /** Words a person wrote about the account are personal: sealed under its customer's key when stored. */
    private static PersonalText requireNote(String note, AccountState state, DecisionContext context) {
        return PersonalText.of(state.customerId(), requireNote(note, state.accountId(), context));
    }

    private static String requireNote(String note, String accountId, DecisionContext context) {
        if (note == null || note.isBlank()) {
            throw invalid(accountId, "note is required: say why");
        }
        if (note.length() > context.limits().maxNoteLength()) {
            throw invalid(accountId, "note is longer than " + context.limits().maxNoteLength() + " characters");
        }
        return note;
    }

    private static void requireId(String field, String id, String accountId) {
        if (id == null || !ID.matcher(id).matches()) {
            throw invalid(accountId, field + " must match " + ID.pattern());
        }
    }

    private static Map<String, String> balances(AccountState state) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("creditLimit", state.creditLimit().toPlainString());
        values.put("outstanding", state.outstanding().toPlainString());
        values.put("available", state.available().toPlainString());
        return values;
    }

    private static CommandRefusedException invalid(String accountId, String message) {
        return new CommandRefusedException(RefusalCode.VALIDATION_FAILED, accountId, message);
    }
}
