package org.loanledger.query.history;

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
import org.loanledger.shared.account.PersonalDataErased;
import org.loanledger.shared.account.RepaymentReceived;

/** The one-line, plain-English summary history shows for each event, made from the event's own fields only. */
public final class EventSummaries {

    private EventSummaries() {
    }

    public static String of(AccountEvent event) {
        if (event instanceof AccountOpened e) {
            return "opened for customer " + e.customerId() + " with a credit limit of " + e.creditLimit();
        }
        if (event instanceof FundsBorrowed e) {
            return "borrowed " + e.amount() + " for " + e.termDays() + " days, due " + e.dueDate()
                    + " (drawdown " + e.drawdownId() + ")";
        }
        if (event instanceof RepaymentReceived e) {
            String kind = e.partialEarly() ? "partial early repayment" : e.early() ? "early repayment" : "repayment";
            long settled = e.allocations().stream().filter(a -> a.settled()).count();
            return kind + " of " + e.amount() + (settled == 0 ? "" : ", settling " + settled + " drawdown"
                    + (settled == 1 ? "" : "s"));
        }
        if (event instanceof AccountFrozen e) {
            return "frozen for " + e.reasonCode() + (e.decision() == null ? "" : " (rule " + e.decision().ruleId() + ")")
                    + " by " + e.actor();
        }
        if (event instanceof AccountUnfrozen e) {
            int lifted = e.liftedRestrictions().size();
            return "unfrozen for " + e.reasonCode() + " by " + e.actor() + ", lifting " + lifted + " freeze"
                    + (lifted == 1 ? "" : "s");
        }
        if (event instanceof CreditLimitChanged e) {
            return "credit limit changed from " + e.previousLimit().toPlainString() + " to " + e.newLimit()
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
            return "drawdown " + e.drawdownId() + " overdue since " + e.dueDate() + " with " + e.outstanding() + " left";
        }
        if (event instanceof AppealFiled e) {
            return "appeal " + e.appealId() + " filed against restriction " + e.restrictionSequence() + ", due by "
                    + e.dueBy();
        }
        if (event instanceof AppealDecided e) {
            return "appeal " + e.appealId() + (e.decision() == AppealDecision.UPHOLD ? " upheld" : " rejected")
                    + " by " + e.actor();
        }
        if (event instanceof PersonalDataErased e) {
            return "personal data of customer " + e.customerId() + " erased by " + e.actor();
        }
        // An event type newer than this summary list still gets an entry (its fields say the rest) rather than
        // stopping the account's history in the dead-letter queue.
        return event.getClass().getSimpleName() + " by " + event.actor();
    }
}
