package org.loanledger.shared.account;

import java.time.LocalDate;
import org.loanledger.shared.money.Money;

/**
 * The share of one repayment that went to one drawdown.
 *
 * @param remaining  the drawdown's principal still outstanding after this repayment
 * @param beforeDue  the repayment arrived before the drawdown's due date
 * @param settled    the drawdown has nothing left to repay
 */
public record RepaymentAllocation(String drawdownId, Money principal, Money remaining, LocalDate dueDate,
                                  boolean beforeDue, boolean settled) {

    /** A repayment before the due date that does not settle the drawdown (the article's case A). */
    public boolean partialEarly() {
        return beforeDue && !settled;
    }
}
