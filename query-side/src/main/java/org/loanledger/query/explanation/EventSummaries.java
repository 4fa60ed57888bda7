package org.loanledger.query.explanation;

import java.util.stream.Collectors;
import org.loanledger.shared.account.AccountClosed;
import org.loanledger.shared.account.AppealDecided;
import org.loanledger.shared.account.AppealDecision;
import org.loanledger.shared.account.AppealFiled;
import org.loanledger.shared.account.CreditScoreRecorded;
import org.loanledger.shared.account.DrawdownOverdue;
import org.loanledger.shared.account.RiskSignalRecorded;
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
            return "frozen for " + e.reasonCode() + (e.decision() == null ? "" : " (rule " + e.decision().ruleId() + ")")
                    + " by " + e.actor();
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
        if (event instanceof CreditScoreRecorded e) {
            return "credit score " + e.score() + " from model " + e.modelVersion();
        }
        if (event instanceof RiskSignalRecorded e) {
            return "risk signal " + e.signalType() + " (" + e.severity() + ") from " + e.source();
        }
        if (event instanceof DrawdownOverdue e) {
            return "drawdown " + e.drawdownId() + " overdue since " + e.dueDate() + " with " + e.outstanding().toPlainString() + " left";
        }
        if (event instanceof AppealFiled e) {
            return "appeal " + e.appealId() + " filed against restriction " + e.restrictionSequence() + ", due by " + e.dueBy();
        }
        if (event instanceof AppealDecided e) {
            return "appeal " + e.appealId() + " " + (e.decision() == AppealDecision.UPHOLD ? "upheld" : "rejected") + " by " + e.actor();
        }
        return event.getClass().getSimpleName();
    }
}
