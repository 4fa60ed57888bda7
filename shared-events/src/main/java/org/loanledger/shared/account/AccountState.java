package org.loanledger.shared.account;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.loanledger.shared.money.Money;

/**
 * An account as its events made it: the result of {@link AccountFold}. Immutable.
 *
 * @param drawdowns    open drawdowns in settlement order (earliest due first, ties earliest borrowed)
 * @param restrictions restrictions in force, oldest first
 * @param openAppeals  appeals waiting for a decision, oldest first
 * @param version      the sequence of the last event folded in; -1 before the account was opened
 * @param updatedAt    when the last event folded in happened
 */
public record AccountState(String accountId, String customerId, String currency, AccountStatus status,
                           Money creditLimit, Money outstanding, List<Drawdown> drawdowns,
                           List<Restriction> restrictions, List<Appeal> openAppeals, long version,
                           Instant updatedAt) {

    public AccountState {
        drawdowns = List.copyOf(drawdowns);
        restrictions = List.copyOf(restrictions);
        openAppeals = List.copyOf(openAppeals);
    }

    /** An account with no open appeal. */
    public AccountState(String accountId, String customerId, String currency, AccountStatus status, Money creditLimit,
                        Money outstanding, List<Drawdown> drawdowns, List<Restriction> restrictions, long version,
                        Instant updatedAt) {
        this(accountId, customerId, currency, status, creditLimit, outstanding, drawdowns, restrictions, List.of(),
                version, updatedAt);
    }

    /** The state of an account no event has been folded into yet. */
    public static AccountState unopened(String accountId) {
        return new AccountState(accountId, null, null, null, null, null, List.of(), List.of(), -1, null);
    }

    public boolean opened() {
        return status != null;
    }

    /** What can be borrowed now: the limit less what is outstanding, never below zero, and zero unless ACTIVE. */
    public Money available() {
        if (status != AccountStatus.ACTIVE) {
            return Money.zero(currency);
        }
        return creditLimit.minusFloorZero(outstanding);
    }

    /** The sequence the next event of this account will have. */
    public long nextSequence() {
        return version + 1;
    }

    /** The restriction that answers "why can't this account borrow?": the latest one in force, if any. */
    public Optional<Restriction> restrictionInForce() {
        return restrictions.isEmpty() ? Optional.empty() : Optional.of(restrictions.get(restrictions.size() - 1));
    }

    public List<Restriction> restrictionsOfKind(RestrictionKind kind) {
        return restrictions.stream().filter(r -> r.kind() == kind).toList();
    }

    public Optional<Restriction> restriction(long eventSequence) {
        return restrictions.stream().filter(r -> r.eventSequence() == eventSequence).findFirst();
    }

    public Optional<Drawdown> drawdown(String drawdownId) {
        return drawdowns.stream().filter(d -> d.drawdownId().equals(drawdownId)).findFirst();
    }
}
