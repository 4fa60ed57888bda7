package org.loanledger.query.explanation;

import java.util.stream.Collectors;
import org.loanledger.shared.account.AccountClosed;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.account.AccountFrozen;
import org.loanledger.shared.account.AccountOpened;
import org.loanledger.shared.account.AccountUnfrozen;
import org.loanledger.shared.account.CreditLimitChanged;
import org.loanledger.shared.account.FundsBorrowed;
import org.loanledger.shared.account.RepaymentAllocation;
import org.loanledger.shared.account.RepaymentReceived;

/** One line of plain English per event, for histories and evidence lists; built from the event's own fields. */
public final class EventSummaries {

    private EventSummaries() {
    }

    public static String summary(AccountEvent event) {
        if (event instanceof AccountOpened e) {
            return "opened a " + e.currency() + " credit line of " + e.creditLimit().toPlainString();
        }
        if (event instanceof FundsBorrowed e) {
            return "borrowed " + e.amount().toPlainString() + " for " + e.termDays() + " days, due " + e.dueDate()
                    + " (" + e.drawdownId() + ")";
        }
        if (event instanceof RepaymentReceived e) {
            String settled = e.allocations().stream().filter(RepaymentAllocation::settled)
                    .map(RepaymentAllocation::drawdownId).collect(Collectors.joining(", "));
            return (e.partialEarly() ? "partial early repayment of " : e.early() ? "early repayment of " : "repayment of ")
                    + e.amount().toPlainString() + (settled.isEmpty() ? "" : ", settling " + settled);
        }
        if (event instanceof AccountFrozen e) {
            return "frozen for " + e.reasonCode() + " by " + e.actor();
        }
        if (event instanceof AccountUnfrozen e) {
            return "unfrozen for " + e.reasonCode() + " by " + e.actor();
        }
        if (event instanceof CreditLimitChanged e) {
            return "credit limit changed from " + e.previousLimit().toPlainString() + " to " + e.newLimit().toPlainString()
                    + " for " + e.reasonCode() + (e.imposesLimitCut() ? ", leaving nothing available" : "");
        }
        if (event instanceof AccountClosed e) {
            return "closed for " + e.reasonCode() + " by " + e.actor();
        }
        return event.getClass().getSimpleName();
    }
}
