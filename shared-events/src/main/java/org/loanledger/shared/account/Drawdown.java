package org.loanledger.shared.account;

import java.time.Instant;
import java.time.LocalDate;
import org.loanledger.shared.money.Money;

/**
 * One open borrowing.
 *
 * @param principal   what was borrowed
 * @param outstanding what is left to repay of it
 * @param sequence    the sequence of the event that borrowed it; breaks ties between equal due dates
 */
public record Drawdown(String drawdownId, Money principal, Money outstanding, int termDays, LocalDate dueDate,
                       Instant borrowedAt, long sequence) {

    /** Repayments settle drawdowns earliest due date first, ties earliest borrowed first. */
    public static final java.util.Comparator<Drawdown> SETTLEMENT_ORDER =
            java.util.Comparator.comparing(Drawdown::dueDate).thenComparingLong(Drawdown::sequence);

    Drawdown repaid(Money principalRepaid) {
        return new Drawdown(drawdownId, principal, outstanding.minus(principalRepaid), termDays, dueDate, borrowedAt, sequence);
    }
}
