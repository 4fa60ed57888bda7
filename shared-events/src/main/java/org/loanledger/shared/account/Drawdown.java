package org.loanledger.shared.account;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import org.loanledger.shared.money.Money;

/**
 * One open borrowing.
 *
 * @param principal   what was borrowed
 * @param outstanding what is left to repay of it
 * @param sequence    the sequence of the event that borrowed it; breaks ties between equal due dates
 * @param overdue     it passed its due date with principal left (recorded once, as an event)
 */
public record Drawdown(String drawdownId, Money principal, Money outstanding, int termDays, LocalDate dueDate,
                       Instant borrowedAt, long sequence, boolean overdue) {

    /** Repayments settle drawdowns earliest due date first, ties earliest borrowed first. */
    public static final Comparator<Drawdown> SETTLEMENT_ORDER =
            Comparator.comparing(Drawdown::dueDate).thenComparingLong(Drawdown::sequence);

    /** A drawdown not (yet) overdue. */
    public Drawdown(String drawdownId, Money principal, Money outstanding, int termDays, LocalDate dueDate,
                    Instant borrowedAt, long sequence) {
        this(drawdownId, principal, outstanding, termDays, dueDate, borrowedAt, sequence, false);
    }

    Drawdown repaid(Money principalRepaid) {
        return new Drawdown(drawdownId, principal, outstanding.minus(principalRepaid), termDays, dueDate, borrowedAt,
                sequence, overdue);
    }

    Drawdown markedOverdue() {
        return new Drawdown(drawdownId, principal, outstanding, termDays, dueDate, borrowedAt, sequence, true);
    }
}
