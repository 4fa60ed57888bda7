package org.loanledger.shared.account;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.loanledger.shared.money.Money;

/**
 * The one place that says what each event means for an account: {@code evolve(state, event) -> state}.
 *
 * <p>It is pure: no clock, no I/O, no checks. Events are facts that were already decided, so the fold applies them
 * as recorded (a repayment's allocations, the restrictions a change lifted) rather than deciding again. The
 * command side's aggregate, the query side's views and every replay use this same fold, so an account means the
 * same thing everywhere.
 */
public final class AccountFold {

    private AccountFold() {
    }

    /** Folds events, in sequence order, into the state they describe. */
    public static AccountState replay(String accountId, Iterable<? extends AccountEvent> events) {
        AccountState state = AccountState.unopened(accountId);
        for (AccountEvent event : events) {
            state = evolve(state, event);
        }
        return state;
    }

    /** The state after {@code event}, which is the next event of the account {@code state} describes. */
    public static AccountState evolve(AccountState state, AccountEvent event) {
        long sequence = state.nextSequence();
        if (event instanceof AccountOpened e) {
            return new AccountState(e.accountId(), e.customerId(), e.currency(), AccountStatus.ACTIVE,
                    e.creditLimit(), Money.zero(e.currency()), List.of(), List.of(), List.of(), sequence,
                    e.occurredAt());
        }
        if (event instanceof FundsBorrowed e) {
            List<Drawdown> drawdowns = new ArrayList<>(state.drawdowns());
            drawdowns.add(new Drawdown(e.drawdownId(), e.amount(), e.amount(), e.termDays(), e.dueDate(),
                    e.occurredAt(), sequence));
            drawdowns.sort(Drawdown.SETTLEMENT_ORDER);
            return with(state, sequence, event, state.status(), state.creditLimit(),
                    state.outstanding().plus(e.amount()), drawdowns, state.restrictions());
        }
        if (event instanceof RepaymentReceived e) {
            return with(state, sequence, event, state.status(), state.creditLimit(),
                    state.outstanding().minus(e.amount()), allocate(state.drawdowns(), e.allocations()),
                    state.restrictions());
        }
        if (event instanceof AccountFrozen e) {
            List<Restriction> restrictions = new ArrayList<>(state.restrictions());
            RiskDecision decision = e.decision();
            restrictions.add(new Restriction(sequence, RestrictionKind.FREEZE, e.reasonCode(), e.occurredAt(), e.actor(),
                    decision == null ? null : decision.ruleId(), decision == null ? null : decision.coolOffUntil(), null,
                    e.batchId()));
            return withRestrictions(state, sequence, event, state.creditLimit(), restrictions);
        }
        if (event instanceof AccountUnfrozen e) {
            return withRestrictions(state, sequence, event, state.creditLimit(),
                    without(state.restrictions(), e.liftedRestrictions()));
        }
        if (event instanceof CreditLimitChanged e) {
            List<Restriction> restrictions = without(state.restrictions(), e.liftedRestrictions());
            if (e.imposesLimitCut()) {
                RiskDecision decision = e.decision();
                restrictions.add(new Restriction(sequence, RestrictionKind.LIMIT_CUT, e.reasonCode(), e.occurredAt(),
                        e.actor(), decision == null ? null : decision.ruleId(), null, e.previousLimit(), null));
            }
            return withRestrictions(state, sequence, event, e.newLimit(), restrictions);
        }
        if (event instanceof AccountClosed) {
            return with(state, sequence, event, AccountStatus.CLOSED, state.creditLimit(), state.outstanding(),
                    state.drawdowns(), List.of());
        }
        if (event instanceof DrawdownOverdue e) {
            List<Drawdown> drawdowns = state.drawdowns().stream()
                    .map(d -> d.drawdownId().equals(e.drawdownId()) ? d.markedOverdue() : d)
                    .toList();
            return with(state, sequence, event, state.status(), state.creditLimit(), state.outstanding(), drawdowns,
                    state.restrictions());
        }
        if (event instanceof AppealFiled e) {
            List<Appeal> appeals = new ArrayList<>(state.openAppeals());
            appeals.add(new Appeal(e.appealId(), e.restrictionSequence(), e.occurredAt(), e.dueBy()));
            return withAppeals(with(state, sequence, event, state.status(), state.creditLimit(), state.outstanding(),
                    state.drawdowns(), state.restrictions()), appeals);
        }
        if (event instanceof AppealDecided e) {
            List<Appeal> appeals = state.openAppeals().stream().filter(a -> !a.appealId().equals(e.appealId())).toList();
            return withAppeals(with(state, sequence, event, state.status(), state.creditLimit(), state.outstanding(),
                    state.drawdowns(), state.restrictions()), appeals);
        }
        if (event instanceof CreditScoreRecorded || event instanceof RiskSignalRecorded
                || event instanceof PersonalDataErased) {
            // Facts the risk policy reads (what they lead to is recorded by the events that follow them), and an
            // erasure, which changes what can be read but nothing the account is.
            return with(state, sequence, event, state.status(), state.creditLimit(), state.outstanding(),
                    state.drawdowns(), state.restrictions());
        }
        throw new IllegalArgumentException("no meaning defined for " + event.getClass().getName());
    }

    private static AccountState withRestrictions(AccountState state, long sequence, AccountEvent event, Money creditLimit,
                                                 List<Restriction> restrictions) {
        AccountStatus status = state.status() == AccountStatus.CLOSED ? AccountStatus.CLOSED
                : restrictions.stream().anyMatch(r -> r.kind() == RestrictionKind.FREEZE) ? AccountStatus.FROZEN
                : AccountStatus.ACTIVE;
        return with(state, sequence, event, status, creditLimit, state.outstanding(), state.drawdowns(), restrictions);
    }

    private static AccountState with(AccountState state, long sequence, AccountEvent event, AccountStatus status,
                                     Money creditLimit, Money outstanding, List<Drawdown> drawdowns,
                                     List<Restriction> restrictions) {
        return new AccountState(state.accountId(), state.customerId(), state.currency(), status, creditLimit,
                outstanding, drawdowns, restrictions, state.openAppeals(), sequence, event.occurredAt());
    }

    private static AccountState withAppeals(AccountState state, List<Appeal> appeals) {
        return new AccountState(state.accountId(), state.customerId(), state.currency(), state.status(),
                state.creditLimit(), state.outstanding(), state.drawdowns(), state.restrictions(), appeals,
                state.version(), state.updatedAt());
    }

    private static List<Drawdown> allocate(List<Drawdown> drawdowns, List<RepaymentAllocation> allocations) {
        Map<String, RepaymentAllocation> byDrawdown = new HashMap<>();
        for (RepaymentAllocation allocation : allocations) {
            byDrawdown.put(allocation.drawdownId(), allocation);
        }
        List<Drawdown> open = new ArrayList<>(drawdowns.size());
        for (Drawdown drawdown : drawdowns) {
            RepaymentAllocation allocation = byDrawdown.get(drawdown.drawdownId());
            Drawdown after = allocation == null ? drawdown : drawdown.repaid(allocation.principal());
            if (after.outstanding().positive()) {
                open.add(after);
            }
        }
        return open;
    }

    private static List<Restriction> without(List<Restriction> restrictions, List<Long> lifted) {
        Set<Long> liftedSequences = new HashSet<>(lifted);
        List<Restriction> remaining = new ArrayList<>(restrictions.size());
        for (Restriction restriction : restrictions) {
            if (!liftedSequences.contains(restriction.eventSequence())) {
                remaining.add(restriction);
            }
        }
        return remaining;
    }
}
