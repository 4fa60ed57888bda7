package org.loanledger.command.account;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.loanledger.shared.account.AccountState;
import org.loanledger.shared.account.AccountStatus;
import org.loanledger.shared.account.AppealFiled;
import org.loanledger.shared.account.FundsBorrowed;
import org.loanledger.shared.account.RepaymentAllocation;
import org.loanledger.shared.account.RepaymentReceived;
import org.loanledger.shared.money.Money;

/**
 * A client request the account has applied, remembered by its idempotency key with just enough to answer a repeat
 * exactly as the first time. It is kept compact (plain decimals, the account's currency implied) because every
 * snapshot of the account carries up to {@link LoanAccount#REMEMBERED_REQUESTS} of them.
 *
 * @param requestHash the SHA-256 of the request's canonical form without its key: a repeat must match it
 * @param version     the account's version once the request's last event was applied
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AppliedRequest(String requestHash, AccountStatus status, BigDecimal creditLimit, BigDecimal outstanding,
                             BigDecimal available, long version, Borrowed borrowed, Repaid repaid,
                             Appealed appealed) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Borrowed(String drawdownId, BigDecimal amount, int termDays, LocalDate dueDate, String channel,
                           Instant occurredAt, String actor) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Repaid(BigDecimal amount, List<Allocation> allocations, boolean early, boolean partialEarly,
                         Instant occurredAt, String actor) {
    }

    /** An appeal's id and due time; its statement is not kept here (it is the customer's own words). */
    public record Appealed(String appealId, long restrictionSequence, Instant dueBy, Instant occurredAt, String actor) {
    }

    public record Allocation(String drawdownId, BigDecimal principal, BigDecimal remaining, LocalDate dueDate,
                             boolean beforeDue, boolean settled) {
    }

    /** What the first event of a request leaves to remember. */
    static AppliedRequest first(String requestHash, AccountState after, Object event) {
        Borrowed borrowed = null;
        Repaid repaid = null;
        Appealed appealed = null;
        if (event instanceof FundsBorrowed e) {
            borrowed = new Borrowed(e.drawdownId(), e.amount().amount(), e.termDays(), e.dueDate(), e.channel(),
                    e.occurredAt(), e.actor());
        } else if (event instanceof RepaymentReceived e) {
            repaid = new Repaid(e.amount().amount(), e.allocations().stream()
                    .map(a -> new Allocation(a.drawdownId(), a.principal().amount(), a.remaining().amount(),
                            a.dueDate(), a.beforeDue(), a.settled()))
                    .toList(), e.early(), e.partialEarly(), e.occurredAt(), e.actor());
        } else if (event instanceof AppealFiled e) {
            appealed = new Appealed(e.appealId(), e.restrictionSequence(), e.dueBy(), e.occurredAt(), e.actor());
        }
        return new AppliedRequest(requestHash, after.status(), after.creditLimit().amount(),
                after.outstanding().amount(), after.available().amount(), after.version(), borrowed, repaid, appealed);
    }

    /** The same request once a follow-up event it caused has been applied too. */
    AppliedRequest followedBy(AccountState after) {
        return new AppliedRequest(requestHash, after.status(), after.creditLimit().amount(),
                after.outstanding().amount(), after.available().amount(), after.version(), borrowed, repaid, appealed);
    }

    /** The answer the first request got, for the account it was applied to. */
    CommandOutcome outcome(AccountState account, String requestId) {
        String currency = account.currency();
        FundsBorrowed borrowedEvent = borrowed == null ? null
                : new FundsBorrowed(account.accountId(), borrowed.drawdownId(), Money.of(currency, borrowed.amount()),
                borrowed.termDays(), borrowed.dueDate(), borrowed.channel(), borrowed.occurredAt(), borrowed.actor(),
                requestId);
        RepaymentReceived repaidEvent = repaid == null ? null
                : new RepaymentReceived(account.accountId(), Money.of(currency, repaid.amount()),
                repaid.allocations().stream()
                        .map(a -> new RepaymentAllocation(a.drawdownId(), Money.of(currency, a.principal()),
                                Money.of(currency, a.remaining()), a.dueDate(), a.beforeDue(), a.settled()))
                        .toList(),
                repaid.early(), repaid.partialEarly(), repaid.occurredAt(), repaid.actor(), requestId);
        AppealFiled appealedEvent = appealed == null ? null
                : new AppealFiled(account.accountId(), appealed.appealId(), appealed.restrictionSequence(), null,
                appealed.dueBy(), appealed.occurredAt(), appealed.actor(), requestId);
        return new CommandOutcome(account.accountId(), account.customerId(), currency, status,
                Money.of(currency, creditLimit), Money.of(currency, outstanding), Money.of(currency, available), version,
                borrowedEvent, repaidEvent, appealedEvent);
    }
}
